package ldnn.nn;

import ldnn.tensor.Tensor;

/** [batch, ...] to [batch, features]. */
public final class Flatten extends Module {

    /** A layer that keeps the batch axis and flattens the rest. */
    public Flatten() {
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.rank() <= 2 ? x : x.flatten(1);
    }

    @Override
    public String spec() {
        return "flatten";
    }
}
