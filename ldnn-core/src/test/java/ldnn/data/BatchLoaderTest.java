package ldnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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

class BatchLoaderTest {
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

    private static List<int[]> labels(BatchLoader l, int batches, boolean jitter) throws InterruptedException {
        List<int[]> out = new ArrayList<>();
        Rng sleep = new Rng(99);
        for (int i = 0; i < batches; i++) {
            if (jitter && sleep.nextInt(3) == 0) {
                Thread.sleep(1); // let the worker run ahead or fall behind
            }
            out.add(l.next().labels().data().clone());
        }
        return out;
    }

    @Test
    void everyEpochIsAPermutationInBatchesWithTheLastOnePartial() {
        try (BatchLoader l = new BatchLoader(traced(), 16, new Rng(1), null, null)) {
            assertEquals(4, l.batchesPerEpoch());
            for (int e = 0; e < 3; e++) {
                boolean[] seen = new boolean[50];
                List<Integer> sizes = new ArrayList<>();
                for (Batch b : l.nextEpoch()) {
                    sizes.add(b.size());
                    for (int i = 0; i < b.size(); i++) {
                        int row = b.labels().get(i);
                        assertFalse(seen[row], "row " + row + " twice in epoch " + e);
                        seen[row] = true;
                        assertEquals(row, b.x().get(i, 0, 1, 1), "inputs travel with their labels");
                    }
                }
                assertEquals(List.of(16, 16, 16, 2), sizes);
                assertEquals(e, l.epoch());
            }
        }
    }

    @Test
    void theOrderDependsOnlyOnTheSeedNotOnThreadTiming() throws InterruptedException {
        List<int[]> a, b, c;
        try (BatchLoader l = new BatchLoader(traced(), 8, new Rng(42), null, null, true, 2)) {
            a = labels(l, 30, false);
        }
        try (BatchLoader l = new BatchLoader(traced(), 8, new Rng(42), null, null, true, 2)) {
            b = labels(l, 30, true);
        }
        try (BatchLoader l = new BatchLoader(traced(), 8, new Rng(43), null, null, true, 2)) {
            c = labels(l, 30, false);
        }
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "batch " + i);
        }
        assertFalse(Arrays.equals(a.get(0), c.get(0)) && Arrays.equals(a.get(1), c.get(1)));
        assertEquals(8, a.get(29).length, "dropLast: every batch full");
    }

    @Test
    void augmentationIsSeededAndLeavesLabelsAndOrderUntouchedThenThePreprocessorRuns() throws InterruptedException {
        Dataset d = traced();
        Preprocessor pre = Standardizer.fit(d.x());
        Augmenter noise = new GaussianNoise(0.5);
        List<int[]> plain;
        try (BatchLoader l = new BatchLoader(d, 10, new Rng(5), null, null)) {
            plain = labels(l, 10, false);
        }
        float[] first;
        try (BatchLoader l = new BatchLoader(d, 10, new Rng(5), noise, pre)) {
            Batch b = l.next();
            assertArrayEquals(plain.get(0), b.labels().data(), "same order and labels as without augmentation");
            first = b.x().toArray();
            Rng expectAug = new Rng(5);
            expectAug.split(); // the order generator
            Tensor raw = d.batch(b.labels().data(), 0, 10).x();
            assertArrayEquals(pre.apply(noise.apply(raw, expectAug.split())).toArray(), first, 1e-6f,
                    "augment the raw rows, then preprocess");
        }
        try (BatchLoader l = new BatchLoader(d, 10, new Rng(5), noise, pre)) {
            assertArrayEquals(first, l.next().x().toArray());
        }
    }

    @Test
    void evaluationKeepsTheDataOrder() {
        try (BatchLoader l = BatchLoader.forEvaluation(traced(), 20, null)) {
            List<Integer> all = new ArrayList<>();
            for (Batch b : l.nextEpoch()) {
                for (int v : b.labels().data()) {
                    all.add(v);
                }
            }
            for (int i = 0; i < 50; i++) {
                assertEquals(i, all.get(i));
            }
        }
    }

    @Test
    void aFailureInTheWorkerIsRethrownByNextAndTheThreadEnds() {
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
        BatchLoader l = new BatchLoader(traced(), 10, new Rng(1), breaks, null);
        l.next();
        l.next();
        var e = assertThrows(IllegalStateException.class, l::next);
        assertTrue(e.getMessage().contains("batch 2 of epoch 0") && e.getMessage().contains("boom"), e.getMessage());
        assertTrue(e.getCause() instanceof ArithmeticException);
        var again = assertThrows(IllegalStateException.class, l::next);
        assertSame(e, again);
        l.close();
        assertFalse(l.workerAlive());
    }

    @Test
    void closeStopsAWorkerBlockedOnAFullQueue() throws InterruptedException {
        BatchLoader l = new BatchLoader(traced(), 5, new Rng(1), null, null, false, 2);
        Thread.sleep(20); // let it fill the queue and block
        assertTrue(l.workerAlive());
        l.close();
        assertFalse(l.workerAlive());
        l.close();
        assertThrows(IllegalStateException.class, l::next);
        assertThrows(IllegalArgumentException.class, () -> new BatchLoader(traced(), 64, new Rng(1), null, null, true, 2));
    }
}
