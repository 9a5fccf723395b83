package ldnn.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import ldnn.tensor.Shape;
import ldnn.tensor.ShapeException;
import ldnn.tensor.Tensor;

/**
 * Per-dimension standardization (recipe point 2): y = (f(x) - mean) / std per input dimension, with
 * mean and std from the training split, so each dimension has mean 0 and variance 1 there. A constant
 * dimension gets scale 1 (it becomes 0, never NaN).
 *
 * <p>f is sign(x)·log(1+|x|) for the dimensions that span orders of magnitude and identity elsewhere.
 * The automatic rule: a dimension gets the log when its largest |x| is at least 1000 times the median of
 * its nonzero |x| (three orders of magnitude between typical and extreme values: the std is then set by
 * the few extreme values and the typical ones are squashed together near the mean) and its largest |x|
 * is at least 10 (below that log(1+x) is nearly linear, so it cannot compress the range; rescaling does
 * the job). 8-bit data (0..255) can never trigger it. Negative values keep their sign and order through
 * the mirrored log. A user can force or forbid the log per column.
 */
public final class Standardizer implements Preprocessor {
    /** The kind stored in model files. */
    public static final String KIND = "standardize";

    private final boolean[] log;
    private final float[] mean, std;

    private Standardizer(boolean[] log, float[] mean, float[] std) {
        this.log = log;
        this.mean = mean;
        this.std = std;
    }

    /** Fits on training inputs x [n, ...] with the automatic log rule. */
    public static Standardizer fit(Tensor x) {
        return fit(x, Map.of());
    }

    /** Fits with per-column overrides of the log rule: column -&gt; true (force log) or false (forbid). */
    public static Standardizer fit(Tensor x, Map<Integer, Boolean> logOverrides) {
        if (x.rank() < 1 || x.size(0) == 0) {
            throw new IllegalArgumentException("Standardizer.fit: expected training inputs [n, ...] with n > 0, got "
                    + Shape.str(x.shape()));
        }
        ColumnStats raw = ColumnStats.of(x, null);
        if (raw.nonFinite > 0) {
            throw new IllegalArgumentException("Standardizer.fit: " + raw.nonFinite + " NaN/Inf values in the training"
                    + " inputs, first at row " + raw.firstNonFiniteRow + ", column " + raw.firstNonFiniteCol
                    + " (clean the data first; the data doctor lists them)");
        }
        boolean[] log = raw.needsLog(x);
        logOverrides.forEach((col, on) -> {
            if (col < 0 || col >= raw.d) {
                throw new IllegalArgumentException("Standardizer.fit: log override for column " + col
                        + ", but the inputs have columns 0.." + (raw.d - 1));
            }
            log[col] = on;
        });
        ColumnStats s = ColumnStats.of(x, log);
        float[] mean = new float[s.d], std = new float[s.d];
        for (int j = 0; j < s.d; j++) {
            mean[j] = (float) s.mean[j];
            std[j] = (float) s.scale(j);
        }
        return new Standardizer(log, mean, std);
    }

    /** Rebuilds a fitted standardizer from {@link #config()} and {@link #state()} (as saved in a model file). */
    public static Standardizer restore(Map<String, String> config, Map<String, Tensor> state) {
        Tensor m = state.get("mean"), s = state.get("std");
        String dims = config.get("dims");
        if (m == null || s == null || dims == null) {
            throw new IllegalArgumentException("standardize: expected config 'dims' and state 'mean', 'std'; found config "
                    + config.keySet() + ", state " + state.keySet());
        }
        int d = Integer.parseInt(dims);
        if (m.numel() != d || s.numel() != d) {
            throw new IllegalArgumentException("standardize: config says " + d + " dims but state has mean of "
                    + m.numel() + " and std of " + s.numel() + " values");
        }
        boolean[] log = new boolean[d];
        String cols = config.getOrDefault("log1p", "");
        for (String c : cols.isBlank() ? new String[0] : cols.split(",")) {
            log[Integer.parseInt(c.trim())] = true;
        }
        return new Standardizer(log, m.toArray(), s.toArray());
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Tensor apply(Tensor x) {
        int n = x.size(0), d = mean.length;
        if (x.numel() != n * d) {
            throw new ShapeException("standardize: fitted on examples of " + d + " values, got inputs "
                    + Shape.str(x.shape()) + " (" + (n == 0 ? 0 : x.numel() / n) + " values per example)");
        }
        float[] a = x.toArray();
        for (int i = 0, p = 0; i < n; i++) {
            for (int j = 0; j < d; j++, p++) {
                double v = log[j] ? ColumnStats.signedLog1p(a[p]) : a[p];
                a[p] = (float) ((v - mean[j]) / std[j]);
            }
        }
        return Tensor.of(a, x.shape());
    }

    /** The columns that get sign(x)·log(1+|x|) before standardizing. */
    public int[] logColumns() {
        List<Integer> cols = new ArrayList<>();
        for (int j = 0; j < log.length; j++) {
            if (log[j]) {
                cols.add(j);
            }
        }
        return cols.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The mean subtracted per column (after the log, for log columns). */
    public float[] mean() {
        return mean.clone();
    }

    /** The divisor per column (1 for constant columns). */
    public float[] std() {
        return std.clone();
    }

    @Override
    public Map<String, String> config() {
        return Map.of("dims", String.valueOf(mean.length),
                "log1p", Arrays.stream(logColumns()).mapToObj(String::valueOf).collect(Collectors.joining(",")));
    }

    @Override
    public Map<String, Tensor> state() {
        return Map.of("mean", Tensor.vector(mean), "std", Tensor.vector(std));
    }

    @Override
    public String describe() {
        int[] lc = logColumns();
        return "standardize " + mean.length + " dims to mean 0, variance 1 (training-split statistics)"
                + (lc.length == 0 ? "" : "; log(1+x) first on " + lc.length + " column(s) " + abbreviate(lc));
    }

    private static String abbreviate(int[] cols) {
        String s = Arrays.toString(cols.length > 8 ? Arrays.copyOf(cols, 8) : cols);
        return cols.length > 8 ? s.substring(0, s.length() - 1) + ", ...]" : s;
    }
}
