package ldnn.nn;

import ldnn.tensor.Tensor;

/** Elementwise nonlinearities: relu, tanh, sigmoid. */
public final class Activation extends Module {
    /** The nonlinearity. */
    public enum Kind {
        /** max(0, x). */
        RELU,
        /** tanh(x). */
        TANH,
        /** 1 / (1 + exp(-x)). */
        SIGMOID
    }

    private final Kind kind;

    /** The given nonlinearity as a layer. */
    public Activation(Kind kind) {
        this.kind = kind;
    }

    /** A ReLU layer. */
    public static Activation relu() {
        return new Activation(Kind.RELU);
    }

    /** A tanh layer. */
    public static Activation tanh() {
        return new Activation(Kind.TANH);
    }

    /** A sigmoid layer. */
    public static Activation sigmoid() {
        return new Activation(Kind.SIGMOID);
    }

    /** Which nonlinearity this is. */
    public Kind kind() {
        return kind;
    }

    /** The init gain for a layer feeding this activation: √2 for ReLU (He et al.), 1 otherwise. */
    public double gain() {
        return kind == Kind.RELU ? Math.sqrt(2) : 1;
    }

    @Override
    public Tensor forward(Tensor x) {
        return switch (kind) {
            case RELU -> x.relu();
            case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid();
        };
    }

    @Override
    public String spec() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
