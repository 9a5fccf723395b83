package ldnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ldnn.nn.Module;
import ldnn.optim.Optimizer;
import ldnn.optim.Sgd;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The recipe's schedule: patience, division, stop at a tiny LR, and the final stretch of a time budget. */
class PlateauScheduleTest {

    /** A run whose budget clock the test sets. */
    static final class FakeRun implements Run {
        final Optimizer opt = new Sgd(Map.of("w", Tensor.zeros(2, 2).requiresGrad(true)), 0.1, 0.9, false, 0);
        double budgetLeft = Double.NaN;
        String stopped;
        final List<String> events = new ArrayList<>();
        Evaluation best;

        public Module model() {
            return null;
        }

        public Optimizer optimizer() {
            return opt;
        }

        public TrainConfig config() {
            return new TrainConfig();
        }

        public long step() {
            return 0;
        }

        public int epoch() {
            return 0;
        }

        public void warn(String m, String msg) {
        }

        public void event(String m, String msg) {
            events.add(msg);
        }

        public void stop(String reason) {
            stopped = reason;
        }

        public double budgetLeft() {
            return budgetLeft;
        }

        public void markBest(Evaluation e) {
            best = e;
        }
    }

    static Evaluation err(double e) {
        return new Evaluation(1.0, e, 100);
    }

    @Test
    void dividesAfterPatienceAndStopsWhenTheLrIsTiny() {
        FakeRun run = new FakeRun();
        PlateauSchedule s = new PlateauSchedule(2, 2, 0.1, 1e-3);
        s.afterEvaluation(run, err(0.5));
        assertEquals(0.5, run.best.error());
        s.afterEvaluation(run, err(0.6));
        assertEquals(0.1, run.opt.lr(), 0, "one bad evaluation is within patience");
        s.afterEvaluation(run, err(0.55));
        assertEquals(0.05, run.opt.lr(), 1e-12, "two bad evaluations divide the LR by 2");
        assertNull(run.stopped);
        for (int i = 0; i < 18; i++) {
            s.afterEvaluation(run, err(0.6));
        }
        assertTrue(run.stopped.contains("the LR fell to"), run.stopped);
        assertEquals(10, s.decays(), "0.1 / 2^10 < 1e-4");
    }

    @Test
    void nearTheEndOfATimeBudgetOneBadEvaluationIsEnough() {
        FakeRun run = new FakeRun();
        PlateauSchedule s = new PlateauSchedule(3, 2, 0.1, 1e-3);
        run.budgetLeft = 0.8;
        s.afterEvaluation(run, err(0.5));
        s.afterEvaluation(run, err(0.6));
        assertEquals(0.1, run.opt.lr(), 0);
        run.budgetLeft = 0.2;
        s.afterEvaluation(run, err(0.6));
        assertEquals(0.05, run.opt.lr(), 1e-12);
        s.afterEvaluation(run, err(0.6));
        assertEquals(0.025, run.opt.lr(), 1e-12);
        assertTrue(run.events.get(1).contains("20% of the time budget left"), run.events.toString());
        s.afterEvaluation(run, err(0.4));
        assertEquals(0.025, run.opt.lr(), 1e-12, "an improvement keeps the LR");
    }
}
