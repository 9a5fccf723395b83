package ldnn.experiments;

import ldnn.data.Batch;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * The adding problem (Hochreiter and Schmidhuber 1997): a sequence of T steps, each a value uniform in
 * [0, 1] and a marker; exactly two markers are 1, one in each half of the sequence; the target is the
 * sum of the two marked values. Always predicting 1 gives a mean squared error of 1/6; "solved" is an
 * error below 0.01. The first marker sits in the first half, so the net must carry it for T/2 to T steps.
 */
final class AddingTask {
    /** Mean squared error of always predicting the mean (1): the variance of the sum of two uniforms. */
    static final double BASELINE_MSE = 1.0 / 6;

    private AddingTask() {
    }

    static FreshBatches.Generator generator(int length) {
        return (rng, size) -> draw(rng, size, length);
    }

    static Batch draw(Rng rng, int size, int length) {
        float[] x = new float[size * length * 2], y = new float[size];
        int half = length / 2;
        for (int e = 0; e < size; e++) {
            int a = rng.nextInt(half), b = half + rng.nextInt(length - half);
            for (int t = 0; t < length; t++) {
                float v = rng.nextFloat();
                int at = (e * length + t) * 2;
                x[at] = v;
                if (t == a || t == b) {
                    x[at + 1] = 1;
                    y[e] += v;
                }
            }
        }
        return new Batch(Tensor.of(x, size, length, 2), null, Tensor.of(y, size, 1));
    }
}
