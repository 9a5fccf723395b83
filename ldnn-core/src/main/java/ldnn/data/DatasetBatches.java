package ldnn.data;

import java.util.NoSuchElementException;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/** Minibatches of an in-memory dataset (see {@link BatchSource#of}). */
final class DatasetBatches implements BatchSource {
    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final Augmenter augmenter;
    private final Preprocessor preprocessor;

    DatasetBatches(Dataset data, int batchSize, boolean shuffle, long seed, Augmenter augmenter,
                   Preprocessor preprocessor) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.augmenter = augmenter;
        this.preprocessor = preprocessor;
    }

    /** The generator of an epoch: a pure function of seed and epoch. */
    static Rng epochRng(long seed, int epoch) {
        return new Rng(seed * 0x9E3779B97F4A7C15L + 31L * epoch + 7);
    }

    @Override
    public Batches epoch(int epoch) {
        Rng rng = epochRng(seed, epoch);
        int n = data.size();
        int[] order;
        if (shuffle) {
            order = rng.permutation(n);
        } else {
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
        }
        Rng augRng = rng.split();
        return new Batches() {
            int at = 0;

            @Override
            public boolean hasNext() {
                return at < n;
            }

            @Override
            public Batch next() {
                if (at >= n) {
                    throw new NoSuchElementException();
                }
                int end = Math.min(n, at + batchSize);
                Batch b = data.batch(order, at, end);
                at = end;
                Tensor x = b.x();
                if (augmenter != null) {
                    x = augmenter.apply(x, augRng);
                }
                if (preprocessor != null) {
                    x = preprocessor.apply(x);
                }
                return new Batch(x, b.labels(), b.targets());
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public long examples() {
        return data.size();
    }

    @Override
    public String batching() {
        return "batches of " + batchSize + (shuffle ? ", reshuffled every epoch" : ", in order");
    }

    @Override
    public String describe() {
        return data.name() + " (" + data.size() + " examples, batches of " + batchSize
                + (shuffle ? ", shuffled each epoch" : "") + ")";
    }
}
