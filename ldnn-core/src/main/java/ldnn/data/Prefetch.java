package ldnn.data;

import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Prepares the next batches of an epoch on a background thread (gathering, augmentation,
 * preprocessing), so that they overlap with training. The order is the wrapped source's, so it stays
 * a pure function of seed and epoch.
 */
final class Prefetch implements BatchSource {
    private static final Object END = new Object();
    private final BatchSource source;
    private final int depth;

    Prefetch(BatchSource source, int depth) {
        this.source = source;
        this.depth = depth;
    }

    @Override
    public Batches epoch(int epoch) {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(depth);
        Batches inner = source.epoch(epoch);
        Thread worker = Thread.ofPlatform().daemon().name("ldnn-batches-" + epoch).start(() -> {
            try {
                while (inner.hasNext()) {
                    queue.put(inner.next());
                }
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                try {
                    queue.put(e);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            } finally {
                inner.close();
            }
        });
        return new Batches() {
            Object next;

            private Object peek() {
                if (next == null) {
                    try {
                        next = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for a batch", e);
                    }
                }
                if (next instanceof RuntimeException re) {
                    throw re;
                }
                if (next instanceof Error err) {
                    throw err;
                }
                return next;
            }

            @Override
            public boolean hasNext() {
                return peek() != END;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Batch b = (Batch) next;
                next = null;
                return b;
            }

            @Override
            public void close() {
                worker.interrupt();
            }
        };
    }

    @Override
    public long examples() {
        return source.examples();
    }

    @Override
    public String batching() {
        return source.batching();
    }

    @Override
    public String describe() {
        return source.describe() + ", prepared in the background";
    }
}
