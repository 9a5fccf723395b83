package ldnn.train;

import java.util.List;
import java.util.Map;
import ldnn.tensor.Tensor;

/**
 * Everything needed to continue a run exactly: weights, optimizer buffers, LR, monitor and schedule
 * state, the generators of random layers, the best weights so far, and the history. The data order
 * needs no state: it is a function of the seed and the epoch.
 *
 * @param source where it was read from (null when captured in memory)
 */
public record Checkpoint(int epoch, long step, double lr, Map<String, Tensor> params, Map<String, Tensor> optimizerState,
                         long optimizerSteps, Map<String, Tensor> bestParams, Evaluation bestEval, int bestEpoch,
                         Map<String, Map<String, Object>> monitors, Map<String, long[]> rngs, List<EpochRecord> history,
                         List<String> warnings, List<String> events, int divergences, int offGroundAttempts,
                         String init, String source) {

    public String describe() {
        return source == null ? "checkpoint of epoch " + (epoch + 1) : source;
    }
}
