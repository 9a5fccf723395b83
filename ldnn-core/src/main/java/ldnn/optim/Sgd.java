package ldnn.optim;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import ldnn.tensor.Tensor;

/**
 * SGD with (Nesterov) momentum, dampening and L2 weight decay, in PyTorch's form:
 * v ← μ·v + (1 − d)·(g + λ·w);  w ← w − lr·v   (Nesterov: w ← w − lr·((1 − d)·(g + λ·w) + μ·v)).
 * v starts at zero. PyTorch starts it at the first (g + λ·w), undampened, so with d > 0 its first step
 * is 1/(1 − d) times ldnn's (10 times for d = 0.9); with d = 0 the two are the same from the start.
 * PyTorch also refuses Nesterov with d > 0, which ldnn allows (the formula above).
 *
 * <p>ldnn's default is <em>averaged</em> momentum: μ = 0.9 with dampening d = μ, so v is a running
 * average of gradients and the LR keeps the meaning it has in plain SGD. The recipe's LR 0.1 then
 * moves the weights by 0.1 per unit of (smoothed) gradient, and on the reference nets the
 * update/weight ratio sits near the recipe's 1e-3. Without dampening (PyTorch's default) momentum
 * multiplies the step by 1/(1 − μ) = 10: LR 0.1 acts like plain SGD at LR 1, which makes the
 * Fashion-MNIST convnet (PyTorch's and ldnn's alike) blow up in its first steps and die at chance.
 */
public final class Sgd extends Optimizer {
    private final double momentum, weightDecay, dampening;
    private final boolean nesterov;
    private final Map<String, float[]> velocity = new HashMap<>();

    /** SGD without dampening (PyTorch's form). */
    public Sgd(Map<String, Tensor> params, double lr, double momentum, boolean nesterov, double weightDecay) {
        this(params, lr, momentum, 0, nesterov, weightDecay);
    }

    /** ldnn's default: momentum 0.9, averaged (dampening 0.9). */
    public static Sgd averaged(Map<String, Tensor> params, double lr, double momentum, double weightDecay) {
        return new Sgd(params, lr, momentum, momentum, false, weightDecay);
    }

    /** SGD with the given momentum, dampening, Nesterov or not, and L2 weight decay. */
    public Sgd(Map<String, Tensor> params, double lr, double momentum, double dampening, boolean nesterov,
               double weightDecay) {
        super(params, lr);
        if (dampening < 0 || dampening >= 1) {
            throw new IllegalArgumentException("SGD: dampening must be in [0, 1), got " + dampening);
        }
        this.dampening = dampening;
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
        // the formula above, vectorized
        sq = ldnn.backend.Vec.momentumStep(w, v, g, gOff, n, lrf, mu, wd, (float) (1 - dampening), nesterov);
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
        return "SGD(lr=" + String.format(java.util.Locale.ROOT, "%.3g", lr) + (momentum > 0 ? ", momentum=" + momentum : "")
                + (dampening > 0 ? (dampening == momentum ? " averaged" : ", dampening=" + dampening) : "") + (nesterov ? ", nesterov" : "")
                + (weightDecay > 0 ? ", weight_decay=" + weightDecay : "") + ")";
    }
}
