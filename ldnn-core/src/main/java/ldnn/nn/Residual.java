package ldnn.nn;

import ldnn.tensor.Tensor;

/**
 * A residual block (He et al. 2016): {@code body(x) + x}, or {@code body(x) + proj(x)} when the body
 * changes the shape (a 1x1 convolution with the body's stride, or a dense layer). The ReLU that
 * usually follows is the next layer. In PyTorch: a module with attributes {@code body} (an
 * {@code nn.Sequential}) and {@code proj} (or None), whose forward returns {@code body(x) + proj(x)}; the
 * saved names ("2.body.0.weight", "2.proj.weight") are that module's.
 *
 * <p>Initialization: the body's layers get ldnn's usual scaled init (each with the gain of the
 * activation after it; the last one, before the sum, a gain of 1) and the projection a gain of 1. So
 * at the start the block's output variance is about the input's plus the body's: for the few blocks
 * of a net trained here that growth is harmless, and batch normalization inside the body resets it.
 */
public final class Residual extends Module {
    private final Sequential body;
    private final Module proj;

    /**
     * A residual block.
     *
     * @param body the layers whose output is added to the input
     * @param proj the shortcut's projection when the body changes the shape, else null (the identity)
     */
    public Residual(Sequential body, Module proj) {
        this.body = child("body", body);
        this.proj = proj == null ? null : child("proj", proj);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = body.forward(x);
        Tensor skip = proj == null ? x : proj.forward(x);
        if (!java.util.Arrays.equals(y.shape(), skip.shape())) {
            throw new IllegalArgumentException("res: the body gives " + java.util.Arrays.toString(y.shape())
                    + " but the shortcut " + java.util.Arrays.toString(skip.shape()));
        }
        return y.add(skip);
    }

    /**
     * The block's layers.
     *
     * @return the block's layers
     */
    public Sequential body() {
        return body;
    }

    /**
     * The projection of the shortcut, or null (the identity).
     *
     * @return the projection of the shortcut, or null (the identity)
     */
    public Module proj() {
        return proj;
    }

    @Override
    public String spec() {
        return "res(" + body.spec() + ")";
    }
}
