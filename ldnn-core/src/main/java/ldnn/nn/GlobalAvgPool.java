package ldnn.nn;

import ldnn.tensor.Tensor;

/**
 * Global average pooling: [batch, channels, height, width] to [batch, channels, 1, 1], each channel's
 * mean over the image (PyTorch's {@code nn.AdaptiveAvgPool2d(1)}); a dense layer after it flattens.
 * The usual head of a residual net: it replaces a large dense layer over every position.
 */
public final class GlobalAvgPool extends Module {
    /** The layer; it has no parameters. */
    public GlobalAvgPool() {
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("gap: expected images [batch, channels, height, width], got "
                    + java.util.Arrays.toString(x.shape()));
        }
        return x.mean(true, 2, 3);
    }

    @Override
    public String spec() {
        return "gap";
    }
}
