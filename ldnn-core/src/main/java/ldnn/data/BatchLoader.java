package ldnn.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * Prepares minibatches on a background thread so gathering, augmentation and preprocessing overlap the
 * training step. Per epoch it draws a permutation of the examples (or keeps their order for evaluation),
 * cuts it into batches, augments the raw inputs, then preprocesses them, and hands them over through a
 * bounded queue of a few batches. The stream of batches goes on epoch after epoch until {@link #close()}.
 *
 * <p>Determinism: the constructor splits two generators off the given rng on the caller's thread, one
 * for the order and one for augmentation, and only the worker uses them, in batch order; so the batches
 * depend on the seed alone, never on thread timing, and adding augmentation does not change the order.
 * A failure in the worker is rethrown by {@link #next()} (and by every later call). One thread consumes
 * the batches; close the loader (try-with-resources) to stop its worker.
 */
public final class BatchLoader implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private record Item(Batch batch, int epoch, int index, Throwable error) {}

    private final Dataset data;
    private final int batchSize, batchesPerEpoch, n;
    private final boolean dropLast;
    private final Rng orderRng, augRng;
    private final Augmenter augmenter;
    private final Preprocessor preprocessor;
    private final BlockingQueue<Item> queue;
    private final Thread worker;
    private volatile boolean closed;
    private RuntimeException failure;
    private long delivered;
    private int epoch = -1, index = -1;

    /** A training loader: shuffled every epoch, the last partial batch kept, 4 batches prefetched. */
    public BatchLoader(Dataset data, int batchSize, Rng rng, Augmenter augmenter, Preprocessor preprocessor) {
        this(data, batchSize, rng, augmenter, preprocessor, false, 4);
    }

    /**
     * @param rng          seeds the per-epoch shuffle and the augmentation; null keeps the data order (evaluation)
     * @param augmenter    applied to raw inputs, or null; never pass one for evaluation
     * @param preprocessor applied after augmentation, or null
     * @param dropLast     drop the last, smaller batch of each epoch
     * @param prefetch     batches prepared ahead (the queue bound)
     */
    public BatchLoader(Dataset data, int batchSize, Rng rng, Augmenter augmenter, Preprocessor preprocessor,
            boolean dropLast, int prefetch) {
        if (batchSize <= 0 || prefetch <= 0) {
            throw new IllegalArgumentException("BatchLoader: batch size and prefetch must be positive, got "
                    + batchSize + " and " + prefetch);
        }
        if (augmenter != null && rng == null) {
            throw new IllegalArgumentException("BatchLoader: augmentation needs an rng (and is for training only)");
        }
        this.data = data;
        this.n = data.size();
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.batchesPerEpoch = dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
        if (batchesPerEpoch == 0) {
            throw new IllegalArgumentException("BatchLoader: " + data.name() + " has " + n + " examples, fewer than one"
                    + " batch of " + batchSize + (dropLast ? " (with dropLast)" : ""));
        }
        this.orderRng = rng == null ? null : rng.split();
        this.augRng = rng == null ? null : rng.split();
        this.augmenter = augmenter;
        this.preprocessor = preprocessor;
        this.queue = new ArrayBlockingQueue<>(prefetch);
        this.worker = new Thread(this::produce, "ldnn-batch-loader-" + THREADS.incrementAndGet());
        worker.setDaemon(true);
        worker.start();
    }

    /** An evaluation loader: data order, no augmentation, every example once per epoch. */
    public static BatchLoader forEvaluation(Dataset data, int batchSize, Preprocessor preprocessor) {
        return new BatchLoader(data, batchSize, null, null, preprocessor, false, 2);
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** The epoch (from 0) of the batch last returned by {@link #next()}; -1 before the first. */
    public int epoch() {
        return epoch;
    }

    /** The position in its epoch of the batch last returned. */
    public int indexInEpoch() {
        return index;
    }

    /** The next batch, waiting for the worker if needed. */
    public Batch next() {
        if (closed) {
            throw new IllegalStateException("BatchLoader for " + data.name() + " is closed");
        }
        if (failure != null) {
            throw failure;
        }
        Item it;
        try {
            it = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the next batch of " + data.name(), e);
        }
        if (it.error() != null) {
            failure = new IllegalStateException("batch loader for " + data.name() + " failed preparing batch "
                    + it.index() + " of epoch " + it.epoch() + ": " + it.error(), it.error());
            throw failure;
        }
        epoch = it.epoch();
        index = it.index();
        delivered++;
        return it.batch();
    }

    /** The remaining batches of the current epoch (all of the next one when at an epoch boundary). */
    public Iterable<Batch> nextEpoch() {
        int remaining = batchesPerEpoch - (int) (delivered % batchesPerEpoch);
        return () -> new Iterator<>() {
            private int left = remaining;

            @Override
            public boolean hasNext() {
                return left > 0;
            }

            @Override
            public Batch next() {
                if (left == 0) {
                    throw new NoSuchElementException("epoch finished");
                }
                left--;
                return BatchLoader.this.next();
            }
        };
    }

    private void produce() {
        int e = 0, k = -1;
        try {
            int[] identity = orderRng == null ? identity(n) : null;
            for (; !closed; e++) {
                int[] order = orderRng == null ? identity : orderRng.permutation(n);
                for (k = 0; k < batchesPerEpoch; k++) {
                    int from = k * batchSize, to = Math.min(n, from + batchSize);
                    Batch b = data.batch(order, from, to);
                    Tensor x = b.x();
                    if (augmenter != null) {
                        x = augmenter.apply(x, augRng);
                    }
                    if (preprocessor != null) {
                        x = preprocessor.apply(x);
                    }
                    queue.put(new Item(new Batch(x, b.labels(), b.targets()), e, k, null));
                }
            }
        } catch (InterruptedException ie) {
            // close() interrupts a worker waiting for room in the queue: just stop
        } catch (Throwable t) {
            try {
                queue.put(new Item(null, e, k, t));
            } catch (InterruptedException ignored) {
                // closing anyway
            }
        }
    }

    private static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** Stops the worker and waits for it to end. Safe to call twice. */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        boolean interrupted = false;
        while (worker.isAlive()) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        queue.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    boolean workerAlive() {
        return worker.isAlive();
    }

    @Override
    public String toString() {
        return "batches of " + batchSize + " from " + data.name() + " (" + batchesPerEpoch + " per epoch"
                + (orderRng == null ? ", in order" : ", shuffled") + (dropLast ? ", last partial dropped" : "")
                + (augmenter == null ? "" : "; augment: " + augmenter.describe())
                + (preprocessor == null ? "" : "; " + preprocessor.describe()) + ")";
    }
}
