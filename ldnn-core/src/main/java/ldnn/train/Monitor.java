package ldnn.train;

import java.util.Map;

/**
 * A training-time check or control (update-ratio watch, LR schedule, clipping, ...): a small plugin
 * with hooks around each step and each evaluation. Its state is saved in checkpoints.
 */
public interface Monitor {

    /** Short name, used in logs, the checklist and checkpoints. */
    String name();

    /** After backward, before the optimizer step (gradients are in the parameters' grad). */
    default void beforeUpdate(Run run) {
    }

    /** After the optimizer step. */
    default void afterUpdate(Run run, double loss) {
    }

    /** After each validation evaluation. */
    default void afterEvaluation(Run run, Evaluation eval) {
    }

    /** State to checkpoint (JSON-able values). */
    default Map<String, Object> state() {
        return Map.of();
    }

    default void restore(Map<String, Object> state) {
    }

    /** One line for the end-of-run checklist. */
    String summary();
}
