package ldnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ldnn.data.Dataset;
import ldnn.nn.Activation;
import ldnn.nn.BatchNorm;
import ldnn.nn.Dropout;
import ldnn.nn.Init;
import ldnn.nn.Linear;
import ldnn.nn.Module;
import ldnn.nn.Sequential;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's recipe checks, each triggered by a scenario built to trigger it. */
class TrainerTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    private static TrainingData data(Dataset all, TrainConfig cfg) {
        TrainingData.Split s = TrainingData.holdOut(all, cfg);
        return TrainingData.of(s.train(), s.validation(), s.note(), cfg, null, null);
    }

    private static String text(List<Note> notes) {
        return String.join("\n", notes.stream().map(Note::toString).toList());
    }

    private static Sequential mlp(int in, int hidden, int out) {
        return new Sequential(new Linear(in, hidden), Activation.relu(), new Dropout(0.2), new Linear(hidden, out));
    }

    /** With batch normalization: running statistics are state a resumed run must get back too. */
    private static Sequential normedMlp(int in, int hidden, int out) {
        return new Sequential(new Linear(in, hidden), new BatchNorm(hidden), Activation.relu(), new Dropout(0.2),
                new Linear(hidden, out));
    }

    @Test
    void theDefaultsTrainAClassifierAndReturnTheBestModel() {
        TrainConfig cfg = new TrainConfig().maxEpochs(8).progress(false);
        Dataset all = Blobs.classification(3000, 10, 5, 1.0, 1);
        Sequential m = mlp(10, 32, 5);
        TrainResult r = new Trainer(m, cfg, QUIET).fit(data(all, cfg));
        assertTrue(r.bestValidation().error() < 0.15, "validation error " + r.bestValidation());
        assertEquals(8, r.history().size());
        // the model left behind is the best one: re-evaluating it gives the best score
        TrainingData d = data(all, cfg);
        Evaluation again = Evaluator.of(m, d.validation(), ldnn.nn.Loss.CROSS_ENTROPY);
        assertEquals(r.bestValidation().error(), again.error(), 1e-12);
        assertEquals(13, r.checklist().items().size());
        RecipeChecklist.Item batches = r.checklist().get(RecipePoint.MINIBATCHES);
        assertEquals(RecipeChecklist.Status.APPLIED, batches.status());
        assertTrue(batches.detail().contains("batches of 128") && batches.changes().isEmpty(), batches.toString());
    }

    @Test
    void aTooHighLrTriggersTheRatioWarning() {
        TrainConfig cfg = new TrainConfig().lr(3).maxEpochs(8).progress(false);
        Dataset all = Blobs.classification(3000, 10, 5, 1.0, 1);
        TrainResult r = new Trainer(mlp(10, 32, 5), cfg, QUIET).fit(data(all, cfg));
        String w = text(r.warnings());
        assertTrue(w.contains("update/weight ratio") && w.contains("above 1e-02 for 5") && w.contains("unstable"), w);
        assertTrue(w.contains("an LR of") && w.contains("instead of 3.00 would bring it near 1e-03"), w);
        assertTrue(r.warnings().stream().allMatch(n -> n.monitor().equals("update-ratio")), w);
        RecipeChecklist.Item lr = r.checklist().get(RecipePoint.LR_SCHEDULE);
        assertEquals(RecipeChecklist.Status.OVERRIDDEN, lr.status(), lr.toString());
        assertEquals(List.of(new RecipeChecklist.Change(TrainConfig.Setting.LEARNING_RATE, "code", "3.0")), lr.changes());
    }

    @Test
    void aFarTooHighLrTriggersTheDivergenceGuardThenStopsWithAnExplanation() {
        TrainConfig cfg = new TrainConfig().lr(200).maxEpochs(6).progress(false);
        Dataset all = Blobs.regression(2000, 8, 3, 2);
        Sequential m = new Sequential(new Linear(8, 32), Activation.relu(), new Linear(32, 3));
        TrainResult r = new Trainer(m, cfg, QUIET).fit(data(all, cfg));
        String w = text(r.warnings());
        assertTrue(w.contains("rolled back to the last good weights and halved the LR to 100"), w);
        assertTrue(r.stopReason().contains("training diverged 6 times") && r.stopReason().contains("smaller --lr"),
                r.stopReason());
    }

    private static Sequential deepNet() {
        List<Module> layers = new ArrayList<>();
        int w = 32;
        layers.add(new Linear(16, w));
        layers.add(Activation.relu());
        for (int i = 0; i < 18; i++) {
            layers.add(new Linear(w, w));
            layers.add(Activation.relu());
        }
        layers.add(new Linear(w, 4));
        return new Sequential(layers);
    }

    /**
     * With 0.02·randn the signal of a 20-layer ReLU net vanishes: the loss stays at the level of a
     * constant prediction, so the trainer re-initializes with the scaled scheme, and then it learns.
     */
    @Test
    void aDeepNetWithSmallInitIsReinitializedAndThenLearns() {
        TrainConfig cfg = new TrainConfig().init(Init.normal(0.02)).offGround(100, 3).maxEpochs(20).progress(false);
        Dataset all = Blobs.classification(2000, 16, 4, 1.0, 3);
        TrainResult r = new Trainer(deepNet(), cfg, QUIET).fit(data(all, cfg));
        String warn = text(r.warnings());
        assertTrue(warn.contains("did not get off the ground with init normal(0.02); re-initialized with scaled(1)"), warn);
        assertTrue(r.bestValidation().error() < 0.15, "after the retry the net learns: " + r.bestValidation() + "\n" + warn);
        RecipeChecklist.Item init = r.checklist().get(RecipePoint.INITIALIZATION);
        assertTrue(init.detail().startsWith("scaled(1)") && init.detail().contains("after 1 re-initialization from normal(0.02)"),
                init.toString());
        assertEquals(RecipeChecklist.Status.OVERRIDDEN, init.status(), "the init was set by code: " + init);
    }

    @Test
    void lrCalibrationAimsTheUpdateRatioAtTheTarget() {
        Dataset all = Blobs.classification(2000, 10, 5, 1.0, 6);
        double[] calibrated = new double[2];
        double[] from = {1e-5, 1.0};
        for (int i = 0; i < 2; i++) {
            TrainConfig cfg = new TrainConfig().lr(from[i]).calibrateLr(true).maxEpochs(1).progress(false);
            TrainResult r = new Trainer(mlp(10, 32, 5), cfg, QUIET).fit(data(all, cfg));
            String ev = text(r.events());
            assertTrue(ev.contains("trial of 20 steps at LR"), ev);
            calibrated[i] = r.history().get(0).lr();
            double median = r.history().get(0).updateRatios().values().stream().mapToDouble(d -> d).sorted()
                    .toArray()[r.history().get(0).updateRatios().size() / 2];
            assertTrue(median > 2e-4 && median < 5e-3, "ratio after calibration from LR " + from[i] + ": " + median);
        }
        assertTrue(calibrated[1] / calibrated[0] < 3 && calibrated[0] / calibrated[1] < 3,
                "LRs 1e-5 and 1 calibrate to about the same LR: " + java.util.Arrays.toString(calibrated));
    }

    @Test
    void aStalledValidationCurveHalvesTheLrUntilItIsTinyThenStops() {
        TrainConfig cfg = new TrainConfig().lr(1e-7).patience(1).maxEpochs(100).progress(false);
        Dataset all = Blobs.classification(600, 4, 3, 1.0, 4);
        TrainResult r = new Trainer(mlp(4, 8, 3), cfg, QUIET).fit(data(all, cfg));
        long halvings = r.events().stream().filter(e -> e.monitor().equals("lr-schedule")).count();
        assertEquals(10, halvings, text(r.events())); // 2^10 > 1000
        assertTrue(r.stopReason().contains("the LR fell to"), r.stopReason());
        assertEquals(11, r.history().size(), "one evaluation per epoch until the stop");
    }

    @Test
    void aRunStoppedByItsTimeBudgetResumesMidEpoch(@TempDir Path tmp) throws Exception {
        Dataset all = Blobs.classification(1500, 10, 5, 1.0, 5);
        TrainConfig first = new TrainConfig().maxEpochs(1).timeBudget(java.time.Duration.ofNanos(1)).progress(false);
        RunFolder folder = new RunFolder(tmp.resolve("r"), null);
        TrainResult stopped = new Trainer(mlp(10, 32, 5), first, QUIET).recorder(folder).fit(data(all, first));
        assertEquals(1, stopped.steps(), "the budget is spent after the first step");
        Checkpoint cp = CheckpointFile.read(tmp.resolve("r").resolve(RunFiles.CHECKPOINT));
        assertEquals(0, cp.epoch());
        assertEquals(1, cp.batchesDone());
        assertTrue(cp.stopReason().contains("time budget"), "the last checkpoint says the run ended: " + cp.stopReason());
        TrainConfig more = new TrainConfig().maxEpochs(1).progress(false);
        TrainResult same = new Trainer(mlp(10, 32, 5), more, QUIET).fit(data(all, more), cp);
        assertEquals(1, same.steps(), "resumed as it was, the ended run trains no more");
        TrainResult r = new Trainer(mlp(10, 32, 5), more, QUIET).recorder(folder).fit(data(all, more), cp.continued());
        int batches = (int) Math.ceil(TrainingData.holdOut(all, more).train().size() / 128.0);
        assertEquals(batches, r.steps(), "the resumed run trains the rest of epoch 1 and stops at its end");
    }

    @Test
    void aResumedRunEndsWithTheSameWeightsAsAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        Dataset all = Blobs.classification(1500, 10, 5, 1.0, 5);
        TrainConfig cfg = new TrainConfig().maxEpochs(6).progress(false);
        Sequential straight = normedMlp(10, 32, 5);
        new Trainer(straight, cfg, QUIET).recorder(new RunFolder(tmp.resolve("a"), null)).fit(data(all, cfg));

        // the same run, killed right after the checkpoint of epoch 3 ...
        Path dir = tmp.resolve("b");
        RunFolder folder = new RunFolder(dir, null);
        RunRecorder killer = new RunRecorder() {
            public void start(TrainConfig c, Module m, TrainingData d) {
                folder.start(c, m, d);
            }

            public void record(EpochRecord r) {
                folder.record(r);
            }

            public void note(String kind, Note n) {
                folder.note(kind, n);
            }

            public void checkpoint(Checkpoint c) {
                folder.checkpoint(c);
                if (c.epoch() == 2) {
                    throw new IllegalStateException("killed");
                }
            }

            public void finish(TrainResult r) {
                folder.finish(r);
            }
        };
        try {
            new Trainer(normedMlp(10, 32, 5), cfg, QUIET).recorder(killer).fit(data(all, cfg));
        } catch (IllegalStateException expected) {
            assertEquals("killed", expected.getMessage());
        }
        // ... and resumed in a fresh process-like setting: new model object, state from disk
        Checkpoint cp = CheckpointFile.read(dir.resolve(RunFiles.CHECKPOINT));
        assertEquals(2, cp.epoch());
        Sequential resumed = normedMlp(10, 32, 5);
        TrainResult r = new Trainer(resumed, cfg, QUIET).recorder(folder).fit(data(all, cfg), cp);
        assertEquals(6, r.history().size());
        assertTrue(straight.state().containsKey("1.running_var"), straight.state().keySet().toString());
        for (Map.Entry<String, Tensor> e : straight.state().entrySet()) {
            assertArrayEquals(e.getValue().toArray(), resumed.state().get(e.getKey()).toArray(), 0f, e.getKey());
        }
        assertEquals(6, RunFiles.readMetrics(dir).evals().size(), "the metrics log has each epoch once");
        assertTrue(Files.exists(dir.resolve(RunFiles.SUMMARY)));
    }

    /** The update/weight-ratio monitor watches weight matrices and kernels, not a norm layer's scale (even a [c, h, w] one). */
    @Test
    void theRatioMonitorSkipsNormScales() {
        ldnn.tensor.Rng rng = new ldnn.tensor.Rng(4);
        int n = 256;
        Tensor x = Tensor.randn(rng, n, 1, 6, 6);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = x.toArray()[i * 36 + 14] > 0 ? 1 : 0;
        }
        Dataset all = Dataset.classification("images", x, ldnn.tensor.IntTensor.of(y), null);
        TrainConfig cfg = new TrainConfig().maxEpochs(2).progress(false);
        Sequential m = ldnn.nn.ModelSpec.build("conv(2,3) ln gap dense(2)", new int[] {1, 6, 6}, 0);
        Trainer t = new Trainer(m, cfg, QUIET);
        t.fit(data(all, cfg));
        java.util.Set<String> watched = t.measurements().updateRatios().keySet();
        assertTrue(watched.contains("0.weight") && watched.contains("5.weight"), watched.toString());
        assertTrue(m.parameters().get("1.weight").rank() == 3 && !watched.contains("1.weight"), watched.toString());
    }

    /** evalEveryEpochs: evaluations (and checkpoints) every k epochs, and at the last one. */
    @Test
    void evaluationsEveryFewEpochsWhenEpochsAreShort(@TempDir Path tmp) throws Exception {
        Dataset all = Blobs.classification(300, 10, 5, 1.0, 5);
        TrainConfig cfg = new TrainConfig().maxEpochs(7).evalEveryEpochs(3).progress(false);
        TrainResult r = new Trainer(mlp(10, 32, 5), cfg, QUIET).recorder(new RunFolder(tmp.resolve("r"), null))
                .fit(data(all, cfg));
        assertEquals(List.of(2, 5, 6), r.history().stream().map(EpochRecord::epoch).toList(), "after epochs 3, 6 and 7");
        assertEquals(6, CheckpointFile.read(tmp.resolve("r").resolve(RunFiles.CHECKPOINT)).epoch());
    }
}
