package ldnn.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import ldnn.tensor.Tensor;

/**
 * Global gradient-norm clipping (recipe point 8): if the norm of all gradients together exceeds the
 * threshold, every gradient is scaled down so the norm equals it. Also records the gradient norm of
 * every step (for the report), whether clipping is on or off.
 */
public final class GradientClipper implements Monitor {
    private final double threshold;
    private long steps, clipped;
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
        double norm = globalNorm(run.optimizer().parameters().values());
        steps++;
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
        return steps == 0 ? 0 : sumNorm / steps;
    }

    public double maxNorm() {
        return maxNorm;
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", steps);
        m.put("clipped", clipped);
        m.put("max_norm", maxNorm);
        m.put("sum_norm", sumNorm);
        return m;
    }

    @Override
    public void restore(Map<String, Object> s) {
        steps = ((Number) s.get("steps")).longValue();
        clipped = ((Number) s.get("clipped")).longValue();
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
