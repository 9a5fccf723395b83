package ldnn.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ldnn.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The native backend agrees with the plain-Java reference on every transpose case, offset and stride. */
class BlasTest {

    private static float[] random(Rng r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void openBlasIsTheDefaultAndSaysSo() {
        assertTrue(Blas.get() instanceof OpenBlas, "default backend: " + Blas.get().describe());
        assertTrue(Blas.get().describe().startsWith("OpenBLAS"), Blas.get().describe());
    }

    @Test
    void openBlasMatchesReferenceOnAllTransposesOffsetsAndLeadingDimensions() {
        Rng r = new Rng(1);
        Blas fast = Blas.get();
        Blas ref = new JavaGemm();
        int[][] sizes = {{1, 1, 1}, {3, 5, 7}, {17, 33, 65}, {128, 40, 96}, {2, 300, 1}};
        for (int[] s : sizes) {
            int m = s[0], n = s[1], k = s[2];
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                int pad = 3, off = 5;
                int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
                float[] a = random(r, off + (ta ? k : m) * lda);
                float[] b = random(r, off + (tb ? n : k) * ldb);
                float[] c1 = random(r, off + m * ldc), c2 = c1.clone();
                fast.sgemm(ta, tb, m, n, k, 0.5f, a, off, lda, b, off, ldb, 0.25f, c1, off, ldc);
                ref.sgemm(ta, tb, m, n, k, 0.5f, a, off, lda, b, off, ldb, 0.25f, c2, off, ldc);
                for (int i = 0; i < c1.length; i++) {
                    assertEquals(c2[i], c1[i], 1e-4f * (1 + Math.abs(c2[i])) * Math.sqrt(k),
                            "m=" + m + " n=" + n + " k=" + k + " transA=" + ta + " transB=" + tb + " at " + i);
                }
            }
        }
    }

    @Test
    void outOfBoundsArgumentsAreRefusedBeforeTheNativeCall() {
        float[] a = new float[6], b = new float[6], c = new float[3];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Blas.get().sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2));
        assertTrue(e.getMessage().contains("matrix C"), e.getMessage());
    }
}
