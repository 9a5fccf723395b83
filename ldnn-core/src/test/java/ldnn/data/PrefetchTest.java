package ldnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Background batches are the wrapped source's batches, whatever the thread timing; a worker's failure reaches the caller. */
class PrefetchTest {
    /** 50 examples [1, 4, 4]; every pixel of example i is i, its label is i (so rows can be traced). */
    static Dataset traced() {
        int n = 50;
        float[] x = new float[n * 16];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(x, i * 16, (i + 1) * 16, i);
            y[i] = i;
        }
        return Dataset.classification("traced", Tensor.of(x, n, 1, 4, 4), new IntTensor(y, n), List.of());
    }

    private static List<Batch> epoch(BatchSource s, int e, boolean jitter) throws InterruptedException {
        List<Batch> out = new ArrayList<>();
        Rng sleep = new Rng(99);
        try (BatchSource.Batches it = s.epoch(e)) {
            while (it.hasNext()) {
                if (jitter && sleep.nextInt(3) == 0) {
                    Thread.sleep(1); // let the worker run ahead or fall behind
                }
                out.add(it.next());
            }
        }
        return out;
    }

    @Test
    void theBatchesAreTheWrappedSourcesInOrderWhateverTheThreadTiming() throws InterruptedException {
        Augmenter noise = new GaussianNoise(0.5);
        BatchSource plain = BatchSource.of(traced(), 8, true, 42, noise, null);
        BatchSource ahead = BatchSource.prefetched(BatchSource.of(traced(), 8, true, 42, noise, null), 2);
        assertEquals(plain.examples(), ahead.examples());
        assertEquals(plain.batching(), ahead.batching());
        for (int e = 0; e < 3; e++) {
            List<Batch> a = epoch(plain, e, false), b = epoch(ahead, e, true);
            assertEquals(List.of(8, 8, 8, 8, 8, 8, 2), a.stream().map(Batch::size).toList());
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).labels().data(), b.get(i).labels().data(), "epoch " + e + " batch " + i);
                assertArrayEquals(a.get(i).x().toArray(), b.get(i).x().toArray(), "epoch " + e + " batch " + i);
            }
        }
    }

    @Test
    void aFailureInTheWorkerIsRethrownByNext() {
        AtomicInteger calls = new AtomicInteger();
        Augmenter breaks = new Augmenter() {
            @Override
            public Tensor apply(Tensor x, Rng rng) {
                if (calls.incrementAndGet() == 3) {
                    throw new ArithmeticException("boom");
                }
                return x;
            }

            @Override
            public String describe() {
                return "breaks on the third batch";
            }
        };
        BatchSource s = BatchSource.prefetched(BatchSource.of(traced(), 10, true, 1, breaks, null), 2);
        try (BatchSource.Batches it = s.epoch(0)) {
            it.next();
            it.next();
            var e = assertThrows(ArithmeticException.class, it::next);
            assertEquals("boom", e.getMessage());
            assertThrows(ArithmeticException.class, it::hasNext, "and on every later call");
        }
    }

    @Test
    void closeStopsAWorkerBlockedOnAFullQueue() throws InterruptedException {
        BatchSource s = BatchSource.prefetched(BatchSource.of(traced(), 5, false, 0, null, null), 2);
        BatchSource.Batches it = s.epoch(7);
        it.next();
        Thread.sleep(20); // let it fill the queue and block
        assertTrue(worker("ldnn-batches-7"), "the worker waits for room in the queue");
        it.close();
        for (int i = 0; i < 100 && worker("ldnn-batches-7"); i++) {
            Thread.sleep(10);
        }
        assertFalse(worker("ldnn-batches-7"), "close ends the worker");
    }

    private static boolean worker(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}
