package ldnn.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import ldnn.tensor.Tensor;

/**
 * Updates named parameters from their gradients. The math lives in readable Java in the subclasses.
 * Optimizers can measure ‖Δw‖ of each parameter during a step (for the update/weight-ratio monitor)
 * at no extra pass over memory, and keep their state out of denormal floats.
 */
public abstract class Optimizer {
    /** Below this, optimizer state is flushed to zero: far below any useful update, above denormals. */
    static final float TINY = 1e-30f;

    /** The parameters updated, by name. */
    protected final Map<String, Tensor> params;
    /** The current learning rate. */
    protected double lr;
    private boolean measure;
    private final Map<String, Double> updateNorms = new LinkedHashMap<>();
    /** Steps taken so far. */
    protected long steps;

    /** An optimizer for contiguous parameters (as modules create them), by name, starting at the given LR. */
    protected Optimizer(Map<String, Tensor> params, double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
        }
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            if (!e.getValue().isContiguous() || e.getValue().offset() != 0) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' must be a contiguous leaf tensor");
            }
        }
        this.params = new LinkedHashMap<>(params);
        this.lr = lr;
    }

    /** Applies one update from the current gradients (parameters without a gradient are skipped). */
    public final void step() {
        updateNorms.clear();
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            Tensor p = e.getValue();
            if (p.grad() == null) {
                continue;
            }
            Tensor g = p.grad().isContiguous() ? p.grad() : p.grad().copy();
            double sq = update(e.getKey(), p.data(), g.data(), g.offset(), p.numel(), measure);
            if (measure) {
                updateNorms.put(e.getKey(), Math.sqrt(sq));
            }
        }
        steps++;
    }

    /**
     * Updates w in place from gradient g. Returns the squared norm of the change if {@code measure},
     * else anything.
     */
    protected abstract double update(String name, float[] w, float[] g, int gOff, int n, boolean measure);

    /**
     * Clears all gradients, keeping their memory: the next backward writes each parameter's gradient
     * into the array it used last time ({@link Tensor#clearGrad()}).
     */
    public final void zeroGrad() {
        for (Tensor p : params.values()) {
            p.clearGrad();
        }
    }

    /** The current learning rate. */
    public final double lr() {
        return lr;
    }

    /** Changes the learning rate (the schedule and the monitors do), which must be above 0. */
    public final void setLr(double lr) {
        if (!(lr > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
        }
        this.lr = lr;
    }

    /** Ask the next steps to record ‖Δw‖ per parameter. */
    public final void measureUpdates(boolean on) {
        measure = on;
    }

    /** ‖Δw‖ per parameter from the last measured step. */
    public final Map<String, Double> lastUpdateNorms() {
        return updateNorms;
    }

    /** The parameters updated, by name. */
    public final Map<String, Tensor> parameters() {
        return params;
    }

    /** Steps taken so far. */
    public final long steps() {
        return steps;
    }

    /** Internal buffers (momentum, moments) by "param/buffer" name, for checkpoints. */
    public abstract Map<String, Tensor> state();

    /** Restores buffers saved by {@link #state()} and the step count. */
    public abstract void loadState(Map<String, Tensor> state, long steps);

    /** e.g. "SGD(lr=0.1, momentum=0.9)". */
    public abstract String describe();

    /** Zeroes {@code |x| < TINY} every few steps, so decaying state never becomes denormal (10x+ slower math). */
    protected final void flushDenormals(float[] buf) {
        if ((steps & 7) == 0) {
            ldnn.backend.Vec.flushTiny(buf, 0, buf.length, TINY);
        }
    }

    /** A saved buffer of {@code n} values, or an IllegalArgumentException when it is missing or of another size. */
    protected static Tensor buffer(Map<String, Tensor> state, String key, int n) {
        Tensor t = state.get(key);
        if (t == null || t.numel() != n) {
            throw new IllegalArgumentException("optimizer state '" + key + "': expected " + n + " values, found "
                    + (t == null ? "none" : t.numel()));
        }
        return t;
    }
}
