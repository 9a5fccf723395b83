/**
 * Numerical gradient checking (recipe point 9): {@link ldnn.check.GradCheck} compares autograd's float32
 * gradients with central differences computed in double precision by replaying the recorded graph
 * through each op's reference forward; {@link ldnn.check.OpCases} holds a case for every op.
 */
package ldnn.check;
