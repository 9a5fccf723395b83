package ldnn.train;

import ldnn.nn.Module;

/** Persists a run as it goes: metrics log, events, checkpoints, final summary. */
public interface RunRecorder {
    /** Records nothing (a run in memory). */
    RunRecorder NONE = new RunRecorder() {
    };

    /** A run starts (or resumes) with these settings, model and data. */
    default void start(TrainConfig cfg, Module model, TrainingData data) {
    }

    /** An evaluation. */
    default void record(EpochRecord r) {
    }

    /**
     * A periodic training-step sample (every {@link Trainer#STEP_LOG_EVERY} steps): the record's
     * validation fields are NaN; train loss is the mean since the previous sample.
     */
    default void step(EpochRecord r) {
    }

    /** The run continues from a checkpoint. */
    default void resumed(Checkpoint c) {
    }

    /** A warning or an event. */
    default void note(String kind, Note n) {
    }

    /** The state after an epoch (or the part of one a stopped run trained), to continue from. */
    default void checkpoint(Checkpoint c) {
    }

    /** The run has ended with this result. */
    default void finish(TrainResult result) {
    }
}
