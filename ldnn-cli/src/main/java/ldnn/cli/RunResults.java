package ldnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ldnn.data.DataSource;
import ldnn.model.ModelFile;
import ldnn.nn.Loss;
import ldnn.nn.Module;
import ldnn.report.RunReport;
import ldnn.train.Ensemble;
import ldnn.train.Evaluation;
import ldnn.train.RecipeChecklist;
import ldnn.train.RunFolder;
import ldnn.train.TrainResult;
import ldnn.train.Trainer;

/**
 * The end of a training run: the test evaluation, the model file, the summary's test results, the
 * report, and what is printed last (the recipe checklist, then the test accuracy).
 */
final class RunResults {
    static final String MODEL_FILE = "model.ldnn";

    private final Path dir;
    private final TrainingRun.Prepared p;
    private final DataSource data;
    private final TrainCommand o;
    private final PrintWriter out;

    RunResults(Path dir, TrainingRun.Prepared p, DataSource data, TrainCommand o, PrintWriter out) {
        this.dir = dir;
        this.p = p;
        this.data = data;
        this.o = o;
        this.out = out;
    }

    int single(Module model, TrainResult r) throws IOException {
        Evaluation plain = Trainer.evaluate(model, p.test(), Loss.CROSS_ENTROPY);
        Evaluation test = p.mirrorAtTest()
                ? Ensemble.of(List.of(model)).withMirrorAveraging(true).averaged(p.test()) : plain;
        Evaluation alone = p.mirrorAtTest() ? plain : null;
        Map<String, Object> training = training(r);
        training.put("test", testMap(test, alone));
        save(List.of(model), training);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("test", testMap(test, alone));
        List<RecipeChecklist.Item> checklist = withTestTime(r.checklist());
        summary.put("checklist", checklist.stream().map(RunResults::itemMap).toList());
        finish(summary);
        out.print(RecipeChecklist.format(checklist, r.warnings()));
        out.println("run folder: " + dir);
        out.println(testLine(test) + mirrorNote(alone));
        out.flush();
        return 0;
    }

    /** The checklist, its augmentation point saying so when test predictions average the mirror image too. */
    private List<RecipeChecklist.Item> withTestTime(List<RecipeChecklist.Item> items) {
        if (!p.mirrorAtTest()) {
            return items;
        }
        return items.stream().map(i -> i.point() != 11 ? i : new RecipeChecklist.Item(11, i.title(), i.status(),
                i.detail() + "; test predictions average each image and its mirror image")).toList();
    }

    /** What the test line adds under mirror averaging: how the image alone did. */
    private static String mirrorNote(Evaluation alone) {
        return alone == null ? "" : String.format(Locale.ROOT, "; each image averaged with its mirror image"
                + " (the image alone: %.2f%%)", 100 * (1 - alone.error()));
    }

    int ensemble(Ensemble trained, double seconds) throws IOException {
        Ensemble e = trained.withMirrorAveraging(p.mirrorAtTest());
        Ensemble.Report val = e.evaluate(p.validation()), test = e.evaluate(p.test());
        List<Object> members = new ArrayList<>();
        List<String> warnings = new ArrayList<>(), events = new ArrayList<>();
        for (int i = 0; i < e.members().size(); i++) {
            TrainResult r = e.results().get(i);
            Map<String, Object> m = training(r);
            m.put("seed", o.recipe.seed + i);
            m.put("validation", evalMap(val.members().get(i)));
            m.put("test", testMap(test.members().get(i)));
            members.add(m);
            r.warnings().forEach(w -> warnings.add("member " + (members.size()) + ", " + w));
            r.events().forEach(w -> events.add("member " + (members.size()) + ", " + w));
            out.printf(Locale.ROOT, "member %2d: validation error %6.2f%%  test error %6.2f%%  (%d epochs; %s)%n", i + 1,
                    100 * val.members().get(i).error(), 100 * test.members().get(i).error(), r.history().size(),
                    r.stopReason());
        }
        out.printf(Locale.ROOT, "ensemble of %d: validation error %.2f%%  test error %.2f%%  (mean member test error %.2f%%,"
                + " best %.2f%%)%s%n", e.members().size(), 100 * val.ensemble().error(), 100 * test.ensemble().error(),
                100 * test.meanMemberError(), 100 * test.bestMemberError(), e.mirrorAveraging()
                        ? "; members and ensemble alike average each image and its mirror image"
                        : "");
        Map<String, Object> ens = new LinkedHashMap<>();
        ens.put("members", members);
        Map<String, Object> ensTest = testMap(test.ensemble());
        ens.put("ensemble", Map.of("validation", evalMap(val.ensemble()), "test", ensTest));
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("data", dataInfo());
        training.put("stop_reason", "ensemble of " + members.size() + " members");
        training.put("seconds", seconds);
        training.put("best_validation", evalMap(val.ensemble()));
        training.put("test", ensTest);
        training.put("ensemble", ens);
        save(e.members(), training);
        List<RecipeChecklist.Item> checklist = new ArrayList<>(withTestTime(e.results().get(0).checklist()));
        checklist.replaceAll(i -> i.point() != 13 ? i : new RecipeChecklist.Item(13, "ensemble",
                RecipeChecklist.Status.APPLIED, members.size() + " nets (seeds " + o.recipe.seed + ".."
                + (o.recipe.seed + members.size() - 1) + "), probabilities averaged"));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("stop_reason", training.get("stop_reason"));
        summary.put("steps", e.results().stream().mapToLong(TrainResult::steps).sum());
        summary.put("seconds", seconds);
        summary.put("best_validation", evalMap(val.ensemble()));
        summary.put("checklist", checklist.stream().map(RunResults::itemMap).toList());
        summary.put("warnings", warnings);
        summary.put("events", events);
        summary.put("test", ensTest);
        summary.put("ensemble", ens);
        finish(summary);
        out.print(RecipeChecklist.format(checklist, warnings));
        out.println("run folder: " + dir);
        out.println(testLine(test.ensemble()));
        out.flush();
        return 0;
    }

    private void save(List<? extends Module> members, Map<String, Object> training) throws IOException {
        ModelFile.save(dir.resolve(MODEL_FILE), members, p.preprocessor(),
                new ModelFile.Info(p.spec(), p.exampleShape(), p.vocab(), p.classNames(), Loss.CROSS_ENTROPY.id(), training,
                        p.testTime()));
    }

    /** Merges the test results into summary.json, then writes the report. */
    private void finish(Map<String, Object> summary) {
        summary.put("model_file", MODEL_FILE);
        summary.put("data", dataInfo());
        RunFolder.updateSummary(dir, summary);
        try {
            RunReport.write(dir);
        } catch (IOException | RuntimeException e) {
            out.println("warning: the report was not written: " + Main.message(e));
        }
    }

    private Map<String, Object> dataInfo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", data.name());
        m.put("test", data.testNote());
        m.put("test_fraction", o.testFraction);
        m.put("seed", o.recipe.seed);
        m.put("model_option", o.model == null ? Presets.defaultFor(data.kind()) : o.model);
        if (p.text()) {
            m.put("seq_len", p.exampleShape()[0]);
        }
        return m;
    }

    private Map<String, Object> training(TrainResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", dataInfo());
        m.put("epochs", r.last() == null ? 0 : r.last().epoch() + 1);
        m.put("steps", r.steps());
        m.put("seconds", r.seconds());
        m.put("stop_reason", r.stopReason());
        m.put("best_epoch", r.bestEpoch());
        m.put("best_validation", r.bestValidation() == null ? null : evalMap(r.bestValidation()));
        return m;
    }

    static Map<String, Object> evalMap(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", e.loss());
        m.put("error", e.error());
        m.put("examples", e.examples());
        return m;
    }

    private Map<String, Object> testMap(Evaluation e) {
        return testMap(e, null);
    }

    /** The test results, how they were predicted, and the single-view result ("image_alone") when given. */
    private Map<String, Object> testMap(Evaluation e, Evaluation alone) {
        Map<String, Object> m = evalMap(e);
        if (p.mirrorAtTest()) {
            m.put("test_time", p.testTime());
        }
        if (alone != null) {
            Map<String, Object> a = evalMap(alone);
            a.put("accuracy", 1 - alone.error());
            m.put("image_alone", a);
        }
        m.put("accuracy", 1 - e.error());
        if (p.text()) {
            m.put("characters", p.testUnits());
            m.put("bits_per_character", e.loss() / Math.log(2));
        }
        return m;
    }

    private String testLine(Evaluation e) {
        return testLine(e, p.text(), p.testUnits());
    }

    /** "test accuracy: 93.12% (error 6.88%) on 10000 examples", or bits per character for text. */
    static String testLine(Evaluation e, boolean text, long units) {
        if (text) {
            return String.format(Locale.ROOT, "test: %.3f bits per character (loss %.4f; next-character accuracy %.2f%%)"
                    + " on %d characters", e.loss() / Math.log(2), e.loss(), 100 * (1 - e.error()), units);
        }
        return String.format(Locale.ROOT, "test accuracy: %.2f%% (error %.2f%%) on %d examples", 100 * (1 - e.error()),
                100 * e.error(), units);
    }

    private static Map<String, Object> itemMap(RecipeChecklist.Item i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("point", i.point());
        m.put("title", i.title());
        m.put("status", i.status().name().toLowerCase(Locale.ROOT));
        m.put("detail", i.detail());
        return m;
    }
}
