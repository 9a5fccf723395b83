package ldnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The recipe's schedule: patience, division, stop at a tiny LR, and the final stretch of a time budget. */
class PlateauScheduleTest {

    static Evaluation err(double e) {
        return new Evaluation(1.0, e, 100);
    }

    @Test
    void dividesAfterPatienceAndStopsWhenTheLrIsTiny() {
        FakeRun run = new FakeRun();
        PlateauSchedule s = new PlateauSchedule(2, 2, 1e-3);
        assertEquals(Decision.CONTINUE, s.afterEvaluation(run, err(0.5)));
        assertEquals(Decision.CONTINUE, s.afterEvaluation(run, err(0.6)));
        assertEquals(0.1, run.opt.lr(), 0, "one bad evaluation is within patience");
        assertEquals(Decision.CONTINUE, s.afterEvaluation(run, err(0.55)));
        assertEquals(0.05, run.opt.lr(), 1e-12, "two bad evaluations divide the LR by 2");
        Decision d = Decision.CONTINUE;
        for (int i = 0; i < 18 && d == Decision.CONTINUE; i++) {
            d = s.afterEvaluation(run, err(0.6));
        }
        Decision.Stop stop = assertInstanceOf(Decision.Stop.class, d);
        assertTrue(stop.reason().contains("the LR fell to"), stop.reason());
        assertEquals(10, s.decays(), "0.1 / 2^10 < 1e-4");
    }

    @Test
    void nearTheEndOfATimeBudgetOneBadEvaluationIsEnough() {
        FakeRun run = new FakeRun();
        PlateauSchedule s = new PlateauSchedule(3, 2, 1e-3);
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

    @Test
    void itsStateRoundTripsThroughJsonAndAResumedScheduleContinuesAsIfUninterrupted() {
        FakeRun a = new FakeRun(), b = new FakeRun();
        PlateauSchedule straight = new PlateauSchedule(2, 2, 1e-3), first = new PlateauSchedule(2, 2, 1e-3);
        for (double e : new double[] {0.5, 0.6}) {
            straight.afterEvaluation(a, err(e));
            first.afterEvaluation(b, err(e));
        }
        // through JSON, as a checkpoint file stores it
        MonitorState saved = new MonitorState(ldnn.io.Json.tree(first.state().fields()), first.state().tensors());
        PlateauSchedule resumed = new PlateauSchedule(2, 2, 1e-3);
        resumed.restore(saved);
        straight.afterEvaluation(a, err(0.6));
        resumed.afterEvaluation(b, err(0.6));
        assertEquals(a.opt.lr(), b.opt.lr(), 0, "the second bad evaluation divides the LR in both");
        assertEquals(straight.decays(), resumed.decays());
    }

    @Test
    void aScheduleWithNoScoreYetSurvivesACheckpoint() {
        PlateauSchedule s = new PlateauSchedule(2, 2, 1e-3);
        s.restore(new MonitorState(ldnn.io.Json.tree(s.state().fields()), java.util.Map.of())); // +infinity is stored as null
        FakeRun run = new FakeRun();
        s.afterEvaluation(run, err(0.9));
        s.afterEvaluation(run, err(0.95));
        s.afterEvaluation(run, err(0.95));
        assertEquals(0.05, run.opt.lr(), 1e-12, "0.9 counted as the first best after the restore");
    }
}
