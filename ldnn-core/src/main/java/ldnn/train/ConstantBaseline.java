package ldnn.train;

import ldnn.data.Batch;
import ldnn.nn.Loss;

/**
 * The loss of the best constant prediction for the batches seen so far: the label entropy for
 * cross-entropy, the target variance for MSE, the mean binary entropy of the targets for BCE. A net
 * whose training loss is not clearly below it has learned nothing about its inputs yet.
 */
final class ConstantBaseline {
    private long[] counts = new long[16];
    private long labels;
    private double sum, sumSq;
    private double[] onesPerOutput;
    private long rows;

    void add(Batch b) {
        if (b.labels() != null) {
            for (int l : b.labels().data()) {
                if (l >= counts.length) {
                    counts = java.util.Arrays.copyOf(counts, Math.max(l + 1, 2 * counts.length));
                }
                counts[l]++;
                labels++;
            }
            return;
        }
        float[] t = b.targets().toArray();
        int per = t.length / Math.max(1, b.size());
        if (onesPerOutput == null) {
            onesPerOutput = new double[per];
        }
        for (int i = 0; i < t.length; i++) {
            sum += t[i];
            sumSq += (double) t[i] * t[i];
            if (per == onesPerOutput.length) {
                onesPerOutput[i % per] += t[i];
            }
        }
        rows += b.size();
    }

    double loss(Loss loss) {
        switch (loss) {
            case CROSS_ENTROPY -> {
                double h = 0;
                for (long c : counts) {
                    if (c > 0) {
                        double p = (double) c / labels;
                        h -= p * Math.log(p);
                    }
                }
                return h;
            }
            case MSE -> {
                long n = rows * (onesPerOutput == null ? 1 : onesPerOutput.length);
                double mean = sum / n;
                return sumSq / n - mean * mean;
            }
            default -> {
                double h = 0;
                for (double ones : onesPerOutput) {
                    double p = Math.min(1 - 1e-12, Math.max(1e-12, ones / rows));
                    h -= p * Math.log(p) + (1 - p) * Math.log(1 - p);
                }
                return h / onesPerOutput.length;
            }
        }
    }
}
