package ldnn.data;

import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/** Random, label-preserving changes to a training batch (recipe point 11). Never used for evaluation. */
public interface Augmenter {

    /** A new, augmented copy of the batch x [n, ...], drawn from rng. */
    Tensor apply(Tensor x, Rng rng);

    /** One line for logs and the run report. */
    String describe();
}
