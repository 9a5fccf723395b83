package ldnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ldnn.data.DataSource;
import ldnn.io.Json;
import ldnn.model.ModelFile;
import ldnn.nn.Loss;
import ldnn.nn.Module;
import ldnn.report.RunReport;
import ldnn.train.Ensemble;
import ldnn.train.Evaluation;
import ldnn.train.Evaluator;
import ldnn.train.Note;
import ldnn.train.RecipeChecklist;
import ldnn.train.RunFiles;
import ldnn.train.TrainResult;

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
        Ensemble view = Ensemble.of(List.of(model)).withMirrorAveraging(p.mirrorAtTest());
        Evaluation plain = Evaluator.of(model, p.test(), Loss.CROSS_ENTROPY);
        Evaluation test = p.mirrorAtTest() ? view.averaged(p.test()) : plain;
        RunFiles.TestResult t = testResult(test, p.mirrorAtTest() ? plain : null);
        save(List.of(model), RunFiles.Training.of(r, dataInfo()).with(null, null, t, null));
        RecipeChecklist checklist = view.checklist(r.checklist());
        RunFiles.Summary trained = RunFiles.readSummary(dir);
        finish(trained.withResults(checklist, t, null, MODEL_FILE, dataInfo()));
        out.print(checklist.format(r.warnings()));
        mirrorCheck(view);
        out.println("run folder: " + dir);
        out.println(testLine(test) + mirrorNote(p.mirrorAtTest() ? plain : null));
        out.flush();
        return 0;
    }

    /**
     * Images trained without mirror averaging (no flips): would flips be safe? The net's validation error on
     * the images and on their mirror images says (ldnn does not assume flips for images it does not know).
     */
    private void mirrorCheck(Ensemble trained) {
        if (data.kind() == DataSource.Kind.IMAGES && !p.mirrorAtTest() && p.classNames().size() >= 2) {
            out.println(ldnn.train.MirrorCheck.of(trained, p.validation(), p.classNames().size()).describe());
        }
    }

    /** What the test line adds under mirror averaging: how the image alone did. */
    private static String mirrorNote(Evaluation alone) {
        return alone == null ? "" : String.format(Locale.ROOT, "; each image averaged with its mirror image"
                + " (the image alone: %.2f%%)", 100 * (1 - alone.error()));
    }

    int ensemble(Ensemble trained, double seconds) throws IOException {
        Ensemble e = trained.withMirrorAveraging(p.mirrorAtTest());
        Ensemble.Report val = e.evaluate(p.validation()), test = e.evaluate(p.test());
        List<RunFiles.Training> members = new ArrayList<>();
        List<Note> warnings = new ArrayList<>(), events = new ArrayList<>();
        for (int i = 0; i < e.members().size(); i++) {
            TrainResult r = e.results().get(i);
            members.add(RunFiles.Training.of(r, dataInfo()).with(e.seeds().get(i), val.members().get(i),
                    testResult(test.members().get(i), null), null));
            String who = "member " + (i + 1);
            r.warnings().forEach(w -> warnings.add(new Note(w.step(), w.epoch(), w.monitor(), who + ": " + w.message())));
            r.events().forEach(w -> events.add(new Note(w.step(), w.epoch(), w.monitor(), who + ": " + w.message())));
            out.printf(Locale.ROOT, "member %2d: validation error %6.2f%%  test error %6.2f%%  (%d epochs; %s)%n", i + 1,
                    100 * val.members().get(i).error(), 100 * test.members().get(i).error(), r.history().size(),
                    r.stopReason());
        }
        out.printf(Locale.ROOT, "ensemble of %d: validation error %.2f%%  test error %.2f%%  (mean member test error %.2f%%,"
                + " best %.2f%%)%s%n", e.members().size(), 100 * val.ensemble().error(), 100 * test.ensemble().error(),
                100 * test.meanMemberError(), 100 * test.bestMemberError(), e.mirrorAveraging()
                        ? "; members and ensemble alike average each image and its mirror image"
                        : "");
        RunFiles.TestResult ensTest = testResult(test.ensemble(), null);
        RunFiles.EnsembleResult ens = new RunFiles.EnsembleResult(members,
                new RunFiles.EnsembleResult.Combined(val.ensemble(), ensTest));
        String stop = "ensemble of " + members.size() + " members";
        long steps = e.results().stream().mapToLong(TrainResult::steps).sum();
        save(e.members(), new RunFiles.Training(dataInfo(), 0, steps, seconds, stop, -1, val.ensemble(), null, null,
                ensTest, ens));
        RecipeChecklist checklist = e.checklist(e.results().get(0).checklist());
        finish(new RunFiles.Summary(RunFiles.FORMAT, Instant.now().toString(), stop, steps, seconds, -1, val.ensemble(),
                checklist.items(),
                warnings, events, ensTest, ens, MODEL_FILE, dataInfo(),
                e.results().stream().mapToDouble(TrainResult::firstStepSeconds).filter(v -> !Double.isNaN(v)).min()
                        .stream().boxed().findFirst().orElse(null)));
        out.print(checklist.format(warnings));
        mirrorCheck(e);
        out.println("run folder: " + dir);
        out.println(testLine(test.ensemble()));
        out.flush();
        return 0;
    }

    @SuppressWarnings("unchecked")
    private void save(List<? extends Module> members, RunFiles.Training training) throws IOException {
        ModelFile.save(dir.resolve(MODEL_FILE), members, p.preprocessor(),
                new ModelFile.Info(p.spec(), p.exampleShape(), p.vocab(), p.classNames(), Loss.CROSS_ENTROPY.id(),
                        Json.convert(training, Map.class), p.testTime()));
    }

    /** Writes the summary with the test results, then the report. */
    private void finish(RunFiles.Summary summary) throws IOException {
        RunFiles.writeSummary(dir, summary);
        try {
            RunReport.write(dir);
        } catch (IOException | RuntimeException e) {
            if (System.getenv("LDNN_DEBUG") != null) {
                e.printStackTrace();
            }
            out.println("warning: the report was not written: " + Main.message(e));
        }
    }

    private RunFiles.DataInfo dataInfo() {
        return new RunFiles.DataInfo(data.name(), data.testNote(), o.testFraction, o.recipe.seed,
                o.model == null ? Presets.defaultFor(data.kind()) : o.model, p.text() ? p.exampleShape()[0] : null);
    }

    /** The test results, how they were predicted, and the single-view result ("image_alone") when given. */
    private RunFiles.TestResult testResult(Evaluation e, Evaluation alone) {
        return new RunFiles.TestResult(e.loss(), e.error(), e.examples(), 1 - e.error(),
                p.mirrorAtTest() ? p.testTime() : null, alone == null ? null : RunFiles.TestResult.of(alone),
                p.text() ? p.testUnits() : null, p.text() ? e.loss() / Math.log(2) : null, p.unigramBits());
    }

    private String testLine(Evaluation e) {
        return testLine(e, p.text(), p.testUnits(), p.unigramBits() == null ? null
                : String.format(Locale.ROOT, "a unigram model of the training text: %.3f", p.unigramBits()));
    }

    /**
     * "test accuracy: 93.12% (error 6.88%) on 10000 examples", or bits per character for text, with the
     * baseline (a unigram model's bits per character, described) when given.
     */
    static String testLine(Evaluation e, boolean text, long units, String baseline) {
        if (text) {
            return String.format(Locale.ROOT, "test: %.3f bits per character (loss %.4f nats; next-character accuracy"
                    + " %.2f%%) on %d characters%s", e.loss() / Math.log(2), e.loss(), 100 * (1 - e.error()), units,
                    baseline == null ? "" : "; " + baseline);
        }
        return String.format(Locale.ROOT, "test accuracy: %.2f%% (error %.2f%%) on %d examples", 100 * (1 - e.error()),
                100 * e.error(), units);
    }
}
