package ldnn.backend;

/**
 * Single-precision GEMM on row-major {@code float[]} storage: C = alpha * op(A) * op(B) + beta * C,
 * where op(X) is X or its transpose. Leading dimensions are row strides, as in CBLAS row-major calls.
 *
 * <p>Two implementations: {@link OpenBlas} (the default, native, through the FFM API with no copies)
 * and {@link JavaGemm} (a plain reference used to validate it, and selectable on purpose with
 * {@code -Dldnn.blas=java}). {@link #get()} never falls back silently: if OpenBLAS cannot be loaded and
 * Java was not asked for, it fails with the reason.
 */
public interface Blas {

    /** Short description printed at start-up, e.g. "OpenBLAS 0.3.31 (Cooperlake, 2 threads)". */
    String describe();

    /**
     * C = alpha·op(A)·op(B) + beta·C on row-major arrays with offsets and leading dimensions, as cblas_sgemm (op:
     * transposed or not).
     */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc);

    /** Threads the backend uses inside one call (1 for the Java reference). */
    default int threads() {
        return 1;
    }

    /**
     * Sets the threads used inside one call. Callers that run several GEMMs at once from their own
     * threads (e.g. training ensemble members in parallel) set 1 to avoid oversubscribing the cores.
     */
    default void setThreads(int n) {
    }

    /** The process-wide backend, chosen once from {@code -Dldnn.blas} (openblas|java; default openblas). */
    static Blas get() {
        return Holder.INSTANCE;
    }

    /** Holds the process-wide backend, chosen on first use (an implementation detail of {@link #get()}). */
    final class Holder {
        static final Blas INSTANCE = choose();

        private Holder() {
        }

        private static Blas choose() {
            String want = System.getProperty("ldnn.blas", System.getenv().getOrDefault("LDNN_BLAS", "openblas"));
            return switch (want.toLowerCase(java.util.Locale.ROOT)) {
                case "java" -> new JavaGemm();
                case "openblas" -> OpenBlas.load();
                default -> throw new IllegalArgumentException(
                        "ldnn.blas: expected 'openblas' or 'java', got '" + want + "'");
            };
        }
    }

    /** Checks the arguments of an sgemm call against the array lengths; used by both backends. */
    static void checkArgs(boolean transA, boolean transB, int m, int n, int k,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: negative size m=" + m + " n=" + n + " k=" + k);
        }
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        checkMatrix("A", a, aOff, aRows, aCols, lda);
        checkMatrix("B", b, bOff, bRows, bCols, ldb);
        checkMatrix("C", c, cOff, m, n, ldc);
    }

    private static void checkMatrix(String name, float[] x, int off, int rows, int cols, int ld) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("sgemm: leading dimension of " + name + " is " + ld
                    + ", expected at least its column count " + cols);
        }
        long last = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new IllegalArgumentException("sgemm: matrix " + name + " (" + rows + "x" + cols + ", ld " + ld
                    + ", offset " + off + ") needs " + last + " floats, array has " + x.length);
        }
    }
}
