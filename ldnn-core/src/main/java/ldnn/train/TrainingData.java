package ldnn.train;

import ldnn.data.Augmenter;
import ldnn.data.BatchSource;
import ldnn.data.Dataset;
import ldnn.data.Preprocessor;
import ldnn.tensor.Rng;

/**
 * The data a run trains on: training and validation batches, plus what was done to them (for the
 * checklist and the model file).
 *
 * @param validationNote how the validation set came about, e.g. "10% of the training data held out (seed 1)"
 * @param preprocessor   fitted on the training split only; saved with the model (null: none)
 * @param augmenter      applied to training batches only (null: none)
 */
public record TrainingData(BatchSource train, BatchSource validation, String validationNote,
                           Preprocessor preprocessor, Augmenter augmenter) {

    /**
     * The recipe's default set-up: hold out a seeded fraction of {@code all} for validation, shuffle
     * the rest into batches each epoch. The preprocessor must already be fitted on the training part;
     * use {@link #holdOut} first when it still has to be.
     */
    public static TrainingData of(Dataset train, Dataset validation, String validationNote, TrainConfig cfg,
                                  Preprocessor preprocessor, Augmenter augmenter) {
        return new TrainingData(
                BatchSource.prefetched(BatchSource.of(train, cfg.batchSize(), true, cfg.seed(), augmenter, preprocessor), 4),
                BatchSource.evaluation(validation, cfg.evalBatchSize, preprocessor),
                validationNote, preprocessor, augmenter);
    }

    /** Splits off the validation set (seeded): {train, validation} and the note describing it. */
    public static Split holdOut(Dataset all, TrainConfig cfg) {
        Dataset[] parts = all.split(cfg.validationFraction(), new Rng(cfg.seed() ^ 0x5A17L));
        String note = String.format(java.util.Locale.ROOT, "%.0f%% of the training data held out (%d examples, seed %d)",
                100 * cfg.validationFraction(), parts[1].size(), cfg.seed());
        return new Split(parts[0], parts[1], note);
    }

    /** A training/validation split and how it was made. */
    public record Split(Dataset train, Dataset validation, String note) {
    }
}
