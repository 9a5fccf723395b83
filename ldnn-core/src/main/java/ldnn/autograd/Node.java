package ldnn.autograd;

import ldnn.tensor.Op;
import ldnn.tensor.RefTensor;
import ldnn.tensor.Tensor;

/**
 * One recorded application of an op: its inputs, the rule that maps the output's gradient to the
 * inputs' gradients, and a double-precision reference forward (used by the gradient checker to
 * replay the graph). Each op's node class sits in the same file as its forward.
 */
public abstract class Node {
    private final Tensor[] inputs;

    /** A node whose output was computed from {@code inputs}. */
    protected Node(Tensor... inputs) {
        this.inputs = inputs;
    }

    /** The registered op this node applies. */
    public abstract Op op();

    /**
     * Gradients of the loss with respect to each input, given the gradient {@code g} with respect to
     * the output (same shape as the output; possibly a broadcast view). Entries for inputs that do
     * not need a gradient may be null. Runs with recording off.
     */
    public abstract Tensor[] backward(Tensor g);

    /** The op's forward on double-precision copies of the inputs (same order as {@link #inputs()}). */
    public abstract RefTensor reference(RefTensor[] in);

    /** The op's inputs, in the op's order. */
    public final Tensor[] inputs() {
        return inputs;
    }

    /** The op's i-th input. */
    public final Tensor input(int i) {
        return inputs[i];
    }

    /** Whether input i takes part in differentiation (requires grad itself or depends on one that does). */
    public final boolean needsGrad(int i) {
        return inputs[i].requiresGrad();
    }

    @Override
    public String toString() {
        return op().name().toLowerCase(java.util.Locale.ROOT);
    }
}
