package ldnn.train;

import java.util.List;
import java.util.Map;
import ldnn.tensor.Tensor;

/**
 * Everything needed to continue a run exactly: weights, optimizer buffers, LR, each monitor's state
 * (by monitor name), the generators of random layers, and the log so far. The data order needs no
 * state: it is a function of the seed and the epoch.
 *
 * @param epoch       the last epoch trained on (completely, or for {@code batchesDone} batches)
 * @param batchesDone batches of {@code epoch} already trained on when the run stopped mid-epoch; 0 when
 *                    the epoch was completed
 * @param startLr     the LR the run started from (as configured, calibrated, or lowered by a retry)
 * @param source      where it was read from (null when captured in memory)
 */
public record Checkpoint(int epoch, int batchesDone, long step, double lr, double startLr, Map<String, Tensor> params,
                         Map<String, Tensor> optimizerState, long optimizerSteps, Map<String, MonitorState> monitors,
                         Map<String, long[]> rngs, Log log, String source) {

    /** The run's log up to the checkpoint: evaluations, warnings and events. */
    public record Log(List<EpochRecord> history, List<Note> warnings, List<Note> events) {
        public Log {
            history = List.copyOf(history);
            warnings = List.copyOf(warnings);
            events = List.copyOf(events);
        }
    }

    public String describe() {
        String at = "epoch " + (epoch + 1) + (batchesDone > 0 ? " (stopped after batch " + batchesDone + ")" : "");
        return source == null ? "checkpoint of " + at : source + ", " + at;
    }

    /** The same checkpoint, as read from a file. */
    Checkpoint from(String file) {
        return new Checkpoint(epoch, batchesDone, step, lr, startLr, params, optimizerState, optimizerSteps, monitors,
                rngs, log, file);
    }
}
