package ldnn.train;

import ldnn.nn.Module;

/** Persists a run as it goes: metrics log, events, checkpoints, final summary. */
public interface RunRecorder {
    void start(TrainConfig cfg, Module model, TrainingData data);

    void record(EpochRecord r);

    /**
     * A periodic training-step sample (every {@link Trainer#STEP_LOG_EVERY} steps): the record's
     * validation fields are NaN; train loss is the mean since the previous sample.
     */
    default void step(EpochRecord r) {
    }

    /** The run continues from a checkpoint. */
    default void resumed(Checkpoint c) {
    }

    void event(long step, int epoch, String kind, String monitor, String message);

    /** Called after each epoch; the trainer hands itself so the recorder can capture its state. */
    void checkpoint(Trainer trainer, int completedEpoch);

    void finish(TrainResult result);

    /** Captures the trainer's state for a checkpoint (package access to the trainer). */
    static Checkpoint capture(Trainer trainer, int completedEpoch) {
        return trainer.capture(completedEpoch);
    }
}
