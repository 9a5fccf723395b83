package ldnn.train;

import ldnn.data.Batch;
import ldnn.tensor.Tensor;

/**
 * A recipe check or control (LR schedule, update/weight ratio, clipping, divergence guard, the
 * off-the-ground retry, best-model selection): a small plugin with hooks around each step and each
 * evaluation. A hook that needs the trainer to act returns a {@link Decision}; what a monitor measures
 * for others (the gradient norm, the update ratios) goes into {@link Run#measurements()}. Its state is
 * saved in checkpoints, under its name, as a {@link MonitorState}.
 */
public interface Monitor {

    /** Short name, used in logs, the checklist and checkpoints. */
    String name();

    /** After forward and backward, before anything is updated: {@link Decision#SKIP} leaves the batch out. */
    default Decision lossComputed(Run run, double loss) {
        return Decision.CONTINUE;
    }

    /** Just before the optimizer step (the step counter already counts it; gradients are in place). */
    default void beforeUpdate(Run run) {
    }

    /** After the optimizer step. */
    default Decision afterUpdate(Run run, Step step) {
        return Decision.CONTINUE;
    }

    /** After each validation evaluation. */
    default Decision afterEvaluation(Run run, Evaluation eval) {
        return Decision.CONTINUE;
    }

    /**
     * Training starts again from fresh weights (an off-the-ground retry): forget what belonged to the
     * failed attempt, keep what must survive it.
     */
    default void restarted(Run run) {
    }

    /** State to checkpoint. */
    default MonitorState state() {
        return MonitorState.NONE;
    }

    /** Restores what {@link #state()} saved (possibly read back from a file). */
    default void restore(MonitorState state) {
    }

    /** What the monitor did, for the checklist (null: nothing to say). */
    default RecipeChecklist.Fact fact() {
        return null;
    }

    /** One step as monitors see it after the update. */
    record Step(double loss, Batch batch, Tensor output) {
    }
}
