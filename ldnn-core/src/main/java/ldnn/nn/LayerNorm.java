package ldnn.nn;

import java.util.Arrays;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * Layer normalization (Ba, Kiros and Hinton 2016): each example is normalized over its trailing
 * {@code normalizedShape} axes with its own mean and biased variance, then scaled elementwise by
 * {@code weight} and shifted by {@code bias}; the same in training and evaluation (no running
 * statistics). As PyTorch's {@code nn.LayerNorm(normalized_shape)}: the spec language normalizes the
 * features of a vector, the last axis of a sequence ([time, features]: each step on its own) and the
 * whole [channels, height, width] of an image.
 */
public final class LayerNorm extends Module {
    /** Added to the variance before the square root (PyTorch's default). */
    public static final double EPS = 1e-5;
    private final int[] normalizedShape;
    private final Tensor weight, bias;

    /**
     * Layer normalization over the trailing axes of this shape.
     *
     * @param normalizedShape the sizes of the input's last axes, e.g. {@code 64} or {@code 32, 14, 14}
     */
    public LayerNorm(int... normalizedShape) {
        if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("LayerNorm: expected a normalized shape of sizes >= 1, got "
                    + Arrays.toString(normalizedShape));
        }
        this.normalizedShape = normalizedShape.clone();
        weight = param("weight", Tensor.ones(normalizedShape));
        bias = param("bias", Tensor.zeros(normalizedShape));
    }

    /** The scale starts at 1 and the shift at 0, whatever the init scheme. */
    @Override
    protected void resetParameters(Init init, Rng rng) {
        Arrays.fill(weight.data(), weight.offset(), weight.offset() + weight.numel(), 1f);
        Arrays.fill(bias.data(), bias.offset(), bias.offset() + bias.numel(), 0f);
    }

    @Override
    public Tensor forward(Tensor x) {
        int k = normalizedShape.length, r = x.rank();
        int[] shape = x.shape();
        if (r <= k || !Arrays.equals(Arrays.copyOfRange(shape, r - k, r), normalizedShape)) {
            throw new IllegalArgumentException("LayerNorm" + Arrays.toString(normalizedShape) + ": expected input [batch, ..., "
                    + Arrays.toString(normalizedShape).replaceAll("[\\[\\]]", "") + "], got " + Arrays.toString(shape));
        }
        int[] axes = new int[k];
        for (int i = 0; i < k; i++) {
            axes[i] = r - k + i;
        }
        Tensor mean = x.mean(true, axes);
        Tensor centered = x.sub(mean);
        Tensor var = centered.mul(centered).mean(true, axes);
        return centered.div(var.add((float) EPS).sqrt()).mul(weight).add(bias);
    }

    /**
     * The trailing shape normalized over (a copy).
     *
     * @return the trailing shape normalized over (a copy)
     */
    public int[] normalizedShape() {
        return normalizedShape.clone();
    }

    @Override
    public String spec() {
        return "ln";
    }
}
