package ldnn.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import ldnn.autograd.Backward;
import ldnn.autograd.Node;
import ldnn.tensor.RefTensor;
import ldnn.tensor.Rng;
import ldnn.tensor.Shape;
import ldnn.tensor.Tensor;

/**
 * Numerical gradient checking (recipe point 9), for a single op or a whole model.
 *
 * <p>The function is run once in float32 with autograd to get the analytic gradients. The recorded
 * graph is then replayed in double precision through every op's plain reference forward, and each
 * checked parameter entry is perturbed by ±eps in that double replay (central differences). The
 * numerical gradient is therefore accurate to ~1e-9, and what remains is the float32 backward's error.
 * The same replay also checks every fast forward kernel against its reference.
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** Settings: entries sampled per tensor (all if the tensor is smaller), step, seed. */
    public record Options(int maxEntriesPerTensor, double eps, long seed) {
        /** 64 entries per tensor, a step of 1e-6, seed 1234. */
        public static Options defaults() {
            return new Options(64, 1e-6, 1234);
        }

        /** The same options with {@code n} entries per tensor. */
        public Options withMaxEntries(int n) {
            return new Options(n, eps, seed);
        }
    }

    /** Result for one parameter tensor. */
    public record TensorReport(String name, int[] shape, int checked, double worstRelError, int worstIndex,
                               double analytic, double numeric) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-24s %-16s checked %4d  worst rel. error %.2e (entry %d: analytic %.6g, numeric %.6g)",
                    name, Shape.str(shape), checked, worstRelError, worstIndex, analytic, numeric);
        }
    }

    /** The whole check: per-tensor gradient errors and the worst forward-kernel error against reference. */
    public record Report(List<TensorReport> tensors, double worstForwardError, String worstForwardOp) {
        /** The worst relative gradient error over all tensors. */
        public double worstGradError() {
            double w = 0;
            for (TensorReport t : tensors) {
                w = Math.max(w, t.worstRelError());
            }
            return w;
        }

        /** Whether both the gradient errors and the forward error are within {@code tolerance}. */
        public boolean passed(double tolerance) {
            return worstGradError() <= tolerance && worstForwardError <= tolerance;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (TensorReport t : tensors) {
                sb.append(t).append('\n');
            }
            sb.append(String.format(Locale.ROOT, "forward kernels vs double reference: worst rel. error %.2e%s",
                    worstForwardError, worstForwardOp == null ? "" : " (" + worstForwardOp + ")"));
            return sb.toString();
        }
    }

    /** Checks a function of the given parameter tensors (leaves with requiresGrad). */
    public static Report check(Supplier<Tensor> fn, List<Tensor> params) {
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            named.put(p.name() != null ? p.name() : "input " + i, p);
        }
        return check(fn, named, Options.defaults());
    }

    /**
     * Checks fn against the named parameters. If fn returns a non-scalar, the checked loss is
     * sum(out * R) for a fixed random R, which exercises every output's gradient.
     */
    public static Report check(Supplier<Tensor> fn, Map<String, Tensor> params, Options opt) {
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            Tensor p = e.getValue();
            if (p.gradFn() != null || !p.requiresGrad()) {
                throw new IllegalArgumentException("gradcheck: '" + e.getKey()
                        + "' must be a leaf tensor with requiresGrad(true)");
            }
            p.zeroGrad();
        }
        Rng rng = new Rng(opt.seed());
        Tensor out = fn.get();
        Tensor loss = out.numel() == 1 && out.rank() == 0 ? out
                : out.mul(Tensor.randn(rng, out.shape())).sum();
        if (!loss.requiresGrad()) {
            throw new IllegalArgumentException("gradcheck: the function's output does not depend on any parameter");
        }
        loss.backward();

        Replay replay = new Replay(loss);
        Map<Tensor, RefTensor> base = replay.evaluate(Map.of(), null);
        List<TensorReport> reports = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            Tensor p = e.getValue();
            float[] analytic = p.grad() == null ? new float[p.numel()] : p.grad().toArray();
            RefTensor value = RefTensor.of(p);
            int[] entries = sample(p.numel(), opt.maxEntriesPerTensor(), rng);
            double[] numeric = new double[entries.length];
            double scale = 0;
            for (int k = 0; k < entries.length; k++) {
                int i = entries[k];
                double orig = value.data[i];
                double h = opt.eps() * Math.max(1, Math.abs(orig));
                value.data[i] = orig + h;
                double fp = replay.evaluate(Map.of(p, value), base).get(loss).data[0];
                value.data[i] = orig - h;
                double fm = replay.evaluate(Map.of(p, value), base).get(loss).data[0];
                value.data[i] = orig;
                numeric[k] = (fp - fm) / (2 * h);
                scale = Math.max(scale, Math.abs(numeric[k]));
            }
            double floor = Math.max(1e-3 * scale, 1e-7);
            double worst = 0, wa = 0, wn = 0;
            int wi = -1;
            for (int k = 0; k < entries.length; k++) {
                double a = analytic[entries[k]], n = numeric[k];
                double err = Math.abs(a - n) / Math.max(floor, Math.max(Math.abs(a), Math.abs(n)));
                if (err > worst || wi < 0) {
                    worst = err;
                    wi = entries[k];
                    wa = a;
                    wn = n;
                }
            }
            reports.add(new TensorReport(e.getKey(), p.shape(), entries.length, worst, wi, wa, wn));
        }
        return new Report(reports, replay.worstForwardError, replay.worstForwardOp);
    }

    private static int[] sample(int n, int max, Rng rng) {
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] perm = rng.permutation(n);
        return java.util.Arrays.copyOf(perm, max);
    }

    /** Double-precision re-evaluation of a recorded graph. */
    static final class Replay {
        private final List<Tensor> order; // inputs before outputs
        double worstForwardError;
        String worstForwardOp;

        Replay(Tensor root) {
            List<Tensor> topo = new ArrayList<>(Backward.topologicalOrder(root));
            Collections.reverse(topo);
            this.order = topo;
        }

        /**
         * Values of every tensor in the graph. {@code overrides} replaces leaf values; with a base
         * evaluation given, only tensors downstream of an overridden leaf are recomputed.
         */
        Map<Tensor, RefTensor> evaluate(Map<Tensor, RefTensor> overrides, Map<Tensor, RefTensor> base) {
            Map<Tensor, RefTensor> v = new IdentityHashMap<>();
            Set<Tensor> dirty = Collections.newSetFromMap(new IdentityHashMap<>());
            dirty.addAll(overrides.keySet());
            for (Tensor t : order) {
                Node n = t.gradFn();
                if (overrides.containsKey(t)) {
                    v.put(t, overrides.get(t));
                    continue;
                }
                if (n == null) {
                    v.put(t, base != null ? base.get(t) : RefTensor.of(t));
                    continue;
                }
                boolean recompute = base == null;
                RefTensor[] in = new RefTensor[n.inputs().length];
                for (int i = 0; i < in.length; i++) {
                    Tensor x = n.inputs()[i];
                    in[i] = v.get(x);
                    if (in[i] == null) { // a constant input (it does not require grad): convert once
                        in[i] = base != null && base.containsKey(x) ? base.get(x) : RefTensor.of(x);
                        v.put(x, in[i]);
                    }
                    recompute |= dirty.contains(x);
                }
                if (!recompute) {
                    v.put(t, base.get(t));
                    continue;
                }
                dirty.add(t);
                RefTensor r = n.reference(in);
                if (!java.util.Arrays.equals(r.shape, t.shape())) {
                    throw new IllegalStateException("reference of " + n + " gave shape " + Shape.str(r.shape)
                            + ", the float op gave " + Shape.str(t.shape()));
                }
                if (base == null) {
                    compareForward(n, t, r);
                }
                v.put(t, r);
            }
            return v;
        }

        private void compareForward(Node n, Tensor t, RefTensor r) {
            float[] f = t.toArray();
            double scale = 0;
            for (double d : r.data) {
                scale = Math.max(scale, Math.abs(d));
            }
            double floor = Math.max(1e-6, 1e-4 * scale);
            for (int i = 0; i < f.length; i++) {
                double err = Math.abs(f[i] - r.data[i]) / Math.max(floor, Math.abs(r.data[i]));
                if (err > worstForwardError) {
                    worstForwardError = err;
                    worstForwardOp = n + " entry " + i + ": float " + f[i] + " vs reference " + r.data[i];
                }
            }
        }
    }
}
