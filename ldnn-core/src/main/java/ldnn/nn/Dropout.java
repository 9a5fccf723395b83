package ldnn.nn;

import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * Inverted dropout (recipe point 12): in training, zeroes each unit with probability p and scales
 * the survivors by 1/(1-p); in evaluation it is the identity, which equals averaging over masks for
 * the layer's expectation (the essay's "scale the weights by 1-p at test time").
 */
public final class Dropout extends Module implements Module.RandomLayer {
    private final float p;
    private final Rng rng = new Rng(0x5EED);

    /**
     * Drops each input with probability {@code p} in [0, 1) while training (scaling the rest by 1/(1-p)); the identity
     * in evaluation mode.
     */
    public Dropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: probability must be in [0, 1), got " + p);
        }
        this.p = (float) p;
    }

    @Override
    public Tensor forward(Tensor x) {
        return isTraining() && p > 0 ? x.dropout(p, rng) : x;
    }

    /** The drop probability. */
    public float p() {
        return p;
    }

    @Override
    public Rng rng() {
        return rng;
    }

    @Override
    public String spec() {
        return "dropout(" + p + ")";
    }
}
