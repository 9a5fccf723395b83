package ldnn.backend;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The few calls of oneDNN's C API (from the {@code org.bytedeco:dnnl} jar) that {@link DnnlConv} needs,
 * through the FFM API. Handles are plain {@link MemorySegment} addresses; every status is checked and
 * a failure names the call. Enum values are those of oneDNN 3.x's dnnl_types.h.
 *
 * <p>oneDNN cannot read the Java heap: a heap address is valid only during one critical call, while
 * oneDNN stores data pointers in memory objects and uses them in a later call. Data therefore goes
 * through native buffers (one memcpy each way).
 */
final class OneDnn {
    // dnnl_types.h (oneDNN 3.x)
    static final int F32 = 3;
    static final int TAG_ANY = 1, TAG_A = 2, TAG_ABCD = 5, TAG_ABCD16B = 78; // abcd = nchw = oihw, aBcd16b = nChw16c
    static final int PROP_FORWARD_TRAINING = 64, PROP_FORWARD_INFERENCE = 96;
    static final int CONVOLUTION_DIRECT = 1;
    static final int QUERY_IMPL_INFO_STR = 8;
    static final int QUERY_SRC_MD = 129, QUERY_DIFF_SRC_MD = 130, QUERY_WEIGHTS_MD = 131, QUERY_DIFF_WEIGHTS_MD = 132,
            QUERY_DST_MD = 133, QUERY_DIFF_DST_MD = 134;
    static final int ARG_SRC = 1, ARG_DST = 17, ARG_WEIGHTS = 33, ARG_BIAS = 41, ARG_DIFF_SRC = 129,
            ARG_DIFF_DST = 145, ARG_DIFF_WEIGHTS = 161, ARG_DIFF_BIAS = 169;
    static final int MAX_NDIMS = 12;
    private static final int QUERY_STRIDES = 14, QUERY_FORMAT_KIND = 262, QUERY_INNER_NBLKS = 263,
            QUERY_INNER_BLKS = 264, QUERY_INNER_IDXS = 265, FORMAT_BLOCKED = 2;
    private static final int ENGINE_CPU = 1, STREAM_DEFAULT_FLAGS = 1;

    private static final AddressLayout A = ValueLayout.ADDRESS;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong J = ValueLayout.JAVA_LONG;

    final MemorySegment engine;
    final MemorySegment stream;
    final String description;

    private final MethodHandle mdCreateWithTag, mdDestroy, mdGetSize, mdEqual, mdQuery;
    private final MethodHandle convFwdPd, convBwdDataPd, convBwdWeightsPd, pdQueryMd, pdQuery, pdDestroy;
    private final MethodHandle primitiveCreate, primitiveDestroy, execute, streamWait, memoryCreate, memoryDestroy;

    private static final class Holder {
        static final OneDnn INSTANCE = load();
    }

    /** The process-wide oneDNN CPU engine and stream; loads the library on first use. */
    static OneDnn get() {
        return Holder.INSTANCE;
    }

    private OneDnn(SymbolLookup lib) throws Throwable {
        Linker linker = Linker.nativeLinker();
        mdCreateWithTag = handle(linker, lib, "dnnl_memory_desc_create_with_tag", FunctionDescriptor.of(I, A, I, A, I, I));
        mdDestroy = handle(linker, lib, "dnnl_memory_desc_destroy", FunctionDescriptor.of(I, A));
        mdGetSize = handle(linker, lib, "dnnl_memory_desc_get_size", FunctionDescriptor.of(J, A));
        mdEqual = handle(linker, lib, "dnnl_memory_desc_equal", FunctionDescriptor.of(I, A, A));
        mdQuery = handle(linker, lib, "dnnl_memory_desc_query", FunctionDescriptor.of(I, A, I, A));
        convFwdPd = handle(linker, lib, "dnnl_convolution_forward_primitive_desc_create",
                FunctionDescriptor.of(I, A, A, I, I, A, A, A, A, A, A, A, A, A));
        convBwdDataPd = handle(linker, lib, "dnnl_convolution_backward_data_primitive_desc_create",
                FunctionDescriptor.of(I, A, A, I, A, A, A, A, A, A, A, A, A));
        convBwdWeightsPd = handle(linker, lib, "dnnl_convolution_backward_weights_primitive_desc_create",
                FunctionDescriptor.of(I, A, A, I, A, A, A, A, A, A, A, A, A, A));
        pdQueryMd = handle(linker, lib, "dnnl_primitive_desc_query_md", FunctionDescriptor.of(A, A, I, I));
        pdQuery = handle(linker, lib, "dnnl_primitive_desc_query", FunctionDescriptor.of(I, A, I, I, A));
        pdDestroy = handle(linker, lib, "dnnl_primitive_desc_destroy", FunctionDescriptor.of(I, A));
        primitiveCreate = handle(linker, lib, "dnnl_primitive_create", FunctionDescriptor.of(I, A, A));
        primitiveDestroy = handle(linker, lib, "dnnl_primitive_destroy", FunctionDescriptor.of(I, A));
        execute = handle(linker, lib, "dnnl_primitive_execute", FunctionDescriptor.of(I, A, A, I, A));
        streamWait = handle(linker, lib, "dnnl_stream_wait", FunctionDescriptor.of(I, A));
        memoryCreate = handle(linker, lib, "dnnl_memory_create", FunctionDescriptor.of(I, A, A, A, A));
        memoryDestroy = handle(linker, lib, "dnnl_memory_destroy", FunctionDescriptor.of(I, A));
        MethodHandle engineCreate = handle(linker, lib, "dnnl_engine_create", FunctionDescriptor.of(I, A, I, J));
        MethodHandle streamCreate = handle(linker, lib, "dnnl_stream_create", FunctionDescriptor.of(I, A, A, I));
        MethodHandle version = handle(linker, lib, "dnnl_version", FunctionDescriptor.of(A));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(A);
            check((int) engineCreate.invokeExact(out, ENGINE_CPU, 0L), "dnnl_engine_create");
            engine = out.get(A, 0);
            check((int) streamCreate.invokeExact(out, engine, STREAM_DEFAULT_FLAGS), "dnnl_stream_create");
            stream = out.get(A, 0);
        }
        MemorySegment v = ((MemorySegment) version.invokeExact()).reinterpret(32);
        description = "oneDNN " + v.get(I, 0) + "." + v.get(I, 4) + "." + v.get(I, 8) + " (OpenMP, wait policy "
                + openMpWaitPolicy() + ")";
    }

    private static OneDnn load() {
        Path lib, gomp;
        try {
            passiveOpenMpWaiting();
            // Only unpack the two libraries into JavaCPP's cache (libdnnl finds libgomp beside it through its
            // $ORIGIN runpath); Loader.load(dnnl.class) would also want the OpenCL JNI bindings, absent here.
            String dir = "/org/bytedeco/dnnl/linux-x86_64/";
            gomp = org.bytedeco.javacpp.Loader.cacheResource(dir + "libgomp.so.1").toPath();
            lib = org.bytedeco.javacpp.Loader.cacheResource(dir + "libdnnl.so.3").toPath();
        } catch (Throwable e) {
            throw new IllegalStateException("ldnn: could not load oneDNN from the org.bytedeco:dnnl jar (" + e
                    + "). Check that dnnl-*-linux-x86_64.jar is on the class path, or run with -Dldnn.conv=gemm "
                    + "to use the (slower) im2col + GEMM convolution on purpose.", e);
        }
        try {
            OneDnn d = new OneDnn(SymbolLookup.libraryLookup(lib, Arena.global()));
            d.ompSetNumThreads = SymbolLookup.libraryLookup(gomp, Arena.global()).find("omp_set_num_threads")
                    .map(a -> Linker.nativeLinker().downcallHandle(a, FunctionDescriptor.ofVoid(I))).orElse(null);
            return d;
        } catch (Throwable e) {
            throw new IllegalStateException("ldnn: oneDNN at " + lib + " could not be initialised: " + e
                    + " (run with -Dldnn.conv=gemm to use the im2col + GEMM convolution)", e);
        }
    }

    /**
     * oneDNN runs on OpenMP (the libgomp beside it). By default idle OpenMP threads spin before they
     * sleep; on a machine with few cores shared with other processes (or with OpenBLAS's own threads)
     * a spinning barrier waits a whole scheduler slice for a preempted partner, and convolutions were
     * measured 5-10x slower under load. So unless the user chose a policy, ask for passive waiting. It
     * must be in the environment before libgomp is loaded, which is why this runs first.
     */
    private static void passiveOpenMpWaiting() {
        NativeEnv.setIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
    }

    /** Whether OpenMP threads sleep when idle (what {@link #passiveOpenMpWaiting} asks for unless overridden). */
    static String openMpWaitPolicy() {
        String v = System.getenv("OMP_WAIT_POLICY");
        return v == null ? "PASSIVE (set by ldnn)" : v + " (from the environment)";
    }

    private static MethodHandle handle(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd) {
        return linker.downcallHandle(lib.find(name).orElseThrow(
                () -> new IllegalStateException("oneDNN library has no symbol " + name)), fd);
    }

    static void check(int status, String call) {
        if (status != 0) {
            String what = switch (status) {
                case 1 -> "out of memory";
                case 2 -> "invalid arguments";
                case 3 -> "unimplemented (no implementation for these shapes/layouts)";
                case 5 -> "runtime error";
                default -> "status " + status;
            };
            throw new IllegalStateException("oneDNN " + call + " failed: " + what);
        }
    }

    // ------------------------------------------------------------------ thin wrappers

    /** A dims array (int64[12]) in arena. */
    static MemorySegment dims(Arena arena, long... d) {
        MemorySegment s = arena.allocate(J, MAX_NDIMS);
        for (int i = 0; i < d.length; i++) {
            s.setAtIndex(J, i, d[i]);
        }
        return s;
    }

    /** A new f32 memory descriptor; destroy with {@link #destroyMd}. */
    MemorySegment md(Arena arena, int tag, long... d) {
        try {
            MemorySegment out = arena.allocate(A);
            check((int) mdCreateWithTag.invokeExact(out, d.length, dims(arena, d), F32, tag),
                    "dnnl_memory_desc_create_with_tag");
            return out.get(A, 0);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    void destroyMd(MemorySegment md) {
        call(() -> (int) mdDestroy.invokeExact(md), "dnnl_memory_desc_destroy");
    }

    long size(MemorySegment md) {
        try {
            return (long) mdGetSize.invokeExact(md);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    boolean equal(MemorySegment a, MemorySegment b) {
        try {
            return (int) mdEqual.invokeExact(a, b) != 0;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Where each element of a tensor with these dims lives in a blocked layout: per dimension d, a table
     * t_d such that element (i0, i1, ...) is at t_0[i0] + t_1[i1] + ... (in floats). Blocked layouts
     * (plain strides plus inner blocks such as 16i16o) are separable like this. Null if md is not blocked.
     */
    int[][] offsetTables(MemorySegment md, long[] dims) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(J);
            call(() -> (int) mdQuery.invokeExact(md, QUERY_FORMAT_KIND, out), "dnnl_memory_desc_query(format_kind)");
            if (out.get(I, 0) != FORMAT_BLOCKED) {
                return null;
            }
            call(() -> (int) mdQuery.invokeExact(md, QUERY_INNER_NBLKS, out), "dnnl_memory_desc_query(inner_nblks)");
            int nblks = out.get(I, 0);
            long[] strides = dimsQuery(md, QUERY_STRIDES, out), blks = dimsQuery(md, QUERY_INNER_BLKS, out),
                    idxs = dimsQuery(md, QUERY_INNER_IDXS, out);
            long[] innerStride = new long[nblks]; // elements between consecutive values of inner block k
            for (int k = nblks - 1, s = 1; k >= 0; k--) {
                innerStride[k] = s;
                s *= (int) blks[k];
            }
            int[][] t = new int[dims.length][];
            for (int d = 0; d < dims.length; d++) {
                long blockOfD = 1;
                for (int k = 0; k < nblks; k++) {
                    if (idxs[k] == d) {
                        blockOfD *= blks[k];
                    }
                }
                t[d] = new int[(int) dims[d]];
                for (int i = 0; i < dims[d]; i++) {
                    long off = (i / blockOfD) * strides[d];
                    long below = blockOfD; // product of d's blocks from k on
                    for (int k = 0; k < nblks; k++) {
                        if (idxs[k] == d) {
                            below /= blks[k];
                            off += ((i / below) % blks[k]) * innerStride[k];
                        }
                    }
                    t[d][i] = Math.toIntExact(off);
                }
            }
            return t;
        }
    }

    private long[] dimsQuery(MemorySegment md, int what, MemorySegment out) {
        call(() -> (int) mdQuery.invokeExact(md, what, out), "dnnl_memory_desc_query(" + what + ")");
        MemorySegment p = out.get(A, 0).reinterpret(8L * MAX_NDIMS);
        long[] v = new long[MAX_NDIMS];
        for (int i = 0; i < MAX_NDIMS; i++) {
            v[i] = p.getAtIndex(J, i);
        }
        return v;
    }

    /** Convolution forward pd; bias may be {@link MemorySegment#NULL}. */
    MemorySegment convForwardPd(Arena arena, int prop, MemorySegment src, MemorySegment weights, MemorySegment bias,
                                MemorySegment dst, MemorySegment strides, MemorySegment dilates, MemorySegment padL,
                                MemorySegment padR) {
        MemorySegment out = arena.allocate(A);
        call(() -> (int) convFwdPd.invokeExact(out, engine, prop, CONVOLUTION_DIRECT, src, weights, bias, dst, strides,
                dilates, padL, padR, MemorySegment.NULL), "dnnl_convolution_forward_primitive_desc_create");
        return out.get(A, 0);
    }

    MemorySegment convBackwardDataPd(Arena arena, MemorySegment diffSrc, MemorySegment weights, MemorySegment diffDst,
                                     MemorySegment strides, MemorySegment dilates, MemorySegment padL,
                                     MemorySegment padR, MemorySegment hint) {
        MemorySegment out = arena.allocate(A);
        call(() -> (int) convBwdDataPd.invokeExact(out, engine, CONVOLUTION_DIRECT, diffSrc, weights, diffDst, strides,
                dilates, padL, padR, hint, MemorySegment.NULL), "dnnl_convolution_backward_data_primitive_desc_create");
        return out.get(A, 0);
    }

    MemorySegment convBackwardWeightsPd(Arena arena, MemorySegment src, MemorySegment diffWeights,
                                        MemorySegment diffBias, MemorySegment diffDst, MemorySegment strides,
                                        MemorySegment dilates, MemorySegment padL, MemorySegment padR,
                                        MemorySegment hint) {
        MemorySegment out = arena.allocate(A);
        call(() -> (int) convBwdWeightsPd.invokeExact(out, engine, CONVOLUTION_DIRECT, src, diffWeights, diffBias,
                diffDst, strides, dilates, padL, padR, hint, MemorySegment.NULL),
                "dnnl_convolution_backward_weights_primitive_desc_create");
        return out.get(A, 0);
    }

    /** A memory descriptor owned by the pd (do not destroy it). */
    MemorySegment queryMd(MemorySegment pd, int what) {
        try {
            MemorySegment md = (MemorySegment) pdQueryMd.invokeExact(pd, what, 0);
            if (md.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("oneDNN: primitive descriptor has no memory descriptor " + what);
            }
            return md;
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The implementation oneDNN chose, e.g. "brg_conv_fwd:avx512_core". */
    String implName(MemorySegment pd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(A);
            call(() -> (int) pdQuery.invokeExact(pd, QUERY_IMPL_INFO_STR, 0, out), "dnnl_primitive_desc_query");
            return out.get(A, 0).reinterpret(256).getString(0);
        }
    }

    void destroyPd(MemorySegment pd) {
        call(() -> (int) pdDestroy.invokeExact(pd), "dnnl_primitive_desc_destroy");
    }

    MemorySegment primitive(Arena arena, MemorySegment pd) {
        MemorySegment out = arena.allocate(A);
        call(() -> (int) primitiveCreate.invokeExact(out, pd), "dnnl_primitive_create");
        return out.get(A, 0);
    }

    void destroyPrimitive(MemorySegment p) {
        call(() -> (int) primitiveDestroy.invokeExact(p), "dnnl_primitive_destroy");
    }

    /** A memory object over our own buffer (oneDNN does not own it). */
    MemorySegment memory(Arena arena, MemorySegment md, MemorySegment buffer) {
        MemorySegment out = arena.allocate(A);
        call(() -> (int) memoryCreate.invokeExact(out, md, engine, buffer), "dnnl_memory_create");
        return out.get(A, 0);
    }

    void destroyMemory(MemorySegment m) {
        call(() -> (int) memoryDestroy.invokeExact(m), "dnnl_memory_destroy");
    }

    /** Runs a primitive to completion; args is an array of dnnl_exec_arg_t {int arg; dnnl_memory_t memory}. */
    /** OpenMP's omp_set_num_threads (null if libgomp does not export it). */
    private MethodHandle ompSetNumThreads;
    /** The OpenMP threads last asked for on this thread (OpenMP keeps the setting per calling thread). */
    private static final ThreadLocal<int[]> OMP_THREADS = ThreadLocal.withInitial(() -> new int[] {-1});

    /**
     * oneDNN's OpenMP threads follow {@link Blas#threads()}, per calling thread: members of an ensemble or
     * data-parallel workers that run one per core (BLAS set to 1 thread) then convolve on one thread each
     * instead of each starting a team of all the cores (which measured 10-25% slower on 2 cores).
     */
    private void matchThreads() {
        if (ompSetNumThreads == null) {
            return;
        }
        int want = Math.max(1, Blas.get().threads());
        int[] last = OMP_THREADS.get();
        if (last[0] != want) {
            try {
                ompSetNumThreads.invokeExact(want);
            } catch (Throwable e) {
                throw new IllegalStateException("omp_set_num_threads(" + want + ") failed", e);
            }
            last[0] = want;
        }
    }

    void execute(MemorySegment primitive, MemorySegment args, int nargs, String what) {
        matchThreads();
        call(() -> (int) execute.invokeExact(primitive, stream, nargs, args), "dnnl_primitive_execute (" + what + ")");
        call(() -> (int) streamWait.invokeExact(stream), "dnnl_stream_wait");
    }

    /** Execution arguments in arena: pairs (arg id, memory). */
    static MemorySegment args(Arena arena, Object... pairs) {
        MemorySegment s = arena.allocate(16L * (pairs.length / 2), 8);
        for (int i = 0; i < pairs.length / 2; i++) {
            s.set(I, 16L * i, (Integer) pairs[2 * i]);
            s.set(A, 16L * i + 8, (MemorySegment) pairs[2 * i + 1]);
        }
        return s;
    }

    private interface NativeCall {
        int run() throws Throwable;
    }

    private static void call(NativeCall c, String name) {
        int status;
        try {
            status = c.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("oneDNN " + name + " failed", e);
        }
        check(status, name);
    }
}
