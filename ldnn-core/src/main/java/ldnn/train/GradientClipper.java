package ldnn.train;

import java.util.Collection;
import java.util.Locale;
import ldnn.tensor.Tensor;

/**
 * Global gradient-norm clipping (recipe point 8): if the norm of all gradients together exceeds the
 * threshold, every gradient is scaled down so the norm equals it. Also measures the gradient norm for
 * the log and the report: at every step when clipping is on, at every {@value #SAMPLE_EVERY}th step
 * when it is off (the norm reads every gradient once, about 5% of an MLP's step).
 */
public final class GradientClipper implements Monitor {
    /** With clipping off, the norm is measured on every this-many steps. */
    public static final int SAMPLE_EVERY = 10;

    private final double threshold;
    private State s = new State(0, 0, 0, 0, 0);

    /** What a checkpoint keeps: steps seen, steps clipped, norms measured, their maximum and sum. */
    record State(long steps, long clipped, long sampled, double maxNorm, double sumNorm) {
    }

    /**
     * Scales the gradients down to a global norm of {@code threshold} whenever it is above it.
     *
     * @param threshold 0 turns clipping off (norms are still measured)
     */
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

    /**
     * Scales the gradients in place so their global norm is at most {@code threshold} (0: never);
     * returns the norm before clipping. The one clipping implementation (the experiments' plain loop
     * uses it too).
     */
    public static double clip(Collection<Tensor> params, double threshold) {
        double norm = globalNorm(params);
        if (threshold > 0 && norm > threshold) {
            float scale = (float) (threshold / norm);
            for (Tensor p : params) {
                if (p.grad() != null) {
                    float[] g = p.grad().data();
                    int off = p.grad().offset();
                    for (int i = 0; i < p.numel(); i++) {
                        g[off + i] *= scale;
                    }
                }
            }
        }
        return norm;
    }

    @Override
    public void beforeUpdate(Run run) {
        boolean measure = threshold > 0 || s.steps % SAMPLE_EVERY == 0;
        if (!measure) {
            s = new State(s.steps + 1, s.clipped, s.sampled, s.maxNorm, s.sumNorm);
            return;
        }
        double norm = clip(run.optimizer().parameters().values(), threshold);
        boolean clipped = threshold > 0 && norm > threshold;
        s = new State(s.steps + 1, s.clipped + (clipped ? 1 : 0), s.sampled + 1, Math.max(s.maxNorm, norm),
                s.sumNorm + norm);
        run.measurements().gradNorm(norm, s.clipped);
    }

    @Override
    public void restarted(Run run) {
        s = new State(0, 0, 0, 0, 0);
    }

    @Override
    public MonitorState state() {
        return MonitorState.of(s);
    }

    @Override
    public void restore(MonitorState state) {
        State r = state.fields(State.class);
        if (r != null) {
            s = r;
        }
    }

    @Override
    public RecipeChecklist.Fact fact() {
        double mean = s.sampled == 0 ? 0 : s.sumNorm / s.sampled;
        String norms = String.format(Locale.ROOT, "gradient norm mean %.3g, max %.3g", mean, s.maxNorm);
        if (threshold <= 0) {
            return new RecipeChecklist.Fact(RecipePoint.GRADIENT_CLIPPING, "gradient clipping off; " + norms, false);
        }
        return new RecipeChecklist.Fact(RecipePoint.GRADIENT_CLIPPING, String.format(Locale.ROOT,
                "gradient norm clipped at %s in %d of %d steps (%.1f%%); %s",
                threshold == Math.rint(threshold) ? String.valueOf((long) threshold) : String.valueOf(threshold),
                s.clipped, s.steps, s.steps == 0 ? 0 : 100.0 * s.clipped / s.steps, norms), true);
    }
}
