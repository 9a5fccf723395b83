/**
 * Reverse-mode automatic differentiation on a define-by-run tape: ops record a {@link ldnn.autograd.Node}
 * when an input requires grad and {@link ldnn.autograd.GradMode} is on; {@link ldnn.autograd.Backward}
 * walks the recorded graph from a scalar back to the leaves.
 */
package ldnn.autograd;
