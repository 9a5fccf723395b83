package ldnn.backend;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Map;

/**
 * OpenBLAS's {@code cblas_sgemm}, from the {@code org.bytedeco:openblas} jar, called through the FFM
 * API. {@link Linker.Option#critical(boolean) critical(true)} lets heap {@code float[]} segments through
 * with no copy: the GC waits for the duration of the call.
 *
 * <p>JavaCPP's loader unpacks the native library and its dependencies (libgfortran, ...) into its
 * cache and loads them; we then look the CBLAS symbols up in that same library file.
 */
public final class OpenBlas implements Blas {

    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;

    private final MethodHandle sgemm, getThreads, setThreads;
    private final String description;

    private OpenBlas(MethodHandle sgemm, MethodHandle getThreads, MethodHandle setThreads, String description) {
        this.sgemm = sgemm;
        this.getThreads = getThreads;
        this.setThreads = setThreads;
        this.description = description;
    }

    @Override
    public int threads() {
        try {
            return (int) getThreads.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("openblas_get_num_threads failed", e);
        }
    }

    @Override
    public void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("BLAS threads must be >= 1, got " + n);
        }
        try {
            setThreads.invokeExact(n);
        } catch (Throwable e) {
            throw new IllegalStateException("openblas_set_num_threads failed", e);
        }
    }

    /** log2 of the cycles an idle OpenBLAS thread spins before it sleeps (OpenBLAS's minimum). */
    static final String THREAD_TIMEOUT = "4";

    /** Loads the library or fails with a message that says what went wrong and what to do. */
    static OpenBlas load() {
        Path lib;
        try {
            // OpenBLAS's idle threads spin for 2^28 cycles (~0.1 s) after each call by default, taking
            // the cores away from what runs between GEMMs (oneDNN's convolutions, the Java kernels):
            // the convnet's step took 87 ms with spinning and 58 ms with 2^4 cycles (BENCHMARKS.md).
            // Read by OpenBLAS when it loads; a value in the environment wins.
            NativeEnv.setIfAbsent("OPENBLAS_THREAD_TIMEOUT", THREAD_TIMEOUT);
            org.bytedeco.javacpp.Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
            lib = findLoaded("libopenblas");
        } catch (Throwable e) {
            throw new IllegalStateException("ldnn: could not load OpenBLAS from the org.bytedeco:openblas jar ("
                    + e + "). Check that openblas-*-linux-x86_64.jar is on the class path, or run with "
                    + "-Dldnn.blas=java to use the (much slower) pure-Java GEMM on purpose.", e);
        }
        SymbolLookup lookup = SymbolLookup.libraryLookup(lib, Arena.global());
        Linker linker = Linker.nativeLinker();
        MethodHandle gemm = linker.downcallHandle(
                lookup.find("cblas_sgemm").orElseThrow(() -> new IllegalStateException("no cblas_sgemm in " + lib)),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_FLOAT,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                Linker.Option.critical(true));
        String desc = "OpenBLAS";
        try {
            int threads = threads(lookup, linker);
            MethodHandle core = linker.downcallHandle(lookup.find("openblas_get_corename").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS));
            MethodHandle config = linker.downcallHandle(lookup.find("openblas_get_config").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS));
            String coreName = ((MemorySegment) core.invokeExact()).reinterpret(256).getString(0);
            String cfg = ((MemorySegment) config.invokeExact()).reinterpret(512).getString(0);
            String version = cfg.startsWith("OpenBLAS ") ? cfg.split(" ")[1] : "";
            String timeout = System.getenv("OPENBLAS_THREAD_TIMEOUT");
            desc = "OpenBLAS " + version + " (" + coreName + " kernels, " + threads + " thread"
                    + (threads == 1 ? "" : "s") + (threads == 1 ? "" : ", idle threads sleep after 2^"
                    + (timeout == null ? THREAD_TIMEOUT : timeout.trim()) + " cycles") + ", FFM zero-copy)";
        } catch (Throwable e) {
            desc += " (version unknown: " + e + ")";
        }
        MethodHandle getT = linker.downcallHandle(lookup.find("openblas_get_num_threads").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT));
        MethodHandle setT = linker.downcallHandle(lookup.find("openblas_set_num_threads").orElseThrow(),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
        return new OpenBlas(gemm, getT, setT, desc);
    }

    private static int threads(SymbolLookup lookup, Linker linker) throws Throwable {
        MethodHandle get = linker.downcallHandle(lookup.find("openblas_get_num_threads").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT));
        String want = System.getProperty("ldnn.blas.threads", System.getenv("OPENBLAS_NUM_THREADS"));
        if (want != null && !want.isBlank()) {
            MethodHandle set = linker.downcallHandle(lookup.find("openblas_set_num_threads").orElseThrow(),
                    FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
            set.invokeExact(Integer.parseInt(want.trim()));
        }
        return (int) get.invokeExact();
    }

    /** The file of a native library JavaCPP has loaded, e.g. "libopenblas" or "libdnnl". */
    static Path findLoaded(String prefix) {
        Map<String, String> loaded = org.bytedeco.javacpp.Loader.getLoadedLibraries();
        for (Map.Entry<String, String> e : loaded.entrySet()) {
            String file = Path.of(e.getValue()).getFileName().toString();
            if (file.startsWith(prefix) && file.contains(".so")) {
                return Path.of(e.getValue());
            }
        }
        throw new IllegalStateException("JavaCPP loaded " + loaded.values() + " but no " + prefix + "*.so");
    }

    @Override
    public String describe() {
        // the thread count as it is now (an ensemble member's or a Spark task's 1, not the count at load)
        return description.replaceFirst("\\d+ threads?", threads() + (threads() == 1 ? " thread" : " threads"));
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        Blas.checkArgs(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        MemorySegment sa = MemorySegment.ofArray(a), sb = MemorySegment.ofArray(b), sc = MemorySegment.ofArray(c);
        if (aOff != 0) {
            sa = sa.asSlice(4L * aOff);
        }
        if (bOff != 0) {
            sb = sb.asSlice(4L * bOff);
        }
        if (cOff != 0) {
            sc = sc.asSlice(4L * cOff);
        }
        try {
            sgemm.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                    sa, Math.max(1, lda), sb, Math.max(1, ldb), beta, sc, Math.max(1, ldc));
        } catch (Throwable e) {
            throw new IllegalStateException("cblas_sgemm failed", e);
        }
    }
}
