package ldnn.experiments;

import ldnn.nn.Module;
import ldnn.tensor.Tensor;

/**
 * A threshold unit: the Heaviside step H(z) = [z > 0], or a steep sigmoid σ(gain·z) that approximates
 * it. Used by the hand-wired sorting network; not differentiable in the step form (nothing trains it).
 */
final class Threshold extends Module {
    private final double gain;

    /** The exact step. */
    static Threshold step() {
        return new Threshold(Double.POSITIVE_INFINITY);
    }

    /** σ(gain·z); the construction's margins are ±½, so gain 20 is within 5e-5 of the step. */
    static Threshold sigmoid(double gain) {
        if (!(gain > 0)) {
            throw new IllegalArgumentException("Threshold: gain must be > 0, got " + gain);
        }
        return new Threshold(gain);
    }

    private Threshold(double gain) {
        this.gain = gain;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Double.isInfinite(gain) ? x.gt(0f) : x.mul((float) gain).sigmoid();
    }

    @Override
    public String spec() {
        return Double.isInfinite(gain) ? "step" : "sigmoid(gain=" + gain + ")";
    }
}
