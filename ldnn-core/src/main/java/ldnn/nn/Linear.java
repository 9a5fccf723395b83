package ldnn.nn;

import ldnn.tensor.Rng;
import ldnn.tensor.ShapeException;
import ldnn.tensor.Tensor;

/** y = x·Wᵀ + b, weight [out, in] (PyTorch's layout). Input [..., in]; leading dims are batch. */
public final class Linear extends Module {
    private final int in, out;
    private final Tensor weight, bias;

    /** A fully connected layer y = x·Wᵀ + b, with a bias. */
    public Linear(int in, int out) {
        this(in, out, true);
    }

    /** A fully connected layer, with or without a bias. */
    public Linear(int in, int out, boolean withBias) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear: sizes must be >= 1, got in=" + in + " out=" + out);
        }
        this.in = in;
        this.out = out;
        weight = param("weight", Tensor.zeros(out, in));
        bias = withBias ? param("bias", Tensor.zeros(out)) : null;
        resetParameters(Init.defaults(), new Rng(0));
    }

    /** Weights from the scheme with fan-in = in; biases 0. */
    @Override
    protected void resetParameters(Init init, Rng rng) {
        assign(weight, init.sample(rng, in, out, in));
        if (bias != null) {
            assign(bias, Tensor.zeros(out));
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() == 0 || x.size(-1) != in) {
            throw new ShapeException("Linear(" + in + " -> " + out + "): expected input [..., " + in + "], got "
                    + java.util.Arrays.toString(x.shape()) + (x.rank() > 2 ? " (flatten images first)" : ""));
        }
        Tensor y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    /** The weight [out, in] (PyTorch's layout). */
    public Tensor weight() {
        return weight;
    }

    /** The bias [out], or null without one. */
    public Tensor bias() {
        return bias;
    }

    /** Input features. */
    public int in() {
        return in;
    }

    /** Output features. */
    public int out() {
        return out;
    }

    @Override
    public String spec() {
        return "dense(" + out + (bias == null ? ",bias=false" : "") + ")";
    }
}
