package ldnn.data;

import java.util.Iterator;

/**
 * Where a trainer's minibatches come from. The order of an epoch's batches depends only on the seed
 * and the epoch number, so a resumed run sees exactly the batches the killed run would have seen.
 */
public interface BatchSource {

    /** The batches of one epoch (close it to stop any background work early). */
    Batches epoch(int epoch);

    /** Examples per epoch. */
    long examples();

    /** A short description for logs. */
    String describe();

    /** How batches are formed, for the checklist (recipe point 3). */
    default String batching() {
        return "minibatches, reshuffled every epoch";
    }

    /** An iterator over batches that may own a background thread. */
    interface Batches extends Iterator<Batch>, AutoCloseable {
        @Override
        void close();
    }

    /**
     * Minibatches of a dataset: shuffled per epoch (seeded) for training, in order for evaluation;
     * augmentation (training only) then preprocessing applied batch by batch.
     */
    static BatchSource of(Dataset data, int batchSize, boolean shuffle, long seed, Augmenter augmenter,
                          Preprocessor preprocessor) {
        return new DatasetBatches(data, batchSize, shuffle, seed, augmenter, preprocessor);
    }

    /** The same batches, prepared {@code depth} ahead on a background thread. */
    static BatchSource prefetched(BatchSource source, int depth) {
        // (Prefetch passes batching() through)
        return new Prefetch(source, depth);
    }

    /** In-order batches for evaluation. */
    static BatchSource evaluation(Dataset data, int batchSize, Preprocessor preprocessor) {
        return new DatasetBatches(data, batchSize, false, 0, null, preprocessor);
    }
}
