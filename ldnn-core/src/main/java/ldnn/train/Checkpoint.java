package ldnn.train;

import java.util.List;
import java.util.Map;
import ldnn.tensor.Tensor;

/**
 * Everything needed to continue a run exactly: weights, optimizer buffers, LR, monitor and schedule
 * state, the generators of random layers, the best weights so far, and the history. The data order
 * needs no state: it is a function of the seed and the epoch.
 *
 * @param epoch       the last epoch trained on (completely, or for {@code batchesDone} batches)
 * @param batchesDone batches of {@code epoch} already trained on when the run stopped mid-epoch; 0 when
 *                    the epoch was completed
 * @param source where it was read from (null when captured in memory)
 */
public record Checkpoint(int epoch, long step, double lr, Map<String, Tensor> params, Map<String, Tensor> optimizerState,
                         long optimizerSteps, Map<String, Tensor> bestParams, Evaluation bestEval, int bestEpoch,
                         Map<String, Map<String, Object>> monitors, Map<String, long[]> rngs, List<EpochRecord> history,
                         List<String> warnings, List<String> events, int divergences, int offGroundAttempts,
                         String init, int batchesDone, String source) {

    public String describe() {
        String at = "epoch " + (epoch + 1) + (batchesDone > 0 ? " (stopped after batch " + batchesDone + ")" : "");
        return source == null ? "checkpoint of " + at : source + ", " + at;
    }
}
