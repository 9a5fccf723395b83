package ldnn.train;

import ldnn.data.Batch;
import ldnn.nn.Loss;
import ldnn.tensor.Tensor;

/** Training statistics since the last evaluation: mean loss, error and throughput. */
final class TrainingWindow {
    private final long start = System.nanoTime();
    private final long allocatedAtStart = allocatedBytes();
    long steps;
    private long examples, wrong, counted;
    private double lossSum;
    double lastRate;

    void add(double lv, Batch b, Tensor output, Loss loss) {
        steps++;
        examples += b.size();
        lossSum += lv;
        long[] e = loss.errors(output, b.labels(), b.targets());
        wrong += e[0];
        counted += e[1];
    }

    double error() {
        return counted == 0 ? Double.NaN : (double) wrong / counted;
    }

    double meanLoss() {
        return steps == 0 ? Double.NaN : lossSum / steps;
    }

    /**
     * Bytes the whole JVM allocated per training step since the window opened (data preparation on the
     * prefetch thread included), NaN if the JVM cannot count them.
     */
    double allocatedBytesPerStep() {
        long now = allocatedBytes();
        return steps == 0 || now < 0 || allocatedAtStart < 0 ? Double.NaN : (double) (now - allocatedAtStart) / steps;
    }

    /** Bytes allocated by all threads of this JVM so far (-1 where the JVM does not count them). */
    static long allocatedBytes() {
        if (java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            return t.getTotalThreadAllocatedBytes();
        }
        return -1;
    }

    /** Examples per second since the window opened (also kept as {@link #lastRate}). */
    double rate() {
        double s = (System.nanoTime() - start) / 1e9;
        lastRate = s > 0 ? examples / s : 0;
        return lastRate;
    }
}
