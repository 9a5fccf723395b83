package ldnn.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD loops over contiguous ranges of {@code float[]} (the Vector API, 512-bit lanes where the CPU
 * has them). Every method takes (array, offset) pairs and a length; the output may alias an input.
 * The JIT does not vectorize float reductions or transcendental functions by itself, hence this class.
 */
public final class Vec {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private Vec() {
    }

    // ------------------------------------------------------------------ binary, vector-vector

    /** o = a + b. */
    public static void add(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        int i = 0;
        for (int u = S.loopBound(n); i < u; i += L) {
            FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = a[ao + i] + b[bo + i];
        }
    }

    /** o = a - b. */
    public static void sub(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        int i = 0;
        for (int u = S.loopBound(n); i < u; i += L) {
            FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = a[ao + i] - b[bo + i];
        }
    }

    /** o = a · b. */
    public static void mul(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        int i = 0;
        for (int u = S.loopBound(n); i < u; i += L) {
            FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = a[ao + i] * b[bo + i];
        }
    }

    /** o = a / b. */
    public static void div(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        int i = 0;
        for (int u = S.loopBound(n); i < u; i += L) {
            FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = a[ao + i] / b[bo + i];
        }
    }

    // ------------------------------------------------------------------ binary, vector-scalar

    /** o = a + s. */
    public static void addScalar(float[] a, int ao, float s, float[] o, int oo, int n) {
        int i = 0;
        FloatVector vs = FloatVector.broadcast(S, s);
        for (int u = S.loopBound(n); i < u; i += L) {
            FloatVector.fromArray(S, a, ao + i).add(vs).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = a[ao + i] + s;
        }
    }

    /** o = a · s. */
    public static void mulScalar(float[] a, int ao, float s, float[] o, int oo, int n) {
        int i = 0;
        FloatVector vs = FloatVector.broadcast(S, s);
        for (int u = S.loopBound(n); i < u; i += L) {
            FloatVector.fromArray(S, a, ao + i).mul(vs).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = a[ao + i] * s;
        }
    }

    /** o = s - a. */
    public static void rsubScalar(float[] a, int ao, float s, float[] o, int oo, int n) {
        int i = 0;
        FloatVector vs = FloatVector.broadcast(S, s);
        for (int u = S.loopBound(n); i < u; i += L) {
            vs.sub(FloatVector.fromArray(S, a, ao + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = s - a[ao + i];
        }
    }

    /** o = s / a. */
    public static void rdivScalar(float[] a, int ao, float s, float[] o, int oo, int n) {
        int i = 0;
        FloatVector vs = FloatVector.broadcast(S, s);
        for (int u = S.loopBound(n); i < u; i += L) {
            vs.div(FloatVector.fromArray(S, a, ao + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = s / a[ao + i];
        }
    }

    /** y += alpha * x. */
    public static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (int u = S.loopBound(n); i < u; i += L) {
            FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    /** Sets n elements of o to v. */
    public static void fill(float[] o, int oo, int n, float v) {
        java.util.Arrays.fill(o, oo, oo + n, v);
    }

    // ------------------------------------------------------------------ unary

    // Each unary op has its own loop on purpose: the Vector API only compiles lanewise(op) to SIMD code
    // when op is a compile-time constant. A shared helper taking op as a parameter is not inlined into
    // these rarely called methods, and then every lane goes through a scalar fallback (measured: exp 20x
    // slower).
    //
    // exp, log, log1p, tanh and sigmoid are in VecMath, not lanewise(EXP, ...), which gives different
    // bits interpreted and JIT-compiled; see there.

    /** o = -a. */
    public static void neg(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int u = S.loopBound(n); i < u; i += L) {
            FloatVector.fromArray(S, a, ao + i).neg().intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = -a[ao + i];
        }
    }

    /** o = exp(a) ({@code VecMath}). */
    public static void exp(float[] a, int ao, float[] o, int oo, int n) {
        VecMath.exp(a, ao, o, oo, n);
    }

    /** o = log(a) ({@code VecMath}). */
    public static void log(float[] a, int ao, float[] o, int oo, int n) {
        VecMath.log(a, ao, o, oo, n);
    }

    /** o = log(1 + a) ({@code VecMath}). */
    public static void log1p(float[] a, int ao, float[] o, int oo, int n) {
        VecMath.log1p(a, ao, o, oo, n);
    }

    /** o = sqrt(a). */
    public static void sqrt(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int u = S.loopBound(n); i < u; i += L) {
            FloatVector.fromArray(S, a, ao + i).sqrt().intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = (float) Math.sqrt(a[ao + i]);
        }
    }

    /** o = |a|. */
    public static void abs(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int u = S.loopBound(n); i < u; i += L) {
            FloatVector.fromArray(S, a, ao + i).abs().intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = Math.abs(a[ao + i]);
        }
    }

    /** o = tanh(a) ({@code VecMath}). */
    public static void tanh(float[] a, int ao, float[] o, int oo, int n) {
        VecMath.tanh(a, ao, o, oo, n);
    }

    /** 1 / (1 + exp(-a)). */
    public static void sigmoid(float[] a, int ao, float[] o, int oo, int n) {
        VecMath.sigmoid(a, ao, o, oo, n);
    }

    /** o = max(a, 0). */
    public static void relu(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        FloatVector z = FloatVector.zero(S);
        for (int u = S.loopBound(n); i < u; i += L) {
            FloatVector.fromArray(S, a, ao + i).max(z).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = Math.max(a[ao + i], 0f);
        }
    }

    /** o = g where a > 0, else 0 (the ReLU backward). */
    public static void reluBackward(float[] g, int go, float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        FloatVector z = FloatVector.zero(S);
        for (int u = S.loopBound(n); i < u; i += L) {
            VectorMask<Float> pos = FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.GT, 0f);
            z.blend(FloatVector.fromArray(S, g, go + i), pos).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = a[ao + i] > 0f ? g[go + i] : 0f;
        }
    }

    /** o = g * (1 - y*y) (the tanh backward from its output y). */
    public static void tanhBackward(float[] g, int go, float[] y, int yo, float[] o, int oo, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int u = S.loopBound(n); i < u; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yo + i);
            one.sub(v.mul(v)).mul(FloatVector.fromArray(S, g, go + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = g[go + i] * (1f - y[yo + i] * y[yo + i]);
        }
    }

    /** o = g * y * (1 - y) (the sigmoid backward from its output y). */
    public static void sigmoidBackward(float[] g, int go, float[] y, int yo, float[] o, int oo, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int u = S.loopBound(n); i < u; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yo + i);
            v.mul(one.sub(v)).mul(FloatVector.fromArray(S, g, go + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = g[go + i] * y[yo + i] * (1f - y[yo + i]);
        }
    }

    // ------------------------------------------------------------------ reductions

    /**
     * Adds the lanes in a fixed order. {@code reduceLanes(ADD)} leaves the order to the implementation,
     * and the JIT-compiled and interpreted versions differ in the last bit, which would make a resumed
     * run drift from an uninterrupted one.
     */
    static float sumLanes(FloatVector v) {
        float[] t = new float[L];
        v.intoArray(t, 0);
        float s = 0;
        for (float x : t) {
            s += x;
        }
        return s;
    }

    /** Sum in float lanes over blocks, blocks added in double: fast and accurate to ~1e-7 relative. */
    public static double sum(float[] a, int ao, int n) {
        double total = 0;
        int i = 0;
        final int block = 4096;
        while (i < n) {
            int end = Math.min(n, i + block), len = end - i;
            FloatVector acc0 = FloatVector.zero(S), acc1 = FloatVector.zero(S);
            int j = 0, u2 = len - len % (2 * L);
            for (; j < u2; j += 2 * L) {
                acc0 = acc0.add(FloatVector.fromArray(S, a, ao + i + j));
                acc1 = acc1.add(FloatVector.fromArray(S, a, ao + i + j + L));
            }
            float s = sumLanes(acc0.add(acc1));
            for (; j < len; j++) {
                s += a[ao + i + j];
            }
            total += s;
            i = end;
        }
        return total;
    }

    /** Sum of squares (for norms), accumulated like {@link #sum}. */
    public static double sumSquares(float[] a, int ao, int n) {
        double total = 0;
        int i = 0;
        final int block = 4096;
        while (i < n) {
            int end = Math.min(n, i + block), len = end - i;
            FloatVector acc = FloatVector.zero(S);
            int j = 0;
            for (int u = S.loopBound(len); j < u; j += L) {
                FloatVector v = FloatVector.fromArray(S, a, ao + i + j);
                acc = v.fma(v, acc);
            }
            float s = sumLanes(acc);
            for (; j < len; j++) {
                s += a[ao + i + j] * a[ao + i + j];
            }
            total += s;
            i = end;
        }
        return total;
    }

    // max/min keep four independent accumulators: with one, each step waits for the previous max
    // (a 4-cycle dependency) and the loop runs at a quarter of the load bandwidth.

    /** The largest of n elements (negative infinity for none). */
    public static float max(float[] a, int ao, int n) {
        float m = Float.NEGATIVE_INFINITY;
        int i = 0;
        if (n >= 4 * L) {
            FloatVector m0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY), m1 = m0, m2 = m0, m3 = m0;
            for (int u = n - n % (4 * L); i < u; i += 4 * L) {
                m0 = m0.max(FloatVector.fromArray(S, a, ao + i));
                m1 = m1.max(FloatVector.fromArray(S, a, ao + i + L));
                m2 = m2.max(FloatVector.fromArray(S, a, ao + i + 2 * L));
                m3 = m3.max(FloatVector.fromArray(S, a, ao + i + 3 * L));
            }
            m = m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) {
            m = Math.max(m, a[ao + i]);
        }
        return m;
    }

    /** The smallest of n elements (positive infinity for none). */
    public static float min(float[] a, int ao, int n) {
        float m = Float.POSITIVE_INFINITY;
        int i = 0;
        if (n >= 4 * L) {
            FloatVector m0 = FloatVector.broadcast(S, Float.POSITIVE_INFINITY), m1 = m0, m2 = m0, m3 = m0;
            for (int u = n - n % (4 * L); i < u; i += 4 * L) {
                m0 = m0.min(FloatVector.fromArray(S, a, ao + i));
                m1 = m1.min(FloatVector.fromArray(S, a, ao + i + L));
                m2 = m2.min(FloatVector.fromArray(S, a, ao + i + 2 * L));
                m3 = m3.min(FloatVector.fromArray(S, a, ao + i + 3 * L));
            }
            m = m0.min(m1).min(m2.min(m3)).reduceLanes(VectorOperators.MIN);
        }
        for (; i < n; i++) {
            m = Math.min(m, a[ao + i]);
        }
        return m;
    }

    /** o = max(o, a) elementwise. */
    public static void maxInto(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int u = S.loopBound(n); i < u; i += L) {
            FloatVector.fromArray(S, a, ao + i).max(FloatVector.fromArray(S, o, oo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = Math.max(o[oo + i], a[ao + i]);
        }
    }

    /** o = min(o, a) elementwise. */
    public static void minInto(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int u = S.loopBound(n); i < u; i += L) {
            FloatVector.fromArray(S, a, ao + i).min(FloatVector.fromArray(S, o, oo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = Math.min(o[oo + i], a[ao + i]);
        }
    }

    /** Dot product, float lanes. */
    public static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int u = S.loopBound(n); i < u; i += L) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        float s = sumLanes(acc);
        for (; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /**
     * One SGD-with-momentum step, in place: v = μ·v + c·(g + λ·w), then w -= lr·(nesterov ? c·(g + λ·w) + μ·v : v),
     * where c = 1 − dampening. Returns ‖Δw‖² (the update's squared norm).
     */
    public static double momentumStep(float[] w, float[] v, float[] g, int gOff, int n, float lr, float mu, float wd,
                                      float c, boolean nesterov) {
        if (n < 1 << 18) {
            return momentumStep(w, v, g, gOff, 0, n, lr, mu, wd, c, nesterov);
        }
        // memory-bound (five streams): split over the cores, each part returns its sum of squares
        return splitSum(n, 1 << 17, (lo, hi) -> momentumStep(w, v, g, gOff, lo, hi, lr, mu, wd, c, nesterov));
    }

    /** A sum computed in parts of [0, n) over the cores ({@link Parallel#forRange}), the parts added in order. */
    private static double splitSum(int n, int minChunk, RangeSum part) {
        double[] parts = new double[Parallel.THREADS];
        int chunk = (n + parts.length - 1) / parts.length;
        Parallel.forRange(n, minChunk, (lo, hi) -> {
            double sq = part.over(lo, hi);
            synchronized (parts) {
                parts[Math.min(parts.length - 1, lo / chunk)] += sq;
            }
        });
        double sum = 0;
        for (double p : parts) {
            sum += p;
        }
        return sum;
    }

    private interface RangeSum {
        double over(int lo, int hi);
    }

    /** {@link #momentumStep} on the elements [from, to). */
    static double momentumStep(float[] w, float[] v, float[] g, int gOff, int from, int to, float lr, float mu,
                               float wd, float c, boolean nesterov) {
        FloatVector vlr = FloatVector.broadcast(S, lr), vmu = FloatVector.broadcast(S, mu), vwd = FloatVector.broadcast(S, wd);
        FloatVector vc = FloatVector.broadcast(S, c);
        FloatVector acc = FloatVector.zero(S);
        int i = from;
        for (int u = from + S.loopBound(to - from); i < u; i += L) {
            FloatVector wi = FloatVector.fromArray(S, w, i);
            FloatVector gi = wi.fma(vwd, FloatVector.fromArray(S, g, gOff + i)).mul(vc);
            FloatVector vi = FloatVector.fromArray(S, v, i).fma(vmu, gi);
            vi.intoArray(v, i);
            FloatVector d = (nesterov ? vi.fma(vmu, gi) : vi).mul(vlr);
            wi.sub(d).intoArray(w, i);
            acc = d.fma(d, acc);
        }
        double sq = sumLanes(acc);
        for (; i < to; i++) {
            float gi = (w[i] * wd + g[gOff + i]) * c;
            float vi = v[i] * mu + gi;
            v[i] = vi;
            float d = (nesterov ? vi * mu + gi : vi) * lr;
            w[i] -= d;
            sq += (double) d * d;
        }
        return sq;
    }

    /**
     * One Adam step over w, its gradient g and the moments m and v, in one pass, in place; the same float
     * operations in the same order as the scalar form in {@code ldnn.optim.Adam} (no fused multiply-adds),
     * so results are bit-identical to it. Returns the sum of squared changes. Large tensors are split
     * over the cores (the pass is memory-bound: four streams read, three written).
     */
    public static double adamStep(float[] w, float[] m, float[] v, float[] g, int gOff, int n, float b1, float a1,
                                  float b2, float a2, float c1, float c2, float lr, float eps, float wd, boolean decoupled) {
        if (n < 1 << 17) {
            return adamStep(w, m, v, g, gOff, 0, n, b1, a1, b2, a2, c1, c2, lr, eps, wd, decoupled);
        }
        return splitSum(n, 1 << 16, (lo, hi) -> adamStep(w, m, v, g, gOff, lo, hi, b1, a1, b2, a2, c1, c2, lr, eps, wd,
                decoupled));
    }

    static double adamStep(float[] w, float[] m, float[] v, float[] g, int gOff, int from, int to, float b1, float a1,
                           float b2, float a2, float c1, float c2, float lr, float eps, float wd, boolean decoupled) {
        FloatVector vb1 = FloatVector.broadcast(S, b1), va1 = FloatVector.broadcast(S, a1);
        FloatVector vb2 = FloatVector.broadcast(S, b2), va2 = FloatVector.broadcast(S, a2);
        FloatVector vc1 = FloatVector.broadcast(S, c1), vc2 = FloatVector.broadcast(S, c2);
        FloatVector vnlr = FloatVector.broadcast(S, -lr), veps = FloatVector.broadcast(S, eps);
        FloatVector vwd = FloatVector.broadcast(S, wd);
        FloatVector acc = FloatVector.zero(S);
        int i = from;
        for (int u = from + S.loopBound(to - from); i < u; i += L) {
            FloatVector wi = FloatVector.fromArray(S, w, i);
            FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
            if (!decoupled) {
                gi = gi.add(vwd.mul(wi));
            }
            FloatVector mi = vb1.mul(FloatVector.fromArray(S, m, i)).add(va1.mul(gi));
            FloatVector vi = vb2.mul(FloatVector.fromArray(S, v, i)).add(va2.mul(gi).mul(gi));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector step = mi.mul(vc1).div(vi.mul(vc2).sqrt().add(veps));
            if (decoupled) {
                step = step.add(vwd.mul(wi));
            }
            FloatVector d = vnlr.mul(step);
            wi.add(d).intoArray(w, i);
            acc = acc.add(d.mul(d));
        }
        double sq = sumLanes(acc);
        for (; i < to; i++) {
            float gi = g[gOff + i] + (decoupled ? 0f : wd * w[i]);
            float mi = b1 * m[i] + a1 * gi;
            float vi = b2 * v[i] + a2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            float d = -lr * (mi * c1 / ((float) Math.sqrt(vi * c2) + eps) + (decoupled ? wd * w[i] : 0f));
            w[i] += d;
            sq += d * d;
        }
        return sq;
    }

    /** Flushes values with |x| below {@code tiny} to zero (keeps optimizer state out of denormals). */
    public static void flushTiny(float[] a, int ao, int n, float tiny) {
        int i = 0;
        FloatVector z = FloatVector.zero(S);
        for (int u = S.loopBound(n); i < u; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            VectorMask<Float> small = v.abs().compare(VectorOperators.LT, tiny);
            v.blend(z, small).intoArray(a, ao + i);
        }
        for (; i < n; i++) {
            if (Math.abs(a[ao + i]) < tiny) {
                a[ao + i] = 0f;
            }
        }
    }
}
