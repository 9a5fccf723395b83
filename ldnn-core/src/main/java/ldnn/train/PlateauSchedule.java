package ldnn.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The recipe's learning-rate schedule (point 5): after each validation evaluation, if the validation
 * error has not improved for {@code patience} evaluations, divide the LR by the decay factor (2, or 5);
 * stop when the LR has fallen below a fraction (default 1/1000) of where it started. Every
 * improvement marks the current weights as the best, which is the model training returns.
 *
 * <p>With a time budget, the recipe's annealing may not fit before the time is up: in the last
 * {@link #FINAL_STRETCH} of the budget the LR is divided at every evaluation that does not improve, so
 * a run cut by its budget still ends with a lowered LR (the recipe's "when validation stops improving,
 * lower the LR", with a patience of one evaluation near the deadline).
 */
public final class PlateauSchedule implements Monitor {
    private final int patience;
    private final double factor, minLr, initialLr;
    private double best = Double.POSITIVE_INFINITY, bestLoss = Double.POSITIVE_INFINITY;
    private int bad, decays;

    /** The last part of a time budget in which one evaluation without improvement is enough to lower the LR. */
    public static final double FINAL_STRETCH = 0.3;

    public PlateauSchedule(int patience, double factor, double initialLr, double minLrFraction) {
        this.patience = patience;
        this.factor = factor;
        this.minLr = initialLr * minLrFraction;
        this.initialLr = initialLr;
    }

    @Override
    public String name() {
        return "lr-schedule";
    }

    @Override
    public void afterEvaluation(Run run, Evaluation eval) {
        double s = eval.score();
        // equal error with a clearly lower loss still counts: error rates on small sets tie often
        boolean improved = s < best || (s == best && eval.loss() < bestLoss * (1 - 1e-3));
        if (improved) {
            best = s;
            bestLoss = eval.loss();
            bad = 0;
            run.markBest(eval);
            return;
        }
        boolean deadline = run.budgetLeft() < FINAL_STRETCH;
        if (++bad < (deadline ? 1 : patience)) {
            return;
        }
        double lr = run.optimizer().lr(), next = lr / factor;
        decays++;
        run.optimizer().setLr(next);
        run.event(name(), String.format(Locale.ROOT, "LR %.3g -> %.3g: validation %s %.4g has not improved on %.4g for %d evaluation%s%s",
                lr, next, Double.isNaN(eval.error()) ? "loss" : "error", s, best, bad, bad == 1 ? "" : "s",
                deadline ? String.format(Locale.ROOT, " (%.0f%% of the time budget left)", 100 * Math.max(0, run.budgetLeft())) : ""));
        bad = 0;
        if (next < minLr) {
            run.stop(String.format(Locale.ROOT, "the LR fell to %.3g, below %.3g (%.0e of the initial %.3g)",
                    next, minLr, minLr / initialLr, initialLr));
        }
    }

    public int decays() {
        return decays;
    }

    public double best() {
        return best;
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("best", best);
        m.put("best_loss", bestLoss);
        m.put("bad", bad);
        m.put("decays", decays);
        return m;
    }

    @Override
    public void restore(Map<String, Object> s) {
        best = ((Number) s.get("best")).doubleValue();
        bestLoss = ((Number) s.get("best_loss")).doubleValue();
        bad = ((Number) s.get("bad")).intValue();
        decays = ((Number) s.get("decays")).intValue();
    }

    @Override
    public String summary() {
        String rule = "divided by " + fmt(factor) + " after " + patience + " evaluation" + (patience == 1 ? "" : "s")
                + " without improvement";
        return decays == 0 ? "LR never lowered (it is " + rule + ")"
                : "LR " + rule + ": " + decays + " time" + (decays == 1 ? "" : "s");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
