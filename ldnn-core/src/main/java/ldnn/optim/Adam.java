package ldnn.optim;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import ldnn.tensor.Tensor;

/**
 * Adam (Kingma and Ba) with bias correction; with {@code decoupled} weight decay it is AdamW
 * (Loshchilov and Hutter): w ← w − lr·(m̂/(√v̂ + ε) + λ·w), otherwise λ·w is added to the gradient.
 */
public final class Adam extends Optimizer {
    private final double beta1, beta2, eps, weightDecay;
    private final boolean decoupled;
    private final Map<String, float[]> m = new HashMap<>(), v = new HashMap<>();

    /**
     * Adam on the given parameters; with {@code decoupled} the weight decay is AdamW's (applied to the weights, not
     * added to the gradient).
     */
    public Adam(Map<String, Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                boolean decoupled) {
        super(params, lr);
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || !(eps > 0) || weightDecay < 0) {
            throw new IllegalArgumentException("Adam: need 0 <= beta1, beta2 < 1, eps > 0, weight decay >= 0; got "
                    + beta1 + ", " + beta2 + ", " + eps + ", " + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    /** Adam with PyTorch's defaults (betas 0.9 and 0.999, eps 1e-8), no weight decay. */
    public static Adam adam(Map<String, Tensor> params, double lr) {
        return new Adam(params, lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /** AdamW with PyTorch's default betas and eps. */
    public static Adam adamW(Map<String, Tensor> params, double lr, double weightDecay) {
        return new Adam(params, lr, 0.9, 0.999, 1e-8, weightDecay, true);
    }

    @Override
    protected double update(String name, float[] w, float[] g, int gOff, int n, boolean measure) {
        float[] mb = m.computeIfAbsent(name, k -> new float[n]);
        float[] vb = v.computeIfAbsent(name, k -> new float[n]);
        long t = steps + 1;
        float b1 = (float) beta1, b2 = (float) beta2, e = (float) eps;
        // 1 − β in double, then rounded: 1 − (float) 0.999 is 1.3e-5 below 0.001, which biased v̂
        float a1 = (float) (1 - beta1), a2 = (float) (1 - beta2);
        float c1 = (float) (1 / (1 - Math.pow(beta1, t))), c2 = (float) (1 / (1 - Math.pow(beta2, t)));
        float lrf = (float) lr, wd = (float) weightDecay;
        // one vectorized pass over w, g, m and v (the scalar form of each element is in Vec.adamStep's tail)
        double sq = ldnn.backend.Vec.adamStep(w, mb, vb, g, gOff, n, b1, a1, b2, a2, c1, c2, lrf, e, wd, decoupled);
        flushDenormals(mb);
        flushDenormals(vb);
        return sq;
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        for (String k : m.keySet()) {
            s.put(k + "/m", Tensor.of(m.get(k).clone(), m.get(k).length));
            s.put(k + "/v", Tensor.of(v.get(k).clone(), v.get(k).length));
        }
        return s;
    }

    @Override
    public void loadState(Map<String, Tensor> state, long stepCount) {
        m.clear();
        v.clear();
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            String k = e.getKey();
            if (state.containsKey(k + "/m")) {
                m.put(k, buffer(state, k + "/m", e.getValue().numel()).toArray());
                v.put(k, buffer(state, k + "/v", e.getValue().numel()).toArray());
            }
        }
        steps = stepCount;
    }

    @Override
    public String describe() {
        return (decoupled ? "AdamW" : "Adam") + "(lr=" + String.format(java.util.Locale.ROOT, "%.3g", lr) + ", betas=" + beta1 + "," + beta2 + ", eps=" + eps
                + (weightDecay > 0 ? ", weight_decay=" + weightDecay : "") + ")";
    }
}
