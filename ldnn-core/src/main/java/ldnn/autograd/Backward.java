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
        // how many tensors hold each gradient array in this pass: a leaf may adopt the array it receives
        // only when it is the one holder. A node may hand its gradient on to an input unchanged or as a
        // view (a transpose, a reshape), which passes the array on; handing it to two inputs shares it;
        // the seed also belongs to the caller.
        Map<float[], Integer> holders = new IdentityHashMap<>();
        holders.put(seed.data(), 2);
        try (var ng = GradMode.noGrad()) {
            for (Tensor t : order) {
                Tensor g = grads.remove(t);
                if (g == null) {
                    continue;
                }
                Node node = t.gradFn();
                if (node == null) {
                    t.accumulateGrad(g, holders.getOrDefault(g.data(), 0) <= 1);
                    continue;
                }
                if (t.retainsGrad()) {
                    t.accumulateGrad(g, false);
                }
                Tensor[] gs = node.backward(g);
                holders.merge(g.data(), -1, Integer::sum); // t lets go of its gradient
                Tensor[] ins = node.inputs();
                for (int i = 0; i < ins.length; i++) {
                    if (gs[i] == null || !ins[i].requiresGrad()) {
                        continue;
                    }
                    if (!java.util.Arrays.equals(gs[i].shape(), ins[i].shape())) {
                        throw new IllegalStateException("internal: " + node + " backward gave shape "
                                + Shape.str(gs[i].shape()) + " for input " + i + " of shape " + Shape.str(ins[i].shape()));
                    }
                    Tensor before = grads.get(ins[i]);
                    if (before == null) {
                        grads.put(ins[i], gs[i]);
                        holders.merge(gs[i].data(), 1, Integer::sum);
                    } else {
                        // the sum is a fresh array; the two summands are no longer held by ins[i]
                        holders.merge(before.data(), -1, Integer::sum);
                        Tensor sum = before.add(gs[i]);
                        grads.put(ins[i], sum);
                        holders.merge(sum.data(), 1, Integer::sum);
                    }
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
