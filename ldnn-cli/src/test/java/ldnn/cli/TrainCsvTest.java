package ldnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ldnn.io.Json;
import ldnn.model.ModelFile;
import ldnn.train.RunFiles;
import ldnn.train.RunFolder;
import ldnn.train.TrainConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A small end-to-end run on a generated CSV, then everything one does with its model and run folder. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainCsvTest {
    static final String SPEC = "dense(16) dense(3)";

    Path tmp, csv, run;
    Cli.Result trained;

    @BeforeAll
    void train(@TempDir Path dir) throws Exception {
        tmp = dir;
        csv = TestData.csv(tmp, 300);
        run = tmp.resolve("run");
        trained = Cli.run("train", csv.toString(), "--model", SPEC, "--epochs", "3", "--time", "20s", "--run", run.toString());
    }

    @Test
    void trainWritesEveryRunFileAndPrintsTheTestAccuracyLast() throws Exception {
        assertEquals(0, trained.code(), trained.toString());
        for (String f : List.of("config.json", "metrics.jsonl", "checkpoint.safetensors", "summary.json", "model.ldnn",
                "report.html")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f + " is written");
        }
        String[] lines = trained.out().strip().split("\n");
        assertTrue(lines[lines.length - 1].matches("test accuracy: \\d+\\.\\d\\d% \\(error \\d+\\.\\d\\d%\\) on 30 examples"),
                lines[lines.length - 1]);
        assertTrue(trained.out().contains("10% of blobs.csv held out (30 examples, seed 1)"), "the test split is named");
        assertTrue(trained.out().contains("Recipe checklist"), trained.out());
        assertEquals(3, RunFiles.readMetrics(run).evals().size(), "three epochs logged");
        Map<String, Object> summary = Json.readObject(run.resolve("summary.json"));
        assertTrue(summary.get("test") instanceof Map<?, ?> t && ((Number) t.get("examples")).intValue() == 30, summary.toString());
        RunFiles.Config config = RunFiles.readConfig(run);
        assertEquals(List.of(csv.toString(), "--model", SPEC, "--epochs", "3", "--time", "20s", "--run", run.toString()),
                config.launch().arguments());
        assertTrue(config.overrides().stream().anyMatch(c -> c.setting() == TrainConfig.Setting.MAX_EPOCHS
                && c.by().equals("command line")), "set by the command line: " + config);
        Cli.Result again = Cli.run("train", csv.toString(), "--run", run.toString());
        assertTrue(again.code() != 0 && again.err().contains("ldnn resume"), "a run folder is not overwritten: " + again);
        ModelFile.Loaded m = ModelFile.load(run.resolve("model.ldnn"));
        assertEquals(List.of(TestData.CLASSES).stream().sorted().toList(), m.info().classNames());
        assertTrue(m.preprocessor() != null, "preprocessing is saved");
    }

    @Test
    void evalReportsAccuracyOnAFileAndOnTheHeldOutPart() {
        Cli.Result all = Cli.run("eval", run.resolve("model.ldnn").toString(), csv.toString());
        assertEquals(0, all.code(), all.toString());
        assertTrue(all.out().contains("on 300 examples"), all.out());
        Cli.Result held = Cli.run("eval", run.resolve("model.ldnn").toString(), csv.toString(), "--held-out");
        String testLine = trained.out().strip().substring(trained.out().strip().lastIndexOf('\n') + 1);
        String acc = testLine.substring("test accuracy: ".length(), testLine.indexOf('%') + 1);
        assertTrue(held.out().contains("accuracy " + acc + " ") && held.out().contains("on 30 examples"),
                "the held-out part is the training run's test set (" + acc + "):\n" + held.out());
    }

    @Test
    void predictWritesOneRowPerInputWithProbabilities() throws Exception {
        Path out = tmp.resolve("pred.csv");
        Cli.Result r = Cli.run("predict", run.resolve("model.ldnn").toString(), csv.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        List<String> lines = Files.readAllLines(out);
        assertEquals("id,predicted,p(blue),p(green),p(red)", lines.get(0));
        assertEquals(301, lines.size());
        String[] row = lines.get(1).split(",");
        double sum = Double.parseDouble(row[2]) + Double.parseDouble(row[3]) + Double.parseDouble(row[4]);
        assertEquals(1.0, sum, 1e-4);
        assertTrue(List.of(TestData.CLASSES).contains(row[1]));
        // to standard output, from features without a label column
        Path features = tmp.resolve("features.csv");
        Files.writeString(features, "0.1,0.2,0.3,0.4\n3,3,0,0\n");
        Cli.Result s = Cli.run("predict", run.resolve("model.ldnn").toString(), features.toString());
        assertEquals(0, s.code(), s.toString());
        assertTrue(s.out().lines().count() == 3 && s.out().contains("\n1,green,"), s.out());
    }

    /** ldnn export: the ONNX graph, run in ONNX Runtime on the CSV's features, gives predict's probabilities. */
    @Test
    void exportWritesAnOnnxGraphThatPredictsAsLdnnPredictDoes() throws Exception {
        Path onnx = tmp.resolve("m.onnx"), out = tmp.resolve("p.csv");
        Cli.Result r = Cli.run("export", run.resolve("model.ldnn").toString(), "--onnx", onnx.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("ONNX opset 17, input 'input' [N, 4], output 'probabilities' [N, 3]"), r.out());
        assertEquals(0, Cli.run("predict", run.resolve("model.ldnn").toString(), csv.toString(), "--out", out.toString()).code());
        List<String> rows = Files.readAllLines(out), data = Files.readAllLines(csv);
        int n = rows.size() - 1;
        float[] x = new float[n * 4];
        for (int i = 0; i < n; i++) {
            String[] cells = data.get(i + 1).split(",");
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = Float.parseFloat(cells[j]);
            }
        }
        var env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        try (var session = env.createSession(onnx.toString(), new ai.onnxruntime.OrtSession.SessionOptions());
             var in = ai.onnxruntime.OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(x), new long[] {n, 4});
             var result = session.run(Map.of("input", in))) {
            float[] p = ((ai.onnxruntime.OnnxTensor) result.get("probabilities").orElseThrow()).getFloatBuffer().array();
            for (int i = 0; i < n; i++) {
                String[] cells = rows.get(i + 1).split(",");
                for (int c = 0; c < 3; c++) {
                    assertEquals(Double.parseDouble(cells[2 + c]), p[i * 3 + c], 1e-5, "row " + i + " class " + c);
                }
            }
        }
        Cli.Result missing = Cli.run("export", run.resolve("model.ldnn").toString(), "--onnx", tmp.resolve("no/such/m.onnx")
                .toString());
        assertTrue(missing.code() != 0 && missing.err().contains("does not exist"), missing.toString());
    }

    @Test
    void infoShowsArchitectureParametersAndTraining() {
        Cli.Result r = Cli.run("info", run.resolve("model.ldnn").toString());
        assertEquals(0, r.code(), r.toString());
        for (String s : List.of("dense(16)", "80", "total 131 parameters", "[4]", "3: [blue, green, red]",
                "standardize", "3 epochs", "reached the maximum of 3 epochs", "test:")) {
            assertTrue(r.out().contains(s), s + " in\n" + r.out());
        }
    }

    @Test
    void resumeContinuesTheRunWithMoreEpochsAndRewritesTheModel() throws Exception {
        Path copy = tmp.resolve("resumed");
        Files.createDirectories(copy);
        for (String f : List.of("config.json", "metrics.jsonl", "checkpoint.safetensors", "summary.json")) {
            Files.copy(run.resolve(f), copy.resolve(f));
        }
        Cli.Result r = Cli.run("resume", copy.toString(), "--epochs", "5");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("after epoch 3"), r.out());
        assertTrue(Files.isRegularFile(copy.resolve("model.ldnn")) && Files.isRegularFile(copy.resolve("report.html")));
        assertEquals(5, RunFiles.readMetrics(copy).evals().size(), "epochs 4 and 5 were added to the log");
        assertTrue(r.out().strip().substring(r.out().strip().lastIndexOf('\n') + 1).startsWith("test accuracy: "));
        assertFalse(r.out().contains("epoch   1 "), "it did not start over:\n" + r.out());
    }

    /** An LR far too high: the divergence guard rolls back and lowers it; the model file is finite, not NaN. */
    @Test
    void aRunWithAFarTooHighLrEndsWithFiniteWeightsAndALowerLr() throws Exception {
        Path r = tmp.resolve("too-high");
        Cli.Result res = Cli.run("train", csv.toString(), "--model", "dense(64) dense(64) dense(3)", "--lr", "1e4",
                "--epochs", "4", "--run", r.toString(), "-q");
        assertEquals(0, res.code(), res.toString());
        List<ldnn.train.EpochRecord> evals = RunFiles.readMetrics(r).evals();
        double lastLr = evals.get(evals.size() - 1).lr();
        assertTrue(lastLr <= 1e4 / 2, "the LR came down from 1e4: " + lastLr);
        String events = Files.readString(r.resolve("metrics.jsonl"));
        assertTrue(events.contains("\"monitor\":\"divergence-guard\""), "the guard stepped in:\n" + events);
        ModelFile.Loaded m = ModelFile.load(r.resolve("model.ldnn"));
        m.members().get(0).parameters().forEach((name, t) -> {
            for (float v : t.toArray()) {
                assertTrue(Float.isFinite(v), "finite weights in the model file: " + name + " holds " + v);
            }
        });
        assertTrue(res.out().contains("test accuracy: "), res.out());
    }

    /** --test FILE: the whole CSV trains and the file is the test set, its labels matched to the classes by name. */
    @Test
    void aGivenTestFileIsTheTestSetWithItsLabelsMatchedByName() throws Exception {
        Path test = tmp.resolve("test.csv");
        List<String> rows = Files.readAllLines(csv);
        // the header, then only 'green' and 'blue' rows: a subset of the classes, first seen in another order
        StringBuilder b = new StringBuilder(rows.get(0)).append('\n');
        rows.stream().skip(1).filter(r -> !r.endsWith(",red")).sorted(java.util.Comparator.reverseOrder()).limit(25)
                .forEach(r -> b.append(r).append('\n'));
        Files.writeString(test, b.toString());
        Path r = tmp.resolve("with-test");
        Cli.Result res = Cli.run("train", csv.toString(), "--test", test.toString(), "--model", SPEC, "--epochs", "3",
                "--run", r.toString(), "-q");
        assertEquals(0, res.code(), res.toString());
        assertTrue(res.out().contains("test: the test file test.csv (25 examples)"), res.out());
        assertTrue(lastLine(res).matches("test accuracy: \\d+\\.\\d\\d% \\(error \\d+\\.\\d\\d%\\) on 25 examples"), res.out());
        Cli.Result eval = Cli.run("eval", r.resolve("model.ldnn").toString(), test.toString());
        assertTrue(eval.out().contains(lastLine(res).replaceFirst("test accuracy: [^(]*\\(error ", "").replaceFirst("%.*", "")),
                "eval on the file agrees with the run's test line:\n" + eval + "\n" + lastLine(res));
    }

    /** A table so small that an epoch is one step: the schedule is judged every 50 epochs, not every step. */
    @Test
    void onSmallDataTheScheduleIsJudgedEveryFiftySteps() throws Exception {
        Path small = TestData.csv(Files.createDirectories(tmp.resolve("small")), 90); // 73 training rows: one step
        Path r = tmp.resolve("small-run");
        Cli.Result res = Cli.run("train", small.toString(), "--model", SPEC, "--time", "20s", "--run", r.toString());
        assertEquals(0, res.code(), res.toString());
        assertTrue(res.out().contains("small data: 73 training examples make 1 step per epoch, so the LR schedule is"
                + " judged every 50 epochs (50 steps), for at most 5000 epochs"), res.out());
        for (ldnn.train.EpochRecord e : RunFiles.readMetrics(r).evals()) {
            assertTrue((e.epoch() + 1) % 50 == 0 || e.epoch() + 1 == 5000 || e == RunFiles.readMetrics(r).evals().getLast(),
                    "evaluated after epoch " + (e.epoch() + 1));
        }
    }

    private static String lastLine(Cli.Result r) {
        String s = r.out().strip();
        return s.substring(s.lastIndexOf('\n') + 1);
    }
}
