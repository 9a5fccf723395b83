package ldnn.data;

import java.util.Arrays;
import ldnn.tensor.Tensor;

/**
 * Per-dimension statistics of a data matrix (examples x dimensions, in double precision), shared by the
 * standardizer and the data doctor so both apply the same log(1+x) rule.
 */
final class ColumnStats {
    /** A dimension needs log(1+x) when its largest |x| is this many times its typical nonzero |x|. */
    static final double LOG_RATIO = 1e3;
    /** ...and its largest |x| is at least this: below it log(1+x) is nearly linear and cannot compress a range. */
    static final double LOG_MIN_MAX = 10;
    /** Rows sampled (evenly spaced) for the medians: enough for a stable median, cheap on 60k x 784. */
    private static final int MEDIAN_SAMPLE = 4096;

    final int n, d;
    final double[] mean, std, min, max;
    /** Median nonzero |x| per dimension, filled by {@link #needsLog} where it was needed (else NaN). */
    double[] typicalAbs;
    int nonFinite;
    int firstNonFiniteRow = -1, firstNonFiniteCol = -1;

    private ColumnStats(int n, int d) {
        this.n = n;
        this.d = d;
        mean = new double[d];
        std = new double[d];
        min = new double[d];
        max = new double[d];
    }

    /** Stats of x [n, ...] viewed as [n, d]; if log is not null, of sign(v)·log(1+|v|) in the marked columns. */
    static ColumnStats of(Tensor x, boolean[] log) {
        float[] a = x.contiguous().data();
        int off = x.contiguous().offset(), n = x.size(0), d = n == 0 ? 0 : x.numel() / n;
        ColumnStats s = new ColumnStats(n, d);
        Arrays.fill(s.min, Double.POSITIVE_INFINITY);
        Arrays.fill(s.max, Double.NEGATIVE_INFINITY);
        int[] finite = new int[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0, p = off + i * d; j < d; j++, p++) {
                double v = log != null && log[j] ? signedLog1p(a[p]) : a[p];
                if (!Double.isFinite(v)) {
                    if (s.nonFinite++ == 0) {
                        s.firstNonFiniteRow = i;
                        s.firstNonFiniteCol = j;
                    }
                    continue;
                }
                finite[j]++;
                s.mean[j] += v;
                s.min[j] = Math.min(s.min[j], v);
                s.max[j] = Math.max(s.max[j], v);
            }
        }
        for (int j = 0; j < d; j++) {
            s.mean[j] /= Math.max(finite[j], 1);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0, p = off + i * d; j < d; j++, p++) {
                double v = log != null && log[j] ? signedLog1p(a[p]) : a[p];
                if (Double.isFinite(v)) {
                    double c = v - s.mean[j];
                    s.std[j] += c * c;
                }
            }
        }
        for (int j = 0; j < d; j++) {
            s.std[j] = Math.sqrt(s.std[j] / Math.max(finite[j], 1));
        }
        return s;
    }

    /** True when dimension j has no spread (its values are all equal, or it has none). */
    boolean isConstant(int j) {
        return !(std[j] > 1e-7 * Math.max(1, Math.abs(mean[j])));
    }

    /** The scale that standardizes dimension j: its std, or 1 for a constant one (no division by ~0). */
    double scale(int j) {
        return isConstant(j) ? 1 : std[j];
    }

    /** Dimensions where log(1+x) should come first: see {@link Standardizer} for the rule and why. */
    boolean[] needsLog(Tensor x) {
        boolean[] out = new boolean[d];
        typicalAbs = new double[d];
        Arrays.fill(typicalAbs, Double.NaN);
        float[] a = x.contiguous().data();
        int off = x.contiguous().offset();
        int step = Math.max(1, n / MEDIAN_SAMPLE);
        float[] buf = new float[(n + step - 1) / step];
        for (int j = 0; j < d; j++) {
            double maxAbs = Math.max(Math.abs(min[j]), Math.abs(max[j]));
            if (!(maxAbs >= LOG_MIN_MAX)) {
                continue;
            }
            int k = 0;
            for (int i = 0; i < n; i += step) {
                float v = Math.abs(a[off + i * d + j]);
                if (v != 0 && Float.isFinite(v)) {
                    buf[k++] = v;
                }
            }
            if (k == 0) {
                continue;
            }
            Arrays.sort(buf, 0, k);
            double median = buf[k / 2];
            typicalAbs[j] = median;
            out[j] = maxAbs >= LOG_RATIO * median;
        }
        return out;
    }

    /** sign(v)·log(1+|v|): log(1+x) for x &gt;= 0, mirrored for negatives so order and sign are kept. */
    static double signedLog1p(double v) {
        return Math.copySign(Math.log1p(Math.abs(v)), v);
    }
}
