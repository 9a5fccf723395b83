package ldnn.train;

import ldnn.data.Dataset;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/** Small synthetic data sets for trainer tests. */
final class Blobs {
    private Blobs() {
    }

    /** Gaussian clusters: k classes in d dimensions, centers ~ N(0, spread²), unit noise. */
    static Dataset classification(int n, int d, int k, double spread, long seed) {
        Rng r = new Rng(seed);
        float[][] centers = new float[k][d];
        for (float[] c : centers) {
            for (int j = 0; j < d; j++) {
                c[j] = (float) (spread * r.nextGaussian());
            }
        }
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(k);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = centers[y[i]][j] + (float) r.nextGaussian();
            }
        }
        return Dataset.classification("blobs", Tensor.of(x, n, d), new IntTensor(y, n), java.util.List.of());
    }

    /** y = x·A + noise, for regression. */
    static Dataset regression(int n, int d, int out, long seed) {
        Rng r = new Rng(seed);
        Tensor a = Tensor.randn(r, d, out);
        Tensor x = Tensor.randn(r, n, d);
        Tensor y = x.matmul(a).add(Tensor.randn(r, n, out).mul(0.1f));
        return Dataset.regression("linear", x, y);
    }
}
