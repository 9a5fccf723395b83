package ldnn.train;

import java.util.Locale;

/**
 * Model selection on the validation set (recipe point 5: "use the validation error to decide when to
 * stop"): keeps a copy of the weights at the best evaluation so far; the trainer puts them back at the
 * end, so the model a run returns is the best one, not the last.
 */
public final class BestModel implements Monitor {
    private Snapshot weights;
    private State s = new State(null, -1);

    /** A monitor with no best evaluation yet. */
    public BestModel() {
    }

    /** What a checkpoint keeps besides the weights: the best evaluation and its epoch (-1: none yet). */
    record State(Evaluation eval, int epoch) {
    }

    @Override
    public String name() {
        return "best-model";
    }

    /** A lower score, or an equal one with a clearly lower loss (error rates on small sets tie often). */
    static boolean improves(Evaluation e, double bestScore, double bestLoss) {
        double score = e.score();
        return score < bestScore || (score == bestScore && e.loss() < bestLoss * (1 - 1e-3));
    }

    @Override
    public Decision afterEvaluation(Run run, Evaluation eval) {
        Evaluation b = s.eval();
        if (b == null ? improves(eval, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)
                : improves(eval, b.score(), b.loss())) {
            weights = new Snapshot(run.model(), null);
            s = new State(eval, run.epoch());
        }
        return Decision.CONTINUE;
    }

    /** The best evaluation so far (null: none yet). */
    public Evaluation evaluation() {
        return s.eval();
    }

    /** Its epoch (0-based; -1: none yet). */
    public int epoch() {
        return s.epoch();
    }

    /** True if this evaluation is the best so far. */
    boolean isBest(Evaluation e) {
        return e != null && e == s.eval();
    }

    /** Puts the best weights back into the run's model (if there was any evaluation). */
    void restoreBest(Run run) {
        if (weights != null) {
            weights.restore(run.model(), null);
        }
    }

    @Override
    public void restarted(Run run) {
        weights = null;
        s = new State(null, -1);
    }

    @Override
    public MonitorState state() {
        return new MonitorState(s, weights == null ? java.util.Map.of() : weights.parameters());
    }

    @Override
    public void restore(MonitorState state) {
        State r = state.fields(State.class);
        if (r != null) {
            s = r;
        }
        weights = state.tensors().isEmpty() ? null : Snapshot.ofParameters(state.tensors());
    }

    @Override
    public RecipeChecklist.Fact fact() {
        return null; // the validation point says where the validation set came from; the summary gives the best epoch
    }

    @Override
    public String toString() {
        return s.eval() == null ? "none" : String.format(Locale.ROOT, "%s at epoch %d", s.eval(), s.epoch() + 1);
    }
}
