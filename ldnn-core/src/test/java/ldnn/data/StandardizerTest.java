package ldnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import ldnn.tensor.Rng;
import ldnn.tensor.ShapeException;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class StandardizerTest {
    static final int N = 2000;

    /** Columns: 0 gaussian (mean 50, std 4); 1 constant 7; 2 lognormal over ~5 decades; 3 pixels 0..255; 4 signed heavy tail. */
    static Tensor table(Rng rng) {
        float[] a = new float[N * 5];
        for (int i = 0; i < N; i++) {
            a[i * 5] = (float) (50 + 4 * rng.nextGaussian());
            a[i * 5 + 1] = 7;
            a[i * 5 + 2] = (float) Math.exp(2.5 * rng.nextGaussian() + 3);
            a[i * 5 + 3] = rng.nextInt(256);
            a[i * 5 + 4] = (float) ((rng.nextBoolean() ? -1 : 1) * Math.exp(3 * rng.nextGaussian()));
        }
        return Tensor.of(a, N, 5);
    }

    static double[] columnMeanVar(Tensor y, int j) {
        int n = y.size(0), d = y.size(1);
        double m = 0, v = 0;
        for (int i = 0; i < n; i++) {
            m += y.get(i, j);
        }
        m /= n;
        for (int i = 0; i < n; i++) {
            v += (y.get(i, j) - m) * (y.get(i, j) - m);
        }
        return new double[] {m, v / n};
    }

    @Test
    void everyVaryingColumnGetsMeanZeroVarianceOneAndAConstantColumnBecomesZero() {
        Tensor x = table(new Rng(1));
        Standardizer s = Standardizer.fit(x);
        Tensor y = s.apply(x);
        for (int j : new int[] {0, 2, 3, 4}) {
            double[] mv = columnMeanVar(y, j);
            assertEquals(0, mv[0], 1e-4, "column " + j + " mean");
            assertEquals(1, mv[1], 1e-3, "column " + j + " variance");
        }
        for (int i = 0; i < N; i++) {
            assertEquals(0f, y.get(i, 1), "constant column: 0, not NaN");
        }
        assertArrayEquals(table(new Rng(1)).toArray(), x.toArray(), "apply does not modify its input");
    }

    @Test
    void logIsChosenOnlyForColumnsSpanningOrdersOfMagnitude() {
        Standardizer s = Standardizer.fit(table(new Rng(2)));
        assertArrayEquals(new int[] {2, 4}, s.logColumns(), "lognormal and signed heavy tail; not gaussian, constant, pixels");
        assertTrue(s.describe().contains("log(1+x) first on 2 column(s) [2, 4]"), s.describe());
    }

    @Test
    void theSignedLogKeepsSignAndOrderOfNegativeValues() {
        Tensor x = Tensor.of(new float[] {-1e5f, -10, -1, 0, 1, 10, 1e5f}, 7, 1);
        Standardizer s = Standardizer.fit(x, Map.of(0, true));
        float[] y = s.apply(x).toArray();
        for (int i = 1; i < y.length; i++) {
            assertTrue(y[i] > y[i - 1], "monotonic at " + i);
        }
        assertEquals(-y[0], y[6], 1e-5, "symmetric data stays symmetric about 0");
        assertEquals(0f, y[3], 1e-6);
    }

    @Test
    void usersCanForceOrForbidTheLogPerColumn() {
        Tensor x = table(new Rng(3));
        Standardizer s = Standardizer.fit(x, Map.of(2, false, 0, true));
        assertArrayEquals(new int[] {0, 4}, s.logColumns());
        assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(x, Map.of(9, true)));
    }

    @Test
    void statisticsComeFromTheTrainingSplitAndRoundTripThroughRestore() {
        Tensor train = table(new Rng(4)), test = table(new Rng(5));
        Standardizer s = Standardizer.fit(train);
        Preprocessor back = Preprocessor.restore(s.kind(), s.config(), s.state());
        assertInstanceOf(Standardizer.class, back);
        assertArrayEquals(s.apply(test).toArray(), back.apply(test).toArray());
        assertArrayEquals(s.logColumns(), ((Standardizer) back).logColumns());
        double testMean = columnMeanVar(s.apply(test), 0)[0];
        assertTrue(testMean != 0 && Math.abs(testMean) < 0.2, "test data uses training statistics: " + testMean);
        assertInstanceOf(Standardizer.class, Preprocessor.fitDefault(train));
    }

    @Test
    void badInputsAreClearErrors() {
        Standardizer s = Standardizer.fit(table(new Rng(6)));
        var e = assertThrows(ShapeException.class, () -> s.apply(Tensor.zeros(3, 4)));
        assertTrue(e.getMessage().contains("fitted on examples of 5 values"), e.getMessage());
        Tensor nan = Tensor.of(new float[] {1, 2, Float.NaN, 4}, 2, 2);
        var e2 = assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(nan));
        assertTrue(e2.getMessage().contains("row 1, column 0"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Preprocessor.restore("whiten", Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> Standardizer.restore(Map.of("dims", "3"), Map.of("mean", Tensor.zeros(2), "std", Tensor.ones(2))));
        assertFalse(s.describe().isBlank());
    }
}
