package ldnn.experiments;

import java.util.NoSuchElementException;
import ldnn.data.Batch;
import ldnn.data.BatchSource;
import ldnn.data.Dataset;
import ldnn.tensor.Rng;

/**
 * An endless supply of fresh examples for synthetic tasks (sorting, parity, the adding problem) as a
 * {@link BatchSource}: an "epoch" is a fixed number of newly drawn batches, and its examples depend only
 * on the seed and the epoch number (so a rerun sees the same data).
 */
public final class FreshBatches implements BatchSource {

    /** Draws a batch of {@code size} fresh examples. */
    @FunctionalInterface
    public interface Generator {
        Batch draw(Rng rng, int size);
    }

    private final String name;
    private final Generator generator;
    private final int batchSize, batchesPerEpoch;
    private final long seed;

    public FreshBatches(String name, Generator generator, int batchSize, int batchesPerEpoch, long seed) {
        if (batchSize < 1 || batchesPerEpoch < 1) {
            throw new IllegalArgumentException(name + ": batch size and batches per epoch must be >= 1, got "
                    + batchSize + ", " + batchesPerEpoch);
        }
        this.name = name;
        this.generator = generator;
        this.batchSize = batchSize;
        this.batchesPerEpoch = batchesPerEpoch;
        this.seed = seed;
    }

    /** A fixed sample of n examples (a validation or test set), drawn once from its own seed. */
    public static Dataset sample(String name, Generator generator, int n, long seed) {
        Batch b = generator.draw(new Rng(seed), n);
        return b.labels() != null ? Dataset.classification(name, b.x(), b.labels(), null)
                : Dataset.regression(name, b.x(), b.targets());
    }

    @Override
    public Batches epoch(int epoch) {
        Rng rng = new Rng(seed * 0x9E3779B97F4A7C15L + 1_000_003L * epoch + 11);
        return new Batches() {
            int drawn;

            @Override
            public boolean hasNext() {
                return drawn < batchesPerEpoch;
            }

            @Override
            public Batch next() {
                if (drawn >= batchesPerEpoch) {
                    throw new NoSuchElementException();
                }
                drawn++;
                return generator.draw(rng, batchSize);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public long examples() {
        return (long) batchSize * batchesPerEpoch;
    }

    @Override
    public String describe() {
        return name + " (fresh examples: " + batchesPerEpoch + " batches of " + batchSize + " per epoch)";
    }
}
