package ldnn.backend;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.FMA;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NE;
import static jdk.incubator.vector.VectorOperators.SUB;
import static jdk.incubator.vector.VectorOperators.ULT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, log, log1p, tanh and sigmoid over float arrays ({@link Vec}'s entry points), bit-reproducible.
 *
 * <p>{@code lanewise(EXP)} and its kin are not: interpreted and C1 code runs the Vector API's Java
 * fallback (per-lane {@code Math.exp}), C2 code calls the JDK's SVML stubs, and the two differ in the
 * last bit. A training run then depends on when the JIT kicked in, so neither a resumed run nor an
 * ensemble member trained in another JVM reproduces. These kernels use only operations that IEEE 754
 * defines exactly (add, sub, mul, div, fma, compares, blends, integer bit operations and exact int to
 * float conversions), which the interpreter, C1 and C2 (and CPUs with or without AVX-512 or FMA) all
 * compute alike. Lanes are independent, and the tail goes through the same code as a zero-padded
 * vector, so an element's result does not depend on where it falls either.
 *
 * <p>The algorithms are the classic Cephes/SLEEF ones with fused multiply-adds. Measured against
 * {@code StrictMath} rounded to float over dense sweeps (see {@code VecTest}): exp and log within 1 ulp,
 * log1p, tanh and sigmoid within 2. In steady state they are as fast as the SVML stubs or faster.
 *
 * <p>Why each function is one flat loop, the exp and log steps written out again where tanh, sigmoid
 * and log1p need them, and the tail run through the same loop body: a vector that crosses a call C2
 * did not inline is boxed, which makes that call many times slower, and C2 stops inlining ordinary
 * methods once a compilation has created about 18000 IR nodes (NodeCountInliningCutoff). Each Vector
 * API call costs many nodes, so a kernel helper taking FloatVector, or a second copy of a kernel for a
 * masked tail, was left out of line in practice (measured: tails 2-4x slower, and the LSTM cell's
 * kernels boxed). The Vector API's own methods are force-inlined regardless, so with no helper of ours
 * in between there is nothing left to fall out of line; these methods are too large to be inlined into
 * their callers, which pass only arrays.
 *
 * <p>exp and log take a shorter path for vectors whose lanes are all ordinary (|x| <= 86.9 for exp,
 * positive normal numbers for log), skipping clamps, denormal and special-value handling; an ordinary
 * lane gets the same bits on either path.
 */
final class VecMath {
    private VecMath() {
    }

    private static final VectorSpecies<Float> S = Vec.S;
    private static final int L = Vec.L;

    // Constants are scalars, broadcast where used (the Vector API's scalar-operand forms): C2 hoists those
    // out of the loop, while static final vectors measured 50% slower.

    // exp
    /** Below EXP_LO e^x rounds to 0, above EXP_HI to infinity; clamping there keeps k in [-150, 128]. */
    private static final float EXP_LO = -104f, EXP_HI = 89f;
    /** For |y| up to this, k is in [-125, 125] and e^y a normal number. */
    private static final float EXP_NORMAL = 86.9f;
    private static final float LOG2E = 1.44269504088896341f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer, held in the low bits. */
    private static final float SHIFTER = 0x1.8p23f;
    private static final int SHIFTER_BITS = 0x4b400000, TWO_23_BITS = 0x4b000000;
    /** The largest float whose e^x is finite. */
    private static final float EXP_MAX = 0x1.62e42ep6f;
    /** -ln 2 rounded to float, and the rest: y - k ln2 by two fmas, the first exact. */
    private static final float NEG_LN2 = -0x1.62e430p-1f, NEG_LN2_LO = 0x1.05c610p-29f;
    /** SLEEF's expf polynomial: e^r = 1 + r + r^2 (1/2 + E1 r + ... + E5 r^4) on |r| <= ln2 / 2. */
    private static final float E1 = 1.66666671633720397949219e-1f, E2 = 4.16664853692054748535156e-2f,
            E3 = 8.33336077630519866943359e-3f, E4 = 1.39304355252534151077271e-3f,
            E5 = 1.98527617612853646278381e-4f;

    // log
    private static final int SQRT_HALF_BITS = 0x3f3504f3, MANTISSA = 0x007fffff;
    /** ln 2 split so that k * LN2_HI is exact for |k| up to 2^8 (LN2_HI has 9 significant bits; Cephes). */
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** Cephes' logf polynomial: log(1 + f) = f - f^2 / 2 + f^3 (L0 + L1 f + ... + L8 f^8). */
    private static final float L0 = 3.3333331174e-1f, L1 = -2.4999993993e-1f, L2 = 2.0000714765e-1f,
            L3 = -1.6668057665e-1f, L4 = 1.4249322787e-1f, L5 = -1.2420140846e-1f, L6 = 1.1676998740e-1f,
            L7 = -1.1514610310e-1f, L8 = 7.0376836292e-2f;

    // tanh
    /** Cephes' tanhf polynomial: tanh(x) = x + x z (T0 + T1 z + ... + T4 z^4), z = x^2, |x| <= 0.625. */
    private static final float T0 = -3.33332819422e-1f, T1 = 1.33314422036e-1f, T2 = -5.37397155531e-2f,
            T3 = 2.06390887954e-2f, T4 = -5.70498872745e-3f;

    /**
     * e^x. x = k ln2 + r with k = rint(x / ln2) and |r| <= ln2 / 2, e^r by SLEEF's degree-6 polynomial,
     * times 2^k built from exponent bits. Overflows to +inf, underflows through the denormals to 0, NaN
     * stays NaN.
     */
    static void exp(float[] a, int ao, float[] o, int oo, int n) {
        int full = S.loopBound(n);
        float[] pad = paddedTail(a, ao + full, n - full); // copied before an in-place loop overwrites a
        float[] src = a, dst = o;
        int so = ao, dof = oo, len = full;
        while (true) {
            for (int i = 0; i < len; i += L) {
                FloatVector x = FloatVector.fromArray(S, src, so + i);
                FloatVector y = x, e;
                {
                    // all |y| <= 86.9 (the usual case): e^y is normal, no clamps or special results
                    boolean plain = y.abs().compare(LE, EXP_NORMAL).allTrue();
                    if (!plain) {
                        // NaN fails both compares and passes through
                        y = y.blend(EXP_HI, y.compare(GT, EXP_HI)).blend(EXP_LO, y.compare(LT, EXP_LO));
                    }
                    FloatVector t = y.fma(LOG2E, SHIFTER); // SHIFTER + k, k = rint(y / ln2), one rounding
                    FloatVector kf = t.sub(SHIFTER);
                    FloatVector r = kf.lanewise(FMA, NEG_LN2, y); // exact: the result fits in 24 bits
                    r = kf.lanewise(FMA, NEG_LN2_LO, r);
                    FloatVector u = r.fma(E5, E4).lanewise(FMA, r, E3).lanewise(FMA, r, E2).lanewise(FMA, r, E1)
                            .lanewise(FMA, r, 0.5f);
                    FloatVector p = r.mul(r).fma(u, r).add(1f); // e^r in [0.7, 1.5]
                    IntVector tb = t.viewAsIntegralLanes();
                    // p 2^k by adding k to the exponent field (k << 23 is t's bits << 23: SHIFTER's shift out)
                    IntVector eb = p.viewAsIntegralLanes().add(tb.lanewise(LSHL, 23));
                    if (!plain) {
                        // where that field went to 0 or below, the result is denormal: its bits are
                        // rint(p 2^(k + 149)), which adding 2^23 rounds once (so would a product into the
                        // denormals, but CPUs take a slow microcode path for those: measured 3x slower)
                        IntVector k = tb.sub(SHIFTER_BITS); // in [-150, 128]
                        FloatVector scale = k.add(149 + 127).lanewise(LSHL, 23).viewAsFloatingLanes();
                        IntVector denormal = p.lanewise(FMA, scale, 0x1p23f).viewAsIntegralLanes()
                                .sub(TWO_23_BITS);
                        eb = eb.blend(denormal, eb.compare(LT, 0x00800000));
                    }
                    e = eb.viewAsFloatingLanes();
                    if (!plain) { // overflow (k = 128 with e^r >= 1) to +inf; NaN stays NaN
                        e = e.blend(y.add(Float.POSITIVE_INFINITY), y.compare(LE, EXP_MAX).not());
                    }
                }
                e.intoArray(dst, dof + i);
            }
            if (pad == null || src == pad) {
                break;
            }
            src = dst = pad; // once more, over the padded tail
            so = dof = 0;
            len = L;
        }
        if (pad != null) {
            System.arraycopy(pad, 0, o, oo + full, n - full);
        }
    }

    /**
     * Natural log. x = 2^k m with m in [sqrt(1/2), sqrt(2)) (denormals scaled up first), log(1 + f) for
     * f = m - 1 by Cephes' logf polynomial with fused steps, plus k ln2 in two parts. log(±0) = -inf,
     * log of a negative number or NaN is NaN, log(+inf) = +inf.
     */
    static void log(float[] a, int ao, float[] o, int oo, int n) {
        int full = S.loopBound(n);
        float[] pad = paddedTail(a, ao + full, n - full); // copied before an in-place loop overwrites a
        float[] src = a, dst = o;
        int so = ao, dof = oo, len = full;
        while (true) {
            for (int i = 0; i < len; i += L) {
                FloatVector x = FloatVector.fromArray(S, src, so + i);
                FloatVector y = x, l;
                {
                    IntVector bits = y.viewAsIntegralLanes();
                    // all lanes in [MIN_NORMAL, MAX_VALUE] (the usual case) skip what the others need
                    boolean plain = bits.sub(0x00800000).compare(ULT, 0x7f000000).allTrue();
                    if (!plain) { // denormals scaled up by 2^23
                        bits = y.blend(y.mul(0x1p23f), y.compare(LT, Float.MIN_NORMAL)).viewAsIntegralLanes();
                    }
                    // subtracting the bits of sqrt(1/2) moves the exponent's step from 1 to sqrt(1/2) (musl)
                    IntVector b = bits.sub(SQRT_HALF_BITS);
                    FloatVector k = (FloatVector) b.lanewise(ASHR, 23).convert(I2F, 0);
                    if (!plain) {
                        k = k.lanewise(SUB, 23f, y.compare(LT, Float.MIN_NORMAL));
                    }
                    FloatVector f = b.and(MANTISSA).add(SQRT_HALF_BITS).viewAsFloatingLanes().sub(1f); // exact
                    FloatVector p = f.fma(L8, L7).lanewise(FMA, f, L6).lanewise(FMA, f, L5).lanewise(FMA, f, L4)
                            .lanewise(FMA, f, L3).lanewise(FMA, f, L2).lanewise(FMA, f, L1).lanewise(FMA, f, L0);
                    p = p.lanewise(FMA, f, -0.5f).mul(f.mul(f)); // f^2 (f P(f) - 1/2)
                    FloatVector r = k.lanewise(FMA, LN2_HI, f.add(k.lanewise(FMA, LN2_LO, p)));
                    if (!plain) {
                        r = r.blend(Float.NEGATIVE_INFINITY, y.compare(EQ, 0f));
                        r = r.blend(Float.NaN, y.compare(LT, 0f));
                        r = r.blend(y, y.compare(LT, Float.POSITIVE_INFINITY).not()); // +inf and NaN
                    }
                    l = r;
                }
                l.intoArray(dst, dof + i);
            }
            if (pad == null || src == pad) {
                break;
            }
            src = dst = pad; // once more, over the padded tail
            so = dof = 0;
            len = L;
        }
        if (pad != null) {
            System.arraycopy(pad, 0, o, oo + full, n - full);
        }
    }

    /**
     * log(1 + x) as log(u) - ((u - 1) - x) / u with u = 1 + x rounded: the second term puts back what
     * rounding 1 + x lost, so tiny x give x exactly. log1p(-1) = -inf, below -1 NaN, log1p(-0) = -0.
     */
    static void log1p(float[] a, int ao, float[] o, int oo, int n) {
        int full = S.loopBound(n);
        float[] pad = paddedTail(a, ao + full, n - full); // copied before an in-place loop overwrites a
        float[] src = a, dst = o;
        int so = ao, dof = oo, len = full;
        while (true) {
            for (int i = 0; i < len; i += L) {
                FloatVector x = FloatVector.fromArray(S, src, so + i);
                FloatVector y = x.add(1f), l; // u = 1 + x rounded
                FloatVector corr = y.sub(1f).sub(x).div(y); // what rounding lost, relative to u
                corr = corr.blend(0f, corr.compare(NE, corr)); // NaN where u is 0 or +inf: log(u) is right
                {
                    IntVector bits = y.viewAsIntegralLanes();
                    // all lanes in [MIN_NORMAL, MAX_VALUE] (the usual case) skip what the others need
                    boolean plain = bits.sub(0x00800000).compare(ULT, 0x7f000000).allTrue();
                    if (!plain) { // denormals scaled up by 2^23
                        bits = y.blend(y.mul(0x1p23f), y.compare(LT, Float.MIN_NORMAL)).viewAsIntegralLanes();
                    }
                    // subtracting the bits of sqrt(1/2) moves the exponent's step from 1 to sqrt(1/2) (musl)
                    IntVector b = bits.sub(SQRT_HALF_BITS);
                    FloatVector k = (FloatVector) b.lanewise(ASHR, 23).convert(I2F, 0);
                    if (!plain) {
                        k = k.lanewise(SUB, 23f, y.compare(LT, Float.MIN_NORMAL));
                    }
                    FloatVector f = b.and(MANTISSA).add(SQRT_HALF_BITS).viewAsFloatingLanes().sub(1f); // exact
                    FloatVector p = f.fma(L8, L7).lanewise(FMA, f, L6).lanewise(FMA, f, L5).lanewise(FMA, f, L4)
                            .lanewise(FMA, f, L3).lanewise(FMA, f, L2).lanewise(FMA, f, L1).lanewise(FMA, f, L0);
                    p = p.lanewise(FMA, f, -0.5f).mul(f.mul(f)); // f^2 (f P(f) - 1/2)
                    FloatVector r = k.lanewise(FMA, LN2_HI, f.add(k.lanewise(FMA, LN2_LO, p)));
                    if (!plain) {
                        r = r.blend(Float.NEGATIVE_INFINITY, y.compare(EQ, 0f));
                        r = r.blend(Float.NaN, y.compare(LT, 0f));
                        r = r.blend(y, y.compare(LT, Float.POSITIVE_INFINITY).not()); // +inf and NaN
                    }
                    l = r;
                }
                l.sub(corr).blend(x, x.compare(EQ, 0f)).intoArray(dst, dof + i); // keeps -0
            }
            if (pad == null || src == pad) {
                break;
            }
            src = dst = pad; // once more, over the padded tail
            so = dof = 0;
            len = L;
        }
        if (pad != null) {
            System.arraycopy(pad, 0, o, oo + full, n - full);
        }
    }

    /**
     * tanh. For |x| <= 0.625 Cephes tanhf's odd polynomial, above 1 - 2 / (e^{2|x|} + 1), which
     * saturates to 1; the sign of x is put back by bits (so tanh(-0) = -0).
     */
    static void tanh(float[] a, int ao, float[] o, int oo, int n) {
        int full = S.loopBound(n);
        float[] pad = paddedTail(a, ao + full, n - full); // copied before an in-place loop overwrites a
        float[] src = a, dst = o;
        int so = ao, dof = oo, len = full;
        while (true) {
            for (int i = 0; i < len; i += L) {
                FloatVector x = FloatVector.fromArray(S, src, so + i);
                FloatVector a2 = x.abs(), z = a2.mul(a2);
                FloatVector small = z.fma(T4, T3).lanewise(FMA, z, T2).lanewise(FMA, z, T1).lanewise(FMA, z, T0)
                        .mul(z).fma(a2, a2);
                FloatVector y = a2.add(a2), e;
                {
                    // all |y| <= 86.9 (the usual case): e^y is normal, no clamps or special results
                    boolean plain = y.abs().compare(LE, EXP_NORMAL).allTrue();
                    if (!plain) {
                        // NaN fails both compares and passes through
                        y = y.blend(EXP_HI, y.compare(GT, EXP_HI)).blend(EXP_LO, y.compare(LT, EXP_LO));
                    }
                    FloatVector t = y.fma(LOG2E, SHIFTER); // SHIFTER + k, k = rint(y / ln2), one rounding
                    FloatVector kf = t.sub(SHIFTER);
                    FloatVector r = kf.lanewise(FMA, NEG_LN2, y); // exact: the result fits in 24 bits
                    r = kf.lanewise(FMA, NEG_LN2_LO, r);
                    FloatVector u = r.fma(E5, E4).lanewise(FMA, r, E3).lanewise(FMA, r, E2).lanewise(FMA, r, E1)
                            .lanewise(FMA, r, 0.5f);
                    FloatVector p = r.mul(r).fma(u, r).add(1f); // e^r in [0.7, 1.5]
                    IntVector tb = t.viewAsIntegralLanes();
                    // p 2^k by adding k to the exponent field (k << 23 is t's bits << 23: SHIFTER's shift out)
                    IntVector eb = p.viewAsIntegralLanes().add(tb.lanewise(LSHL, 23));
                    if (!plain) {
                        // where that field went to 0 or below, the result is denormal: its bits are
                        // rint(p 2^(k + 149)), which adding 2^23 rounds once (so would a product into the
                        // denormals, but CPUs take a slow microcode path for those: measured 3x slower)
                        IntVector k = tb.sub(SHIFTER_BITS); // in [-150, 128]
                        FloatVector scale = k.add(149 + 127).lanewise(LSHL, 23).viewAsFloatingLanes();
                        IntVector denormal = p.lanewise(FMA, scale, 0x1p23f).viewAsIntegralLanes()
                                .sub(TWO_23_BITS);
                        eb = eb.blend(denormal, eb.compare(LT, 0x00800000));
                    }
                    e = eb.viewAsFloatingLanes();
                    if (!plain) { // overflow (k = 128 with e^r >= 1) to +inf; NaN stays NaN
                        e = e.blend(y.add(Float.POSITIVE_INFINITY), y.compare(LE, EXP_MAX).not());
                    }
                }
                FloatVector big = FloatVector.broadcast(S, 2f).div(e.add(1f)).neg().add(1f);
                FloatVector th = big.blend(small, a2.compare(LE, 0.625f));
                th.viewAsIntegralLanes().or(x.viewAsIntegralLanes().and(0x80000000)).viewAsFloatingLanes()
                        .intoArray(dst, dof + i);
            }
            if (pad == null || src == pad) {
                break;
            }
            src = dst = pad; // once more, over the padded tail
            so = dof = 0;
            len = L;
        }
        if (pad != null) {
            System.arraycopy(pad, 0, o, oo + full, n - full);
        }
    }

    /**
     * 1 / (1 + e^{-x}) for x >= 0, e^x / (1 + e^x) below, both from e = e^{-|x|} (which cannot overflow,
     * so very negative x give their denormal value, not 0 from 1 / inf). The rounding error of d = 1 + e,
     * up to 1 ulp of the result where d is just above 1, is taken out: 1 + e - d is exact (e <= 1), and
     * num / (1 + e) ~ q (1 - (1 + e - d) / d) with q = num / d and 1 / d ~ 1 (which overcorrects by at
     * most e / (1 + e) of the correction). Within 2 ulp, instead of 2.4.
     */
    static void sigmoid(float[] a, int ao, float[] o, int oo, int n) {
        int full = S.loopBound(n);
        float[] pad = paddedTail(a, ao + full, n - full); // copied before an in-place loop overwrites a
        float[] src = a, dst = o;
        int so = ao, dof = oo, len = full;
        while (true) {
            for (int i = 0; i < len; i += L) {
                FloatVector x = FloatVector.fromArray(S, src, so + i);
                FloatVector y = x.abs().neg(), e;
                {
                    // all |y| <= 86.9 (the usual case): e^y is normal, no clamps or special results
                    boolean plain = y.abs().compare(LE, EXP_NORMAL).allTrue();
                    if (!plain) {
                        y = y.blend(EXP_LO, y.compare(LT, EXP_LO)); // y <= 0 here; NaN passes
                    }
                    FloatVector t = y.fma(LOG2E, SHIFTER); // SHIFTER + k, k = rint(y / ln2), one rounding
                    FloatVector kf = t.sub(SHIFTER);
                    FloatVector r = kf.lanewise(FMA, NEG_LN2, y); // exact: the result fits in 24 bits
                    r = kf.lanewise(FMA, NEG_LN2_LO, r);
                    FloatVector u = r.fma(E5, E4).lanewise(FMA, r, E3).lanewise(FMA, r, E2).lanewise(FMA, r, E1)
                            .lanewise(FMA, r, 0.5f);
                    FloatVector p = r.mul(r).fma(u, r).add(1f); // e^r in [0.7, 1.5]
                    IntVector tb = t.viewAsIntegralLanes();
                    // p 2^k by adding k to the exponent field (k << 23 is t's bits << 23: SHIFTER's shift out)
                    IntVector eb = p.viewAsIntegralLanes().add(tb.lanewise(LSHL, 23));
                    if (!plain) {
                        // where that field went to 0 or below, the result is denormal: its bits are
                        // rint(p 2^(k + 149)), which adding 2^23 rounds once (so would a product into the
                        // denormals, but CPUs take a slow microcode path for those: measured 3x slower)
                        IntVector k = tb.sub(SHIFTER_BITS); // in [-150, 128]
                        FloatVector scale = k.add(149 + 127).lanewise(LSHL, 23).viewAsFloatingLanes();
                        IntVector denormal = p.lanewise(FMA, scale, 0x1p23f).viewAsIntegralLanes()
                                .sub(TWO_23_BITS);
                        eb = eb.blend(denormal, eb.compare(LT, 0x00800000));
                    }
                    e = eb.viewAsFloatingLanes();
                    if (!plain) { // overflow (k = 128 with e^r >= 1) to +inf; NaN stays NaN
                        e = e.blend(y.add(Float.POSITIVE_INFINITY), y.compare(LE, EXP_MAX).not());
                    }
                }
                FloatVector d = e.add(1f);
                FloatVector q = e.blend(1f, x.compare(GE, 0f)).div(d);
                q.fma(d.sub(1f).sub(e), q).intoArray(dst, dof + i); // q - q (1 + e - d)
            }
            if (pad == null || src == pad) {
                break;
            }
            src = dst = pad; // once more, over the padded tail
            so = dof = 0;
            len = L;
        }
        if (pad != null) {
            System.arraycopy(pad, 0, o, oo + full, n - full);
        }
    }

    /** The last k (< L) elements from a[from], padded with zeros to a vector's length; null if k = 0. */
    private static float[] paddedTail(float[] a, int from, int k) {
        if (k == 0) {
            return null;
        }
        float[] t = new float[L];
        System.arraycopy(a, from, t, 0, k);
        return t;
    }
}
