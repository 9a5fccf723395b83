package ldnn.data;

import ldnn.tensor.IntTensor;
import ldnn.tensor.Tensor;

/**
 * One minibatch: inputs x [b, ...] and either class labels [b] (classification) or float targets
 * [b, ...] (regression, sequence outputs). Exactly one of labels/targets is non-null.
 */
public record Batch(Tensor x, IntTensor labels, Tensor targets) {
    /** The number of examples in the batch. */
    public int size() {
        return x.size(0);
    }
}
