package ldnn.optim;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import ldnn.tensor.Tensor;

/**
 * SGD with (Nesterov) momentum and L2 weight decay, in PyTorch's form:
 * v ← μ·v + (g + λ·w);  w ← w − lr·v   (Nesterov: w ← w − lr·(g + λ·w + μ·v)).
 * ldnn's default optimizer is SGD with μ = 0.9 at lr 0.1, the recipe's LR: with momentum the
 * effective step is lr/(1−μ) = 1, which trains the reference nets fast and stays stable.
 */
public final class Sgd extends Optimizer {
    private final double momentum, weightDecay;
    private final boolean nesterov;
    private final Map<String, float[]> velocity = new HashMap<>();

    public Sgd(Map<String, Tensor> params, double lr, double momentum, boolean nesterov, double weightDecay) {
        super(params, lr);
        if (momentum < 0 || momentum >= 1 || weightDecay < 0) {
            throw new IllegalArgumentException("SGD: momentum must be in [0, 1) and weight decay >= 0, got "
                    + momentum + ", " + weightDecay);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    protected double update(String name, float[] w, float[] g, int gOff, int n, boolean measure) {
        float lrf = (float) lr, mu = (float) momentum, wd = (float) weightDecay;
        double sq = 0;
        if (momentum == 0) {
            for (int i = 0; i < n; i++) {
                float d = -lrf * (g[gOff + i] + wd * w[i]);
                w[i] += d;
                sq += (double) d * d;
            }
            return sq;
        }
        float[] v = velocity.computeIfAbsent(name, k -> new float[n]);
        sq = ldnn.backend.Vec.momentumStep(w, v, g, gOff, n, lrf, mu, wd, nesterov); // the formula above, vectorized
        flushDenormals(v);
        return sq;
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : velocity.entrySet()) {
            s.put(e.getKey() + "/velocity", Tensor.of(e.getValue().clone(), e.getValue().length));
        }
        return s;
    }

    @Override
    public void loadState(Map<String, Tensor> state, long stepCount) {
        velocity.clear();
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            String key = e.getKey() + "/velocity";
            if (state.containsKey(key)) {
                velocity.put(e.getKey(), buffer(state, key, e.getValue().numel()).toArray());
            }
        }
        steps = stepCount;
    }

    @Override
    public String describe() {
        return "SGD(lr=" + String.format(java.util.Locale.ROOT, "%.3g", lr) + (momentum > 0 ? ", momentum=" + momentum : "") + (nesterov ? ", nesterov" : "")
                + (weightDecay > 0 ? ", weight_decay=" + weightDecay : "") + ")";
    }
}
