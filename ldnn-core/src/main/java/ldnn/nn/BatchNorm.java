package ldnn.nn;

import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * Batch normalization (Ioffe and Szegedy 2015) of features [batch, features] or of image channels
 * [batch, channels, height, width]: in training, each feature (channel) is normalized with the batch's
 * mean and biased variance, then scaled by {@code weight} and shifted by {@code bias}; the running
 * mean and the running unbiased variance move towards the batch's by {@code momentum} (0.1) and are
 * used instead in evaluation. The names and numbers are PyTorch's BatchNorm1d/BatchNorm2d's, buffers
 * included ({@code running_mean}, {@code running_var}, {@code num_batches_tracked}), so a saved model
 * loads into the PyTorch module with {@code strict=True}.
 *
 * <p>Training uses the fused op {@link Tensor#batchNorm} (in the op table, gradient-checked in double
 * precision); evaluation is two tensor ops. The buffers are saved in model files and checkpoints, so a
 * resumed run continues with the same statistics.
 */
public final class BatchNorm extends Module {
    /** Added to the variance before the square root (PyTorch's default). */
    public static final double EPS = 1e-5;
    /** How far the running statistics move towards each batch's (PyTorch's default). */
    public static final double MOMENTUM = 0.1;
    private final int features;
    private final Tensor weight, bias, runningMean, runningVar, batchesTracked;

    /**
     * Batch normalization of this many features or image channels.
     *
     * @param features the size of axis 1 of the input
     */
    public BatchNorm(int features) {
        if (features < 1) {
            throw new IllegalArgumentException("BatchNorm: expected at least 1 feature (channel), got " + features);
        }
        this.features = features;
        weight = param("weight", Tensor.ones(features));
        bias = param("bias", Tensor.zeros(features));
        runningMean = buffer("running_mean", Tensor.zeros(features));
        runningVar = buffer("running_var", Tensor.ones(features));
        batchesTracked = buffer("num_batches_tracked", Tensor.zeros());
    }

    /** The scale starts at 1 and the shift at 0, whatever the init scheme (it sets the scale of weight matrices). */
    @Override
    protected void resetParameters(Init init, Rng rng) {
        java.util.Arrays.fill(weight.data(), weight.offset(), weight.offset() + features, 1f);
        java.util.Arrays.fill(bias.data(), bias.offset(), bias.offset() + features, 0f);
        java.util.Arrays.fill(runningMean.data(), runningMean.offset(), runningMean.offset() + features, 0f);
        java.util.Arrays.fill(runningVar.data(), runningVar.offset(), runningVar.offset() + features, 1f);
        batchesTracked.data()[batchesTracked.offset()] = 0;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 2 && x.rank() != 4 || x.size(1) != features) {
            throw new IllegalArgumentException("BatchNorm(" + features + "): expected input [batch, " + features
                    + "] or [batch, " + features + ", height, width], got " + java.util.Arrays.toString(x.shape()));
        }
        int[] perFeature = x.rank() == 2 ? new int[] {1, features} : new int[] {1, features, 1, 1};
        Tensor w = weight.reshape(perFeature), b = bias.reshape(perFeature);
        if (!isTraining()) {
            Tensor scale = w.div(runningVar.reshape(perFeature).add((float) EPS).sqrt());
            return x.mul(scale).add(b.sub(runningMean.reshape(perFeature).mul(scale)));
        }
        long n = x.numel() / features;
        if (n < 2) {
            throw new IllegalArgumentException("BatchNorm(" + features + "): training needs more than one value per"
                    + " feature in a batch, got input " + java.util.Arrays.toString(x.shape())
                    + " (use a batch larger than 1, or evaluation mode)");
        }
        float[] m = new float[features], v = new float[features];
        Tensor y = x.batchNorm(weight, bias, EPS, m, v);
        track(m, v, n);
        return y;
    }

    /** Moves the running statistics towards the batch's (unbiased variance, as PyTorch). */
    private void track(float[] m, float[] v, long n) {
        float[] rm = runningMean.data(), rv = runningVar.data();
        int om = runningMean.offset(), ov = runningVar.offset();
        double unbias = (double) n / (n - 1), k = MOMENTUM;
        for (int c = 0; c < features; c++) {
            rm[om + c] = (float) ((1 - k) * rm[om + c] + k * m[c]);
            rv[ov + c] = (float) ((1 - k) * rv[ov + c] + k * v[c] * unbias);
        }
        batchesTracked.data()[batchesTracked.offset()] += 1;
    }

    /**
     * The number of features (channels) normalized.
     *
     * @return the number of features (channels) normalized
     */
    public int features() {
        return features;
    }

    /**
     * The scale per feature (trained; starts at 1).
     *
     * @return the scale per feature (trained; starts at 1)
     */
    public Tensor weight() {
        return weight;
    }

    /**
     * The shift per feature (trained; starts at 0).
     *
     * @return the shift per feature (trained; starts at 0)
     */
    public Tensor bias() {
        return bias;
    }

    /**
     * The running mean per feature (a buffer; used in evaluation).
     *
     * @return the running mean per feature (a buffer; used in evaluation)
     */
    public Tensor runningMean() {
        return runningMean;
    }

    /**
     * The running unbiased variance per feature (a buffer; used in evaluation).
     *
     * @return the running unbiased variance per feature (a buffer; used in evaluation)
     */
    public Tensor runningVar() {
        return runningVar;
    }

    @Override
    public String spec() {
        return "bn";
    }
}
