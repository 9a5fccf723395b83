package ldnn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Catches a diverging run (recipe point 6: "much larger: learning is unstable and will probably fail"):
 * a loss that is not finite, or more than {@code explodeFactor} times the mean of the first ten losses,
 * is not trained on; the weights and optimizer go back to the last good state (taken after each
 * evaluation with a finite loss) and the LR is halved. After {@code retries} such rollbacks the run
 * stops with an explanation and what to try.
 */
final class DivergenceGuard implements Monitor {
    private static final int REFERENCE_STEPS = 10;

    private final int retries;
    private final double explodeFactor;
    private final List<Double> early = new ArrayList<>();
    private double reference = Double.NaN;
    private Snapshot lastGood;
    private int divergences;

    /** What a checkpoint keeps: the rollbacks so far (the last good state is the checkpoint itself). */
    record State(int divergences) {
    }

    DivergenceGuard(int retries, double explodeFactor) {
        this.retries = retries;
        this.explodeFactor = explodeFactor;
    }

    static DivergenceGuard of(TrainConfig cfg) {
        return new DivergenceGuard(cfg.divergenceRetries, cfg.explodeFactor);
    }

    @Override
    public String name() {
        return "divergence-guard";
    }

    @Override
    public Decision lossComputed(Run run, double loss) {
        if (lastGood == null) { // the state training starts (or resumes) from
            lastGood = new Snapshot(run.model(), run.optimizer());
        }
        if (healthy(loss)) {
            return Decision.CONTINUE;
        }
        divergences++;
        double lr = run.optimizer().lr();
        String what = Double.isNaN(loss) ? "NaN" : Double.isInfinite(loss) ? "infinite" : String.format(Locale.ROOT, "%.3g", loss);
        lastGood.restore(run.model(), run.optimizer());
        if (divergences > retries) {
            String ratioNote = run.measurements().updateRatios().isEmpty() ? "" : String.format(Locale.ROOT,
                    " The largest update/weight ratio just before was %.1e (the recipe wants about 1e-3).",
                    run.measurements().updateRatios().values().stream().mapToDouble(d -> d).max().orElse(0));
            return new Decision.Stop(String.format(Locale.ROOT, "training diverged %d times (last: %s loss at step %d, LR %.3g); "
                    + "rolling back and halving the LR did not help.%s Try a smaller --lr, gradient clipping (--clip 5), or "
                    + "check the data for extreme values (ldnn doctor).", divergences, what, run.step(), lr, ratioNote));
        }
        run.optimizer().setLr(lr / 2);
        run.model().resetState();
        run.warn(name(), String.format(Locale.ROOT,
                "%s loss: rolled back to the last good weights and halved the LR to %.3g (%d of %d retries)",
                what, lr / 2, divergences, retries));
        return Decision.SKIP;
    }

    private boolean healthy(double loss) {
        if (early.size() < REFERENCE_STEPS && Double.isFinite(loss)) {
            early.add(loss);
            reference = early.stream().mapToDouble(d -> d).average().orElse(loss);
        }
        return Double.isFinite(loss) && !(loss > explodeFactor * Math.max(reference, 1e-3));
    }

    @Override
    public Decision afterEvaluation(Run run, Evaluation eval) {
        if (Double.isFinite(eval.loss())) {
            lastGood = new Snapshot(run.model(), run.optimizer());
        }
        return Decision.CONTINUE;
    }

    /** The rollbacks count across a restart; the reference loss and the last good state start over. */
    @Override
    public void restarted(Run run) {
        early.clear();
        reference = Double.NaN;
        lastGood = new Snapshot(run.model(), run.optimizer());
    }

    @Override
    public MonitorState state() {
        return MonitorState.of(new State(divergences));
    }

    @Override
    public void restore(MonitorState state) {
        State r = state.fields(State.class);
        divergences = r == null ? 0 : r.divergences();
    }

    @Override
    public RecipeChecklist.Fact fact() {
        return divergences == 0 ? null : new RecipeChecklist.Fact(RecipePoint.LR_SCHEDULE, "the divergence guard rolled back "
                + divergences + " time" + (divergences == 1 ? "" : "s") + " and halved the LR each time", true);
    }
}
