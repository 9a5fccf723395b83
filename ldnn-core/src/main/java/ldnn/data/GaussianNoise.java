package ldnn.data;

import ldnn.tensor.Rng;
import ldnn.tensor.Shape;
import ldnn.tensor.ShapeException;
import ldnn.tensor.Tensor;

/**
 * Additive Gaussian noise for vector inputs (the recipe's "add noise"): x + sigma·N(0, 1), with one sigma
 * for all dimensions or one per dimension. The batch loader augments raw inputs (before preprocessing),
 * so {@link #relativeTo} scales the noise to each dimension's spread in the training data.
 */
public final class GaussianNoise implements Augmenter {
    private final float[] sigma;

    /** The same sigma for every value. */
    public GaussianNoise(double sigma) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("GaussianNoise: sigma must be >= 0, got " + sigma);
        }
        this.sigma = new float[] {(float) sigma};
    }

    private GaussianNoise(float[] perDimension) {
        this.sigma = perDimension;
    }

    /** Per-dimension sigma = fraction x that dimension's std in trainX [n, ...] (constant dimensions get none). */
    public static GaussianNoise relativeTo(Tensor trainX, double fraction) {
        ColumnStats s = ColumnStats.of(trainX, null);
        float[] sig = new float[s.d];
        for (int j = 0; j < s.d; j++) {
            sig[j] = s.isConstant(j) ? 0 : (float) (fraction * s.std[j]);
        }
        return new GaussianNoise(sig);
    }

    @Override
    public Tensor apply(Tensor x, Rng rng) {
        int n = x.size(0), d = n == 0 ? 0 : x.numel() / n;
        if (sigma.length > 1 && d != sigma.length) {
            throw new ShapeException("GaussianNoise: fitted for examples of " + sigma.length + " values, got "
                    + Shape.str(x.shape()));
        }
        float[] a = x.toArray();
        for (int i = 0; i < a.length; i++) {
            float s = sigma.length == 1 ? sigma[0] : sigma[i % d];
            a[i] += (float) (s * rng.nextGaussian());
        }
        return Tensor.of(a, x.shape());
    }

    @Override
    public String describe() {
        return sigma.length == 1 ? "additive Gaussian noise, sigma " + sigma[0]
                : "additive Gaussian noise scaled per dimension (" + sigma.length + " dims)";
    }
}
