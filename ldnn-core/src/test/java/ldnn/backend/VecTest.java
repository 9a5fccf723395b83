package ldnn.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
