package ldnn.data;

import java.util.Arrays;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Tensor;

/**
 * One worker's share of every batch of a source, for synchronous data-parallel training: the global
 * batch is formed (shuffled, augmented, preprocessed) exactly as on one machine, and worker
 * {@code rank} of {@code workers} takes its contiguous slice of it, as even as can be (a batch of 128
 * on 3 workers: 43, 43, 42 examples). Every worker sees the same sequence of global batches, so the
 * sum of the shard gradients, weighted by shard size, is the global batch's gradient.
 */
public final class ShardedBatches implements BatchSource {
    private final BatchSource source;
    private final int rank, workers;

    /** Worker {@code rank}'s share (0-based) of every batch of {@code source}, split among {@code workers}. */
    public ShardedBatches(BatchSource source, int rank, int workers) {
        if (workers < 1 || rank < 0 || rank >= workers) {
            throw new IllegalArgumentException("sharded batches: expected 0 <= rank < workers, got rank " + rank
                    + " of " + workers + " workers");
        }
        this.source = source;
        this.rank = rank;
        this.workers = workers;
    }

    @Override
    public Batches epoch(int epoch) {
        Batches inner = source.epoch(epoch);
        return new Batches() {
            @Override
            public boolean hasNext() {
                return inner.hasNext();
            }

            @Override
            public Batch next() {
                return shard(inner.next(), rank, workers);
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    /** Worker {@code rank}'s slice of a batch: rows [n*rank/workers, n*(rank+1)/workers). */
    public static Batch shard(Batch b, int rank, int workers) {
        int n = b.size(), from = (int) ((long) n * rank / workers), to = (int) ((long) n * (rank + 1) / workers);
        if (workers == 1) {
            return b;
        }
        return new Batch(rows(b.x(), from, to), b.labels() == null ? null : rows(b.labels(), from, to),
                b.targets() == null ? null : rows(b.targets(), from, to));
    }

    private static Tensor rows(Tensor t, int from, int to) {
        int[] shape = t.shape();
        int row = t.numel() / Math.max(1, shape[0]);
        float[] d = t.isContiguous() ? t.data() : t.toArray();
        int off = t.isContiguous() ? t.offset() : 0;
        shape[0] = to - from;
        return Tensor.of(Arrays.copyOfRange(d, off + from * row, off + to * row), shape);
    }

    private static IntTensor rows(IntTensor t, int from, int to) {
        int[] shape = t.shape();
        int row = t.numel() / Math.max(1, shape[0]);
        shape[0] = to - from;
        return new IntTensor(Arrays.copyOfRange(t.data(), from * row, to * row), shape);
    }

    /** Examples per epoch in this worker's shards (about 1/workers of the source's). */
    @Override
    public long examples() {
        return source.examples() / workers;
    }

    @Override
    public String describe() {
        return source.describe() + ", worker " + (rank + 1) + " of " + workers + " takes 1/" + workers + " of each batch";
    }

    @Override
    public String batching() {
        return source.batching() + "; each global batch split over " + workers + " workers, gradients summed";
    }
}
