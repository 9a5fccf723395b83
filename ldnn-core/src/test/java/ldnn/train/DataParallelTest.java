package ldnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import ldnn.data.Batch;
import ldnn.data.BatchSource;
import ldnn.data.Dataset;
import ldnn.data.ShardedBatches;
import ldnn.nn.Activation;
import ldnn.nn.Linear;
import ldnn.nn.Sequential;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Trainer.dataParallel without Spark: workers in threads, summing through shared memory in a fixed
 * order. Three workers train the one-trainer model (up to float summation order) and stay identical.
 */
class DataParallelTest {

    /** Sums across threads: every worker adds the buffers in rank order, so all get the same bits. */
    static final class SharedSum {
        final int workers;
        final float[][] bufs;
        final CyclicBarrier barrier;

        SharedSum(int workers) {
            this.workers = workers;
            this.bufs = new float[workers][];
            this.barrier = new CyclicBarrier(workers);
        }

        GradientExchange worker(int rank) {
            return new GradientExchange() {
                @Override public int rank() { return rank; }
                @Override public int workers() { return workers; }

                @Override
                public void sum(float[] values, int n) {
                    bufs[rank] = values.clone();
                    await();
                    float[] s = new float[n];
                    for (float[] b : bufs) {
                        for (int i = 0; i < n; i++) {
                            s[i] += b[i];
                        }
                    }
                    await();
                    System.arraycopy(s, 0, values, 0, n);
                }
            };
        }

        private void await() {
            try {
                barrier.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static Sequential net() {
        return new Sequential(new Linear(20, 32), Activation.relu(), new Linear(32, 6));
    }

    @Test
    void shardsCoverEveryBatchEvenly() {
        Dataset d = Blobs.classification(300, 4, 3, 1.0, 2);
        BatchSource whole = BatchSource.of(d, 128, true, 7, null, null);
        List<Batch> all = new ArrayList<>();
        try (BatchSource.Batches b = whole.epoch(0)) {
            b.forEachRemaining(all::add);
        }
        for (int rank = 0; rank < 3; rank++) {
            try (BatchSource.Batches b = new ShardedBatches(whole, rank, 3).epoch(0)) {
                for (Batch full : all) {
                    Batch mine = b.next();
                    int from = full.size() * rank / 3, to = full.size() * (rank + 1) / 3;
                    assertEquals(to - from, mine.size(), "as even as can be");
                    int[] labels = java.util.Arrays.copyOfRange(full.labels().data(), from, to);
                    assertArrayEquals(labels, mine.labels().data(), "worker " + rank + " takes its contiguous slice");
                    assertArrayEquals(java.util.Arrays.copyOfRange(full.x().toArray(), from * 4, to * 4), mine.x().toArray());
                }
            }
        }
    }

    @Test
    void threeWorkersTrainTheOneTrainerModel() throws Exception {
        Dataset all = Blobs.classification(2000, 20, 6, 0.6, 9);
        TrainConfig base = new TrainConfig().maxEpochs(3).progress(false);
        TrainingData.Split split = TrainingData.holdOut(all, base);
        Sequential one = net();
        TrainResult alone = new Trainer(one, new TrainConfig().maxEpochs(3).progress(false), new PrintStream(OutputStream.nullOutputStream()))
                .fit(TrainingData.of(split.train(), split.validation(), split.note(), base, null, null));
        int w = 3;
        SharedSum sum = new SharedSum(w);
        int blasThreads = ldnn.backend.Blas.get().threads();
        ldnn.backend.Blas.get().setThreads(1); // workers in threads of one process: one BLAS thread each, as on Spark
        Sequential[] nets = new Sequential[w];
        TrainResult[] results = new TrainResult[w];
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < w; r++) {
            int rank = r;
            threads.add(Thread.ofPlatform().start(() -> {
                TrainConfig cfg = new TrainConfig().maxEpochs(3).progress(false);
                TrainingData d = TrainingData.of(split.train(), split.validation(), split.note(), cfg, null, null);
                nets[rank] = net();
                results[rank] = new Trainer(nets[rank], cfg, new PrintStream(OutputStream.nullOutputStream()))
                        .dataParallel(sum.worker(rank))
                        .fit(new TrainingData(new ShardedBatches(d.train(), rank, w), d.validation(), d.validationNote(),
                                null, null));
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        ldnn.backend.Blas.get().setThreads(blasThreads);
        Map<String, Tensor> ref = one.parameters();
        double worst = 0; // the largest ||w_one - w_parallel|| / ||w_one|| over the weight tensors
        for (String k : ref.keySet()) {
            float[] a = ref.get(k).toArray();
            for (int r = 0; r < w; r++) {
                float[] b = nets[r].parameters().get(k).toArray();
                assertArrayEquals(nets[0].parameters().get(k).toArray(), b, "worker " + r + " has worker 0's " + k);
            }
            double d = 0, n = 0;
            float[] b = nets[0].parameters().get(k).toArray();
            for (int i = 0; i < a.length; i++) {
                d += (a[i] - b[i]) * (double) (a[i] - b[i]);
                n += a[i] * (double) a[i];
            }
            worst = Math.max(worst, Math.sqrt(d / n));
        }
        System.out.println("3 workers vs one trainer, 3 epochs: largest relative weight-tensor difference " + worst);
        // (over more epochs, float-order differences can tip which epoch the best-model selection keeps)
        assertEquals(alone.bestEpoch(), results[0].bestEpoch(), "the same epoch kept as the best");
        for (int e = 0; e < alone.history().size(); e++) {
            assertEquals(alone.history().get(e).valLoss(), results[0].history().get(e).valLoss(), 1e-5,
                    "epoch " + (e + 1) + "'s validation loss");
        }
        assertTrue(worst < 1e-5, "one trainer's model up to float summation order: " + worst);
        assertEquals(results[0].steps(), results[2].steps(), "every worker took every step");
        assertEquals(results[0].history().getLast().valLoss(), results[1].history().getLast().valLoss(),
                "the same validation, so the same schedule decisions");
    }
}
