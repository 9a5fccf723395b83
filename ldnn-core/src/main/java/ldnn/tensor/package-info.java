/**
 * Tensors and the ops on them. {@link ldnn.tensor.Tensor} is a view (offset, shape, strides) onto a plain
 * {@code float[]}; the op families ({@code Pointwise}, {@code Reductions}, {@code Views}, {@code Linalg},
 * {@code NnOps}, {@code Conv}, {@link ldnn.tensor.Recurrent}) each keep an op's fast forward, its backward
 * rule and its double-precision reference together. {@link ldnn.tensor.Op} is the table of every
 * differentiable op; CI gradient-checks each entry.
 */
package ldnn.tensor;
