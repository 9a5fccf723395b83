package ldnn.nn;

import ldnn.tensor.Rng;
import ldnn.tensor.ShapeException;
import ldnn.tensor.Tensor;

/**
 * 2-d convolution, NCHW, square kernel; weight [out, in, k, k], bias [out] (none before a batch norm,
 * whose shift replaces it). Default padding keeps the size (k/2).
 */
public final class Conv2d extends Module {
    private final int in, out, kernel, stride, padding;
    private final Tensor weight, bias;

    /** A k×k convolution from {@code in} to {@code out} channels at stride 1, padded to keep the size ("same"). */
    public Conv2d(int in, int out, int kernel) {
        this(in, out, kernel, 1, kernel / 2);
    }

    /** A k×k convolution with the given stride and zero padding on each side. */
    public Conv2d(int in, int out, int kernel, int stride, int padding) {
        this(in, out, kernel, stride, padding, true);
    }

    /**
     * A convolution, with or without a bias.
     *
     * @param in       input channels
     * @param out      output channels
     * @param kernel   the kernel's height and width
     * @param stride   the step between windows
     * @param padding  zeros added on each side
     * @param withBias whether the layer adds a bias per output channel (not before a batch norm)
     */
    public Conv2d(int in, int out, int kernel, int stride, int padding, boolean withBias) {
        if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv2d: need in, out, kernel, stride >= 1 and padding >= 0, got in="
                    + in + " out=" + out + " kernel=" + kernel + " stride=" + stride + " padding=" + padding);
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        weight = param("weight", Tensor.zeros(out, in, kernel, kernel));
        bias = withBias ? param("bias", Tensor.zeros(out)) : null;
        resetParameters(Init.defaults(), new Rng(0));
    }

    /** Weights from the scheme with fan-in = in·k·k; biases 0. */
    @Override
    protected void resetParameters(Init init, Rng rng) {
        assign(weight, init.sample(rng, in * kernel * kernel, out, in, kernel, kernel));
        if (bias != null) {
            assign(bias, Tensor.zeros(out));
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.size(1) != in) {
            throw new ShapeException("Conv2d(" + in + " -> " + out + ", " + kernel + "x" + kernel
                    + "): expected input [batch, " + in + ", height, width], got " + java.util.Arrays.toString(x.shape()));
        }
        return x.conv2d(weight, bias, stride, padding);
    }

    /** Output channels. */
    public int out() {
        return out;
    }

    /**
     * The kernel's height and width.
     *
     * @return the kernel size
     */
    public int kernel() {
        return kernel;
    }

    /**
     * The step between windows.
     *
     * @return the stride
     */
    public int stride() {
        return stride;
    }

    /**
     * Zeros added on each side.
     *
     * @return the padding
     */
    public int padding() {
        return padding;
    }

    /**
     * The weights [out, in, k, k].
     *
     * @return the kernel tensor
     */
    public Tensor weight() {
        return weight;
    }

    /**
     * The bias per output channel.
     *
     * @return the bias, or null when the layer has none
     */
    public Tensor bias() {
        return bias;
    }

    /** Output height/width for an input of the given size. */
    public int outSize(int size) {
        return (size + 2 * padding - kernel) / stride + 1;
    }

    @Override
    public String spec() {
        StringBuilder sb = new StringBuilder("conv(").append(out).append(',').append(kernel);
        if (stride != 1) {
            sb.append(",stride=").append(stride);
        }
        if (padding != kernel / 2) {
            sb.append(",pad=").append(padding);
        }
        if (bias == null) {
            sb.append(",bias=false");
        }
        return sb.append(')').toString();
    }
}
