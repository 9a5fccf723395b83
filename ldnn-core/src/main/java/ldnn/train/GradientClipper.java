package ldnn.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import ldnn.tensor.Tensor;

/**
 * Global gradient-norm clipping (recipe point 8): if the norm of all gradients together exceeds the
 * threshold, every gradient is scaled down so the norm equals it. Also records the gradient norm for
 * the report: of every step when clipping is on, of every {@value #SAMPLE_EVERY}th step when it is off
 * (the norm reads every gradient once, about 5% of an MLP's step).
 */
public final class GradientClipper implements Monitor {
    private final double threshold;
    /** With clipping off, the norm is measured on every this-many steps. */
    public static final int SAMPLE_EVERY = 10;

    private long steps, clipped, sampled;
    private double lastNorm, maxNorm, sumNorm;

    /** @param threshold 0 turns clipping off (norms are still recorded) */
    public GradientClipper(double threshold) {
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return "grad-clip";
    }

    /** The norm of all gradients together. */
    public static double globalNorm(Iterable<Tensor> params) {
        double sq = 0;
        for (Tensor p : params) {
            if (p.grad() != null) {
                double n = p.grad().norm();
                sq += n * n;
            }
        }
        return Math.sqrt(sq);
    }

    @Override
    public void beforeUpdate(Run run) {
        boolean measure = threshold > 0 || steps % SAMPLE_EVERY == 0;
        steps++;
        if (!measure) {
            return;
        }
        double norm = globalNorm(run.optimizer().parameters().values());
        sampled++;
        lastNorm = norm;
        maxNorm = Math.max(maxNorm, norm);
        sumNorm += norm;
        if (threshold > 0 && norm > threshold) {
            clipped++;
            float scale = (float) (threshold / norm);
            for (Tensor p : run.optimizer().parameters().values()) {
                if (p.grad() != null) {
                    float[] g = p.grad().data();
                    int off = p.grad().offset();
                    for (int i = 0; i < p.numel(); i++) {
                        g[off + i] *= scale;
                    }
                }
            }
        }
    }

    public double threshold() {
        return threshold;
    }

    public double lastNorm() {
        return lastNorm;
    }

    public long clipped() {
        return clipped;
    }

    public double meanNorm() {
        return sampled == 0 ? 0 : sumNorm / sampled;
    }

    public double maxNorm() {
        return maxNorm;
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", steps);
        m.put("clipped", clipped);
        m.put("sampled", sampled);
        m.put("max_norm", maxNorm);
        m.put("sum_norm", sumNorm);
        return m;
    }

    @Override
    public void restore(Map<String, Object> s) {
        steps = ((Number) s.get("steps")).longValue();
        clipped = ((Number) s.get("clipped")).longValue();
        sampled = s.get("sampled") instanceof Number n ? n.longValue() : steps;
        maxNorm = ((Number) s.get("max_norm")).doubleValue();
        sumNorm = ((Number) s.get("sum_norm")).doubleValue();
    }

    @Override
    public String summary() {
        String norms = String.format(Locale.ROOT, "gradient norm mean %.3g, max %.3g", meanNorm(), maxNorm);
        if (threshold <= 0) {
            return "gradient clipping off; " + norms;
        }
        return String.format(Locale.ROOT, "gradient norm clipped at %s in %d of %d steps (%.1f%%); %s",
                threshold == Math.rint(threshold) ? String.valueOf((long) threshold) : String.valueOf(threshold),
                clipped, steps, steps == 0 ? 0 : 100.0 * clipped / steps, norms);
    }
}
