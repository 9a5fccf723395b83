package ldnn.backend;

/**
 * Plain-Java reference GEMM. Simple loops in i-k-j order (the inner loop is a vectorizable axpy over a
 * row of C); correct for every transpose combination. It validates {@link OpenBlas} in tests and is
 * the backend when {@code -Dldnn.blas=java} is set.
 */
public final class JavaGemm implements Blas {

    /** The reference GEMM (stateless). */
    public JavaGemm() {
    }

    @Override
    public String describe() {
        return "pure-Java reference GEMM (slow; selected with -Dldnn.blas=java)";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        Blas.checkArgs(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        float[] row = new float[n];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(row, 0f);
            for (int p = 0; p < k; p++) {
                float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (av == 0f) {
                    continue;
                }
                if (!transB) {
                    int bo = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        row[j] += av * b[bo + j];
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        row[j] += av * b[bOff + j * ldb + p];
                    }
                }
            }
            int co = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[co + j] = beta == 0f ? alpha * row[j] : alpha * row[j] + beta * c[co + j];
            }
        }
    }
}
