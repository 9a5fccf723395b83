package ldnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ldnn.data.Batch;
import ldnn.nn.Init;
import ldnn.nn.Linear;
import ldnn.optim.Sgd;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Each recipe monitor on its own, driven step by step through a {@link FakeRun}: what it decides, and
 * that its decisions are returned to the trainer rather than carried out behind its back.
 */
class MonitorsTest {
    /** Four classes, equally often: a constant prediction has loss ln 4 = 1.386. */
    private static final Batch BALANCED = new Batch(Tensor.zeros(4, 2), IntTensor.of(0, 1, 2, 3), null);

    private static Monitor.Step step(double loss) {
        return new Monitor.Step(loss, BALANCED, null);
    }

    /** Runs the check for its warm-up at a constant loss; returns its decision at the last step. */
    private static Decision flatLossFor(OffTheGroundCheck check, FakeRun run, int steps, double loss) {
        Decision d = Decision.CONTINUE;
        for (run.step = 1; run.step <= steps; run.step++) {
            d = check.afterUpdate(run, step(loss));
        }
        return d;
    }

    @Test
    void aNetThatNeverGetsOffTheGroundIsRestartedWithMoreInitPressure() {
        OffTheGroundCheck check = new OffTheGroundCheck(100, 3, 0.02, 1e-2, 1e-3, Init.normal(0.02));
        FakeRun run = new FakeRun();
        Decision.Restart r = assertInstanceOf(Decision.Restart.class, flatLossFor(check, run, 100, 1.388));
        assertEquals(Init.scaled(1).toString(), r.init().toString(), "from a fixed std to the scaled scheme");
        assertEquals(0.1, r.lr(), 0, "the LR is kept");
        assertEquals(1, r.attempt());
        assertTrue(run.warnings.getFirst().contains("did not get off the ground with init normal(0.02); re-initialized "
                + "with scaled(1) (attempt 1 of 3)"), run.warnings.toString());
        assertTrue(check.fact().detail().contains("after 1 re-initialization from normal(0.02)"), check.fact().detail());
        Decision.Restart again = assertInstanceOf(Decision.Restart.class, flatLossFor(check, run, 100, 1.388));
        assertEquals(Init.scaled(2).toString(), again.init().toString(), "then the scale doubles");
    }

    /**
     * A collapse (the loss back at a constant prediction's after the update/weight ratio peaked far above
     * the band) is an LR problem: the restart keeps the init and lowers the LR by target / peak (at most 10x).
     */
    @Test
    void aCollapseWithARatioFarAboveTheBandLowersTheLrInstead() {
        OffTheGroundCheck check = new OffTheGroundCheck(100, 3, 0.02, 1e-2, 1e-3, Init.scaled(1));
        FakeRun run = new FakeRun();
        run.measurements.updateRatios(java.util.Map.of("0.weight", 4e-2), 4e-2);
        Decision.Restart r = assertInstanceOf(Decision.Restart.class, flatLossFor(check, run, 100, 1.388));
        assertEquals("scaled(1)", r.init().toString());
        assertEquals(0.1 * 0.1, r.lr(), 1e-15, "target / peak = 0.025, but at most 10x lower at a time");
        assertTrue(run.warnings.getFirst().contains("so the LR was too high: re-initialized with scaled(1) and LR 0.0100"),
                run.warnings.toString());
    }

    @Test
    void aNetThatLearnsIsLeftAloneAndNeverCheckedAgain() {
        OffTheGroundCheck check = new OffTheGroundCheck(100, 3, 0.02, 1e-2, 1e-3, Init.normal(0.02));
        FakeRun run = new FakeRun();
        assertEquals(Decision.CONTINUE, flatLossFor(check, run, 100, 1.0));
        assertEquals(Decision.CONTINUE, flatLossFor(check, run, 100, 1.388), "once it flew, no more checks");
        assertTrue(run.warnings.isEmpty(), run.warnings.toString());
    }

    @Test
    void afterItsAttemptsTheCheckOnlyWarns() {
        OffTheGroundCheck check = new OffTheGroundCheck(100, 0, 0.02, 1e-2, 1e-3, Init.normal(0.02));
        FakeRun run = new FakeRun();
        assertEquals(Decision.CONTINUE, flatLossFor(check, run, 100, 1.388));
        assertTrue(run.warnings.getFirst().contains("the net is not learning"), run.warnings.toString());
    }

    @Test
    void theDivergenceGuardRollsBackHalvesTheLrThenStopsWithAnExplanation() {
        Linear layer = new Linear(2, 2);
        Sgd sgd = Sgd.averaged(layer.parameters(), 0.4, 0.9, 0);
        FakeRun run = new FakeRun(layer, sgd);
        DivergenceGuard guard = new DivergenceGuard(2, 1e3);
        float before = layer.parameters().get("weight").data()[0];
        for (int i = 0; i < 10; i++) {
            assertEquals(Decision.CONTINUE, guard.lossComputed(run, 1.0), "the first ten losses set the reference");
        }
        layer.parameters().get("weight").data()[0] = 99; // the update that follows goes wrong
        assertEquals(Decision.SKIP, guard.lossComputed(run, Double.NaN));
        assertEquals(before, layer.parameters().get("weight").data()[0], 0, "rolled back to the last good weights");
        assertEquals(0.2, sgd.lr(), 1e-12);
        assertEquals(Decision.SKIP, guard.lossComputed(run, 5e3), "1000x the reference loss counts as diverging");
        Decision.Stop stop = assertInstanceOf(Decision.Stop.class, guard.lossComputed(run, Double.POSITIVE_INFINITY));
        assertTrue(stop.reason().startsWith("training diverged 3 times (last: infinite loss"), stop.reason());
        assertEquals(2, run.warnings.size(), run.warnings.toString());
    }

    @Test
    void bestModelSelectionKeepsTheWeightsOfTheBestEvaluationAndPutsThemBack() {
        Linear layer = new Linear(2, 2);
        FakeRun run = new FakeRun(layer, Sgd.averaged(layer.parameters(), 0.1, 0.9, 0));
        BestModel best = new BestModel();
        Tensor w = layer.parameters().get("weight");
        w.data()[0] = 1;
        best.afterEvaluation(run, new Evaluation(0.5, 0.2, 10));
        w.data()[0] = 2;
        run.epoch = 1;
        best.afterEvaluation(run, new Evaluation(0.6, 0.3, 10));
        w.data()[0] = 3;
        run.epoch = 2;
        best.afterEvaluation(run, new Evaluation(0.4, 0.2, 10)); // equal error, clearly lower loss: better
        w.data()[0] = 4;
        best.restoreBest(run);
        assertEquals(3, w.data()[0], 0);
        assertEquals(2, best.epoch());
        // and through a checkpoint's JSON and tensors
        MonitorState s = best.state();
        BestModel resumed = new BestModel();
        resumed.restore(new MonitorState(ldnn.io.Json.tree(s.fields()), s.tensors()));
        w.data()[0] = 5;
        resumed.restoreBest(run);
        assertEquals(3, w.data()[0], 0);
        assertEquals(new Evaluation(0.4, 0.2, 10), resumed.evaluation());
    }

    @Test
    void clippingScalesTheGradientsToTheThresholdAndCountsTheClippedSteps() {
        Tensor a = Tensor.zeros(2).requiresGrad(true), b = Tensor.zeros(1).requiresGrad(true);
        a.setGrad(Tensor.of(new float[] {3, 0}, 2));
        b.setGrad(Tensor.of(new float[] {4}, 1));
        double norm = GradientClipper.clip(List.of(a, b), 1);
        assertEquals(5, norm, 1e-12, "the norm before clipping");
        assertEquals(0.6f, a.grad().data()[0], 1e-7f);
        assertEquals(0.8f, b.grad().data()[0], 1e-7f);
        assertEquals(1, GradientClipper.globalNorm(List.of(a, b)), 1e-6);
        assertEquals(1, GradientClipper.clip(List.of(a, b), 0), 1e-6, "0: measure only");
        assertEquals(0.6f, a.grad().data()[0], 1e-7f);
    }
}
