package ldnn.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ldnn.nn.Module;
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
 * @param stopReason  why training stopped, when this is the run's last checkpoint (null while it goes on): a
 *                    run killed after its last epoch (writing its model file, say) resumes to its end without
 *                    training more
 * @param source      where it was read from (null when captured in memory)
 */
public record Checkpoint(int epoch, int batchesDone, long step, double lr, double startLr, Map<String, Tensor> params,
                         Map<String, Tensor> optimizerState, long optimizerSteps, Map<String, MonitorState> monitors,
                         Map<String, long[]> rngs, Log log, String stopReason, String source) {

    /** The same state, but training may go on (a resume with a new budget: more epochs or time). */
    public Checkpoint continued() {
        return new Checkpoint(epoch, batchesDone, step, lr, startLr, params, optimizerState, optimizerSteps, monitors, rngs,
                log, null, source);
    }

    /** Seconds the run had trained for when this was written (over all its sessions). */
    public double secondsSpent() {
        List<EpochRecord> h = log.history();
        return h.isEmpty() ? 0 : Math.max(0, h.get(h.size() - 1).seconds());
    }

    /** The run's log up to the checkpoint: evaluations, warnings and events. */
    public record Log(List<EpochRecord> history, List<Note> warnings, List<Note> events) {
        /** Copies the lists, so that a log once taken does not change. */
        public Log {
            history = List.copyOf(history);
            warnings = List.copyOf(warnings);
            events = List.copyOf(events);
        }
    }

    /** Where the checkpoint stands, for messages: e.g. "checkpoint of epoch 3 (stopped after batch 40)". */
    public String describe() {
        String at = "epoch " + (epoch + 1) + (batchesDone > 0 ? " (stopped after batch " + batchesDone + ")" : "");
        return source == null ? "checkpoint of " + at : source + ", " + at;
    }

    /** The state of each random layer's generator (dropout masks), by module path. */
    static Map<String, long[]> randomStates(Module model) {
        Map<String, long[]> rngs = new LinkedHashMap<>();
        model.modules().forEach((path, m) -> {
            if (m instanceof Module.RandomLayer r) {
                rngs.put(path, r.rng().state());
            }
        });
        return rngs;
    }

    /** Puts the saved generator states back into the model's random layers. */
    void restoreRandomStates(Module model) {
        model.modules().forEach((path, m) -> {
            if (m instanceof Module.RandomLayer r && rngs.containsKey(path)) {
                r.rng().setState(rngs.get(path));
            }
        });
    }
}
