package ldnn.train;

import java.util.List;
import java.util.Locale;
import ldnn.data.BatchSource;

/**
 * Optional (TrainConfig.calibrateLr): before training, short trials from the initial weights measure
 * the update/weight ratio, and the LR is scaled so its median lands on the target (about 1e-3); the
 * weights go back to where they started after each trial.
 */
final class LrCalibration {
    private static final int STEPS = 20, TRIALS = 4;

    private LrCalibration() {
    }

    /** Returns the LR to start from (the configured one if the ratio could not be measured). */
    static double calibrate(Trainer t, TrainingData data) {
        TrainConfig cfg = t.config();
        double lr = t.optimizer().lr(), next = lr;
        StringBuilder trials = new StringBuilder();
        for (int trial = 0; trial < TRIALS; trial++) {
            double med = trial(t, data);
            trials.append(String.format(Locale.ROOT, "%strial of %d steps at LR %.3g: median update/weight ratio %.2e",
                    trial == 0 ? "" : "; ", STEPS, t.optimizer().lr(), med));
            if (!(med > 0) || !Double.isFinite(med)) {
                t.warn("lr-calibration", "could not measure the update/weight ratio (" + trials + "); keeping LR " + lr);
                return lr;
            }
            next = t.optimizer().lr() * cfg.ratioTarget / med;
            t.startOver(next);
            if (med > cfg.ratioTarget / 2 && med < cfg.ratioTarget * 2) {
                break; // close enough: the ratio is not exactly proportional to the LR, so iterate otherwise
            }
        }
        t.event("lr-calibration", String.format(Locale.ROOT, "%s; starting at LR %.3g to aim at %.0e", trials, next,
                cfg.ratioTarget));
        return next;
    }

    /** Trains a few steps with only a ratio probe watching, then puts the weights back. */
    private static double trial(Trainer t, TrainingData data) {
        Snapshot start = new Snapshot(t.model(), null);
        UpdateRatioMonitor probe = new UpdateRatioMonitor(t.config().ratioLow, t.config().ratioHigh,
                t.config().ratioTarget, 1, Integer.MAX_VALUE);
        try (BatchSource.Batches batches = data.train().epoch(0)) {
            for (int i = 0; i < STEPS && batches.hasNext(); i++) {
                double lv = t.computeGradients(batches.next());
                if (!Double.isFinite(lv)) {
                    break;
                }
                t.applyUpdate(lv, List.of(probe));
            }
        } finally {
            start.restore(t.model(), null);
        }
        return probe.median();
    }
}
