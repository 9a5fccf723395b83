package ldnn.train;

import java.util.Locale;

/**
 * The recipe's learning-rate schedule (point 5): after each validation evaluation, if the validation
 * error has not improved for {@code patience} evaluations, divide the LR by the decay factor (2, or 5);
 * stop when the LR has fallen below a fraction (default 1/1000) of where it started.
 *
 * <p>With a time budget, the recipe's annealing may not fit before the time is up: in the last
 * {@link #FINAL_STRETCH} of the budget the LR is divided at every evaluation that does not improve, so
 * a run cut by its budget still ends with a lowered LR (the recipe's "when validation stops improving,
 * lower the LR", with a patience of one evaluation near the deadline).
 */
public final class PlateauSchedule implements Monitor {
    /** The last part of a time budget in which one evaluation without improvement is enough to lower the LR. */
    public static final double FINAL_STRETCH = 0.3;

    private final int patience;
    private final double factor, minLrFraction;
    private State s = State.START;

    /** What a checkpoint keeps: the best validation score and loss, evaluations without improvement, LR cuts. */
    record State(double best, double bestLoss, int bad, int decays) {
        static final State START = new State(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 0);

        /** The same rule as model selection: a lower score, or an equal one with a clearly lower loss. */
        boolean improvedBy(Evaluation e) {
            return BestModel.improves(e, best, bestLoss);
        }
    }

    /**
     * Divides the LR by {@code factor} after {@code patience} evaluations without improvement; stops below {@code
     * minLrFraction} of the starting LR.
     */
    public PlateauSchedule(int patience, double factor, double minLrFraction) {
        this.patience = patience;
        this.factor = factor;
        this.minLrFraction = minLrFraction;
    }

    static PlateauSchedule of(TrainConfig cfg) {
        return new PlateauSchedule(cfg.patience, cfg.lrDecayFactor, cfg.minLrFraction);
    }

    @Override
    public String name() {
        return "lr-schedule";
    }

    @Override
    public Decision afterEvaluation(Run run, Evaluation eval) {
        if (s.improvedBy(eval)) {
            s = new State(eval.score(), eval.loss(), 0, s.decays());
            return Decision.CONTINUE;
        }
        boolean deadline = run.budgetLeft() < FINAL_STRETCH;
        int bad = s.bad() + 1;
        if (bad < (deadline ? 1 : patience)) {
            s = new State(s.best(), s.bestLoss(), bad, s.decays());
            return Decision.CONTINUE;
        }
        double lr = run.optimizer().lr(), next = lr / factor;
        run.optimizer().setLr(next);
        s = new State(s.best(), s.bestLoss(), 0, s.decays() + 1);
        double score = eval.score();
        run.event(name(), String.format(Locale.ROOT, "LR %.3g -> %.3g: validation %s %.4g has not improved on %.4g for %d evaluation%s%s",
                lr, next, Double.isNaN(eval.error()) ? "loss" : "error", score, s.best(), bad, bad == 1 ? "" : "s",
                deadline ? String.format(Locale.ROOT, " (%.0f%% of the time budget left)", 100 * Math.max(0, run.budgetLeft())) : ""));
        double initial = run.startLr(), minLr = initial * minLrFraction;
        if (next < minLr) {
            return new Decision.Stop(String.format(Locale.ROOT, "the LR fell to %.3g, below %.3g (%.0e of the initial %.3g)",
                    next, minLr, minLr / initial, initial));
        }
        return Decision.CONTINUE;
    }

    /** How many times the LR has been lowered so far. */
    public int decays() {
        return s.decays();
    }

    @Override
    public void restarted(Run run) {
        s = State.START;
    }

    @Override
    public MonitorState state() {
        return MonitorState.of(s);
    }

    @Override
    public void restore(MonitorState state) {
        State r = state.fields(State.class);
        if (r != null) { // no score yet is +infinity, which JSON stores as null (read back as NaN)
            s = new State(nanToInfinity(r.best()), nanToInfinity(r.bestLoss()), r.bad(), r.decays());
        }
    }

    private static double nanToInfinity(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    @Override
    public RecipeChecklist.Fact fact() {
        String rule = "divided by " + fmt(factor) + " after " + patience + " evaluation" + (patience == 1 ? "" : "s")
                + " without improvement";
        int d = s.decays();
        return new RecipeChecklist.Fact(RecipePoint.LR_SCHEDULE, d == 0 ? "LR never lowered (it is " + rule + ")"
                : "LR " + rule + ": " + d + " time" + (d == 1 ? "" : "s"), true);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
