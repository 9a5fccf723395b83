package ldnn.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ldnn.tensor.Shape;
import ldnn.tensor.ShapeException;
import ldnn.tensor.Tensor;

/** The reverse-mode engine: walks the tape from a root tensor back to the leaves. */
public final class Backward {
    private Backward() {
    }

    /**
     * Computes d(root)/d(t) for every tensor t that requires grad, accumulating into the leaves'
     * {@code grad} (and into tensors marked {@code retainGrad()}).
     *
     * @param seed the gradient of the root; null means 1 (root must then have one element)
     */
    public static void run(Tensor root, Tensor seed) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor " + Shape.str(root.shape())
                    + " does not require grad; no parameter it depends on has requiresGrad(true)");
        }
        if (seed == null) {
            if (root.numel() != 1) {
                throw new ShapeException("backward: an implicit gradient needs a scalar output, got shape "
                        + Shape.str(root.shape()) + "; pass the output's gradient or reduce it (sum, mean) first");
            }
            seed = Tensor.full(1f, root.shape());
        } else if (!java.util.Arrays.equals(seed.shape(), root.shape())) {
            throw new ShapeException("backward: gradient shape " + Shape.str(seed.shape())
                    + " does not match output shape " + Shape.str(root.shape()));
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, seed);
        // storage arrays already given out in this pass (a leaf may adopt a gradient's array only if no
        // one else has it: a node may pass one gradient to two inputs, and the seed belongs to the caller)
        Set<float[]> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
        handedOut.add(seed.data());
        try (var ng = GradMode.noGrad()) {
            for (Tensor t : order) {
                Tensor g = grads.remove(t);
                if (g == null) {
                    continue;
                }
                Node node = t.gradFn();
                if (node == null) {
                    t.accumulateGrad(g, handedOut.add(g.data()));
                } else if (t.retainsGrad()) {
                    handedOut.add(g.data());
                    t.accumulateGrad(g, false);
                }
                if (node == null) {
                    continue;
                }
                handedOut.add(g.data());
                Tensor[] gs = node.backward(g);
                Tensor[] ins = node.inputs();
                for (int i = 0; i < ins.length; i++) {
                    if (gs[i] == null || !ins[i].requiresGrad()) {
                        continue;
                    }
                    if (!java.util.Arrays.equals(gs[i].shape(), ins[i].shape())) {
                        throw new IllegalStateException("internal: " + node + " backward gave shape "
                                + Shape.str(gs[i].shape()) + " for input " + i + " of shape " + Shape.str(ins[i].shape()));
                    }
                    grads.merge(ins[i], gs[i], Tensor::add);
                }
            }
        }
    }

    /** Tensors reachable from root through recorded nodes, root first, every tensor before its inputs. */
    public static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> post = new ArrayList<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        // iterative DFS: (tensor, next input index)
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        seen.add(root);
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            Tensor t = (Tensor) top[0];
            int i = (Integer) top[1];
            Node n = t.gradFn();
            if (n != null && i < n.inputs().length) {
                top[1] = i + 1;
                Tensor in = n.inputs()[i];
                if (in.requiresGrad() && seen.add(in)) {
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                post.add(t);
            }
        }
        Collections.reverse(post);
        return post;
    }
}
