package ldnn.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The SIMD loops agree with plain Java math at every length around the vector width (full vectors,
 * the unrolled blocks of max/min, and the scalar or masked tails), at nonzero offsets.
 */
class VecTest {
    private static final int[] LENGTHS = {0, 1, 3, 15, 16, 17, 31, 63, 64, 65, 100, 257, 1000};

    private interface Kernel {
        void run(float[] a, int ao, float[] o, int oo, int n);
    }

    private static void checkUnary(String name, Kernel k, DoubleUnaryOperator ref, double lo, double hi, double tol) {
        Random r = new Random(1);
        for (int n : LENGTHS) {
            float[] a = new float[n + 5];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (lo + (hi - lo) * r.nextDouble());
            }
            float[] o = new float[n + 7];
            o[2 + n] = 42f; // just past the end: must stay untouched
            k.run(a, 3, o, 2, n);
            for (int i = 0; i < n; i++) {
                double want = ref.applyAsDouble(a[3 + i]);
                assertEquals(want, o[2 + i], tol * Math.max(1, Math.abs(want)), name + " n=" + n + " i=" + i);
            }
            assertEquals(42f, o[2 + n], name + " wrote past the end at n=" + n);
        }
    }

    @Test
    void unaryOpsMatchJavaMath() {
        checkUnary("exp", Vec::exp, Math::exp, -20, 20, 1e-6);
        checkUnary("log", Vec::log, Math::log, 1e-3, 100, 1e-6);
        checkUnary("log1p", Vec::log1p, Math::log1p, -0.9, 100, 1e-6);
        checkUnary("tanh", Vec::tanh, Math::tanh, -10, 10, 1e-6);
        checkUnary("sqrt", Vec::sqrt, Math::sqrt, 0, 100, 1e-7);
        checkUnary("abs", Vec::abs, Math::abs, -5, 5, 0);
        checkUnary("neg", Vec::neg, x -> -x, -5, 5, 0);
        checkUnary("relu", Vec::relu, x -> Math.max(x, 0), -5, 5, 0);
        checkUnary("sigmoid", Vec::sigmoid, x -> 1 / (1 + Math.exp(-x)), -30, 30, 1e-6);
    }

    /**
     * Every 4099th float bit pattern (the whole range, both signs, about a million values), the 2000 floats
     * either side of each edge, and the special values.
     */
    private static float[] sweep() {
        float[] edges = {0f, Float.MIN_NORMAL, 0.5f, 1f, 2f, 0.70710677f, 0.625f, 1.1920929e-7f, 5.9604645e-8f,
            88.72283f, 88.37626f, 86.9f, 87.33655f, 103.97208f, 104f, 89f, 9.010913f, Float.MAX_VALUE};
        float[] specials = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, -1f, 1f};
        int perEdge = 2 * 2 * 2000;
        float[] xs = new float[(int) ((1L << 32) / 4099 + 1) + edges.length * perEdge + specials.length];
        int k = 0;
        for (long b = 0; b < 1L << 32; b += 4099) {
            xs[k++] = Float.intBitsToFloat((int) b);
        }
        for (float e : edges) {
            for (float sign : new float[] {1f, -1f}) {
                float up = sign * e, down = sign * e;
                for (int j = 0; j < 2000; j++) {
                    xs[k++] = up = Math.nextUp(up);
                    xs[k++] = down = Math.nextDown(down);
                }
            }
        }
        for (float x : specials) {
            xs[k++] = x;
        }
        return Arrays.copyOf(xs, k);
    }

    /**
     * fn agrees with the reference rounded to float within maxUlp ulp (of the exact result), has the same
     * NaN, infinity or signed zero where the rounded reference is one, and is finite where it is finite.
     */
    private static void checkUlp(String name, Kernel fn, DoubleUnaryOperator ref, float[] xs, double maxUlp) {
        // in calls of 37 (full vectors and a tail), then in one: many short calls get the kernel JIT-compiled
        // early (the Vector API runs ~100x slower before), and the two must agree bit for bit
        int chunk = 37;
        float[] got = new float[xs.length], whole = new float[xs.length];
        for (int off = 0; off < xs.length; off += chunk) {
            fn.run(xs, off, got, off, Math.min(chunk, xs.length - off));
        }
        fn.run(xs, 0, whole, 0, xs.length);
        for (int i = 0; i < xs.length; i++) {
            if (Float.floatToIntBits(got[i]) != Float.floatToIntBits(whole[i])) {
                fail(name + "(" + xs[i] + "): " + got[i] + " as element " + i % chunk + " of " + chunk + " but "
                        + whole[i] + " as element " + i + " of " + xs.length + "; expected the same bits");
            }
        }
        double worst = 0;
        float worstX = 0;
        for (int i = 0; i < xs.length; i++) {
            double want = ref.applyAsDouble(xs[i]);
            float wf = (float) want, g = got[i];
            String at = name + "(" + xs[i] + " = " + Float.toHexString(xs[i]) + ")";
            if (Float.isNaN(wf) || Float.isInfinite(wf) || wf == 0) {
                if (Float.floatToIntBits(g) != Float.floatToIntBits(wf) && !(wf == 0 && g == 0 && want != 0)) {
                    fail(at + ": expected " + wf + ", found " + g);
                }
                if (wf != 0) {
                    continue;
                }
            }
            if (Float.isNaN(g) || Float.isInfinite(g)) {
                fail(at + ": expected " + wf + ", found " + g);
            }
            // the ulp where the exact value lies: just below a power of two it is half the rounded value's
            double ulp = Math.abs(want) < Math.abs(wf) ? Math.ulp(Math.nextDown(Math.abs(wf))) : Math.ulp(wf);
            double err = Math.abs(g - want) / Math.max(ulp, Float.MIN_VALUE);
            if (err > worst) {
                worst = err;
                worstX = xs[i];
            }
        }
        double w = worst;
        float wx = worstX;
        assertTrue(w <= maxUlp, () -> name + ": expected within " + maxUlp + " ulp, found " + w + " ulp at x = " + wx
                + " (" + Float.toHexString(wx) + ")");
    }

    /**
     * The deterministic transcendentals ({@link VecMath}) are within 1 ulp (exp, log) or 2 ulp (log1p, tanh,
     * sigmoid) of the correctly rounded result over the whole float range, including the edges: overflow and
     * underflow thresholds, denormal results and arguments, 0 and -0, infinities and NaN. Measured maxima over
     * denser sweeps: exp 0.99, log 0.89, log1p 1.44, tanh 1.33, sigmoid 1.96.
     */
    @Test
    void transcendentalsAreWithinOneOrTwoUlpOfCorrectlyRounded() {
        float[] xs = sweep();
        checkUlp("exp", Vec::exp, StrictMath::exp, xs, 1.0);
        checkUlp("log", Vec::log, StrictMath::log, xs, 1.0);
        checkUlp("log1p", Vec::log1p, StrictMath::log1p, xs, 2.0);
        checkUlp("tanh", Vec::tanh, StrictMath::tanh, xs, 2.0);
        checkUlp("sigmoid", Vec::sigmoid, x -> 1 / (1 + StrictMath.exp(-x)), xs, 2.0);
    }

    @Test
    void maxAndMinFindTheExtremeAnywhere() {
        for (int n : LENGTHS) {
            if (n == 0) {
                assertEquals(Float.NEGATIVE_INFINITY, Vec.max(new float[4], 2, 0));
                assertEquals(Float.POSITIVE_INFINITY, Vec.min(new float[4], 2, 0));
                continue;
            }
            for (int at = 0; at < n; at += Math.max(1, n / 7)) {
                float[] a = new float[n + 4];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) Math.sin(i) * 10;
                }
                a[1 + at] = 100f;
                assertEquals(100f, Vec.max(a, 1, n), "max n=" + n + " at " + at);
                a[1 + at] = -100f;
                assertEquals(-100f, Vec.min(a, 1, n), "min n=" + n + " at " + at);
            }
        }
    }

    @Test
    void sumIsAccurateOverLongRuns() {
        int n = 1_000_003;
        float[] a = new float[n + 1];
        double want = 0;
        Random r = new Random(5);
        for (int i = 1; i <= n; i++) {
            a[i] = (float) r.nextGaussian();
            want += a[i];
        }
        assertEquals(want, Vec.sum(a, 1, n), 1e-6 * n);
    }
}
