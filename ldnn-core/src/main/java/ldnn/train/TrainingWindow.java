package ldnn.train;

import ldnn.data.Batch;
import ldnn.nn.Loss;
import ldnn.tensor.Tensor;

/** Training statistics since the last evaluation: mean loss, error and throughput. */
final class TrainingWindow {
    private final long start = System.nanoTime();
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

    /** Examples per second since the window opened (also kept as {@link #lastRate}). */
    double rate() {
        double s = (System.nanoTime() - start) / 1e9;
        lastRate = s > 0 ? examples / s : 0;
        return lastRate;
    }
}
