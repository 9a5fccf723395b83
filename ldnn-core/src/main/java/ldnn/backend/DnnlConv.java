package ldnn.backend;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * conv2d (NCHW, zero padding, stride) forward and backward through oneDNN primitives. One instance per
 * geometry, kept in a small per-thread cache: primitives are JIT-compiled once, native buffers are
 * reused. oneDNN cannot read the Java heap, so every tensor crosses once each way, converted on the
 * way into the layout oneDNN picked for speed (blocked channels such as nChw16c).
 *
 * <p>The im2col + GEMM path in {@code ldnn.tensor.Conv} is the reference this is tested against.
 */
public final class DnnlConv implements AutoCloseable {

    /** Shapes of one conv2d: input [n, c, h, w], weight [f, c, kh, kw], output [n, f, ho, wo]. */
    public record Geometry(int n, int c, int h, int w, int f, int kh, int kw, int stride, int pad, boolean bias) {
        /** Output height. */
        public int ho() {
            return (h + 2 * pad - kh) / stride + 1;
        }

        /** Output width. */
        public int wo() {
            return (w + 2 * pad - kw) / stride + 1;
        }
    }

    private static final int CACHE_SIZE = 8;
    private static final ThreadLocal<Map<Geometry, DnnlConv>> CACHE = ThreadLocal.withInitial(
            () -> new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Geometry, DnnlConv> eldest) {
                    if (size() > CACHE_SIZE) {
                        eldest.getValue().close();
                        return true;
                    }
                    return false;
                }
            });

    /** The cached instance for this geometry on this thread (created, and its primitives compiled, on first use). */
    public static DnnlConv get(Geometry g) {
        return CACHE.get().computeIfAbsent(g, DnnlConv::new);
    }

    /** "oneDNN 3.11.0"; loads the library. */
    public static String describe() {
        return OneDnn.get().description;
    }

    private final Geometry g;
    private final OneDnn dnn = OneDnn.get();
    private final Arena arena = Arena.ofShared(); // shared: Parallel workers fill the buffers too
    private final List<MemorySegment> mds = new ArrayList<>(), pds = new ArrayList<>(), prims = new ArrayList<>(),
            mems = new ArrayList<>();
    private final MemorySegment strides, dilates, pads;
    private final Group gx, gw, gy; // x/gx, w/gw, y/gy: each with the buffers of its layouts
    private final Plain pb; // bias and its gradient, always plain
    private final MemorySegment fwdPd;
    private final Port fSrc, fWei, fDst;
    private final MemorySegment fwd, fwdArgs;
    private long stamp;
    private boolean backwardReady;
    private Port dDiffDst, dWei, dDiffSrc, wSrc, wDiffDst, wDiffWei;
    private MemorySegment bwdData, bwdDataArgs, bwdWeights, bwdWeightsArgs;
    private MemorySegment bwdDataPd, bwdWeightsPd;

    private DnnlConv(Geometry g) {
        this.g = g;
        boolean ok = false;
        try {
            strides = OneDnn.dims(arena, g.stride(), g.stride());
            dilates = OneDnn.dims(arena, 0, 0);
            pads = OneDnn.dims(arena, g.pad(), g.pad());
            gx = new Group(g.n(), g.c(), g.h(), g.w());
            gw = new Group(g.f(), g.c(), g.kh(), g.kw());
            gy = new Group(g.n(), g.f(), g.ho(), g.wo());
            pb = g.bias() ? new Plain(g.f()) : null;
            fwdPd = pd(dnn.convForwardPd(arena, OneDnn.PROP_FORWARD_TRAINING, gx.any(), gw.any(),
                    pb == null ? MemorySegment.NULL : pb.md, gy.any(), strides, dilates, pads, pads));
            fSrc = gx.port(dnn.queryMd(fwdPd, OneDnn.QUERY_SRC_MD));
            fWei = gw.port(dnn.queryMd(fwdPd, OneDnn.QUERY_WEIGHTS_MD));
            fDst = gy.port(dnn.queryMd(fwdPd, OneDnn.QUERY_DST_MD));
            fwd = prim(fwdPd);
            fwdArgs = pb == null
                    ? OneDnn.args(arena, OneDnn.ARG_SRC, fSrc.mem(), OneDnn.ARG_WEIGHTS, fWei.mem(), OneDnn.ARG_DST,
                            fDst.mem())
                    : OneDnn.args(arena, OneDnn.ARG_SRC, fSrc.mem(), OneDnn.ARG_WEIGHTS, fWei.mem(), OneDnn.ARG_BIAS,
                            pb.mem, OneDnn.ARG_DST, fDst.mem());
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    /** The shapes this instance computes. */
    public Geometry geometry() {
        return g;
    }

    /** The implementations oneDNN chose and how tensors cross (forward, and backward once it has run). */
    public String implementations() {
        String s = "fwd " + dnn.implName(fwdPd) + " (x " + fSrc.mode + ", w " + fWei.mode + ", y " + fDst.mode + ")";
        if (backwardReady) {
            s += "; bwd data " + dnn.implName(bwdDataPd) + " (gy " + dDiffDst.mode + ", gx " + dDiffSrc.mode + ")"
                    + "; bwd weights " + dnn.implName(bwdWeightsPd) + " (x " + wSrc.mode + ", gy " + wDiffDst.mode
                    + ", gw " + wDiffWei.mode + ")";
        }
        return s;
    }

    /** The output of {@link #forward} and the stamp that lets {@link #backward} reuse its converted inputs. */
    public record Forward(float[] y, long stamp) {
    }

    /** The gradients {@link #backward} computed (null where not asked for). */
    public record Gradients(float[] gx, float[] gw, float[] gb) {
    }

    /**
     * y[n, f, ho, wo] = conv(x, w) + b, in a new array; b may be null only if the geometry has no bias.
     * The stamp lets backward reuse x and w as converted here while no other forward runs on this
     * instance (autograd, like PyTorch's, assumes inputs do not change between forward and backward).
     * Output arrays are allocated just before they are filled, so the JVM's zeroing leaves them in cache.
     */
    public Forward forward(float[] x, int xOff, float[] w, int wOff, float[] b, int bOff) {
        checkLength("x", x, xOff, gx.count);
        checkLength("w", w, wOff, gw.count);
        long s = ++stamp;
        fSrc.in(x, xOff, s);
        fWei.in(w, wOff, s);
        if (pb != null) {
            checkLength("b", b, bOff, pb.count);
            pb.load(b, bOff);
        }
        dnn.execute(fwd, fwdArgs, pb == null ? 3 : 4, "conv forward");
        float[] y = Workspace.uninitialized(gy.count);
        fDst.out(y, 0);
        return new Forward(y, s);
    }

    /**
     * Gradients from gy [n, f, ho, wo] of the input, weight and bias, as asked for. x and w are the
     * forward's inputs, stamp what that forward returned (0: unknown, convert them again).
     */
    public Gradients backward(float[] gy, int gyOff, float[] x, int xOff, float[] w, int wOff,
                              boolean needX, boolean needW, boolean needB, long stamp) {
        checkLength("gy", gy, gyOff, this.gy.count);
        if (needB && pb == null) {
            throw new IllegalArgumentException("DnnlConv: bias gradient asked of a convolution without bias");
        }
        prepareBackward();
        long gyStamp = -(++this.stamp); // gy's content, distinct from every forward's
        float[] gxOut = null, gwOut = null, gbOut = null;
        if (needW || needB) {
            checkLength("x", x, xOff, this.gx.count);
            wSrc.in(x, xOff, stamp);
            wDiffDst.in(gy, gyOff, gyStamp);
            dnn.execute(bwdWeights, bwdWeightsArgs, pb == null ? 3 : 4, "conv backward weights");
            if (needW) {
                gwOut = Workspace.uninitialized(this.gw.count);
                wDiffWei.out(gwOut, 0);
            }
            if (needB) {
                gbOut = Workspace.floats(pb.count);
                pb.store(gbOut, 0);
            }
        }
        if (needX) {
            checkLength("w", w, wOff, this.gw.count);
            dWei.in(w, wOff, stamp);
            dDiffDst.in(gy, gyOff, gyStamp); // no work when gy is already there in this layout
            dnn.execute(bwdData, bwdDataArgs, 3, "conv backward data");
            gxOut = Workspace.uninitialized(this.gx.count);
            dDiffSrc.out(gxOut, 0);
        }
        return new Gradients(gxOut, gwOut, gbOut);
    }

    private void prepareBackward() {
        if (backwardReady) {
            return;
        }
        bwdWeightsPd = pd(dnn.convBackwardWeightsPd(arena, gx.any(), gw.any(), pb == null ? MemorySegment.NULL : pb.md,
                gy.any(), strides, dilates, pads, pads, fwdPd));
        wSrc = gx.port(dnn.queryMd(bwdWeightsPd, OneDnn.QUERY_SRC_MD));
        wDiffDst = gy.port(dnn.queryMd(bwdWeightsPd, OneDnn.QUERY_DIFF_DST_MD));
        wDiffWei = gw.port(dnn.queryMd(bwdWeightsPd, OneDnn.QUERY_DIFF_WEIGHTS_MD));
        bwdWeights = prim(bwdWeightsPd);
        bwdWeightsArgs = pb == null
                ? OneDnn.args(arena, OneDnn.ARG_SRC, wSrc.mem(), OneDnn.ARG_DIFF_DST, wDiffDst.mem(),
                        OneDnn.ARG_DIFF_WEIGHTS, wDiffWei.mem())
                : OneDnn.args(arena, OneDnn.ARG_SRC, wSrc.mem(), OneDnn.ARG_DIFF_DST, wDiffDst.mem(),
                        OneDnn.ARG_DIFF_WEIGHTS, wDiffWei.mem(), OneDnn.ARG_DIFF_BIAS, pb.mem);
        bwdDataPd = pd(dnn.convBackwardDataPd(arena, gx.any(), gw.any(), gy.any(), strides, dilates, pads, pads, fwdPd));
        dDiffDst = gy.port(dnn.queryMd(bwdDataPd, OneDnn.QUERY_DIFF_DST_MD));
        dWei = gw.port(dnn.queryMd(bwdDataPd, OneDnn.QUERY_WEIGHTS_MD));
        dDiffSrc = gx.port(dnn.queryMd(bwdDataPd, OneDnn.QUERY_DIFF_SRC_MD));
        bwdData = prim(bwdDataPd);
        bwdDataArgs = OneDnn.args(arena, OneDnn.ARG_DIFF_DST, dDiffDst.mem(), OneDnn.ARG_WEIGHTS, dWei.mem(),
                OneDnn.ARG_DIFF_SRC, dDiffSrc.mem());
        backwardReady = true;
    }

    private static void checkLength(String name, float[] a, int off, long count) {
        if (a == null || off < 0 || off + count > a.length) {
            throw new IllegalArgumentException("DnnlConv: " + name + " needs " + count + " floats from offset " + off
                    + ", array has " + (a == null ? "none" : a.length));
        }
    }

    // ------------------------------------------------------------------ buffers

    /** A small plain vector (the bias) in native memory. */
    private final class Plain {
        final MemorySegment md, buf, mem;
        final int count;

        Plain(long n) {
            md = md(OneDnn.TAG_A, n);
            count = (int) n;
            buf = arena.allocate(4L * n, 64);
            mem = mem(md, buf);
        }

        void load(float[] src, int off) {
            MemorySegment.copy(src, off, buf, ValueLayout.JAVA_FLOAT, 0, count);
        }

        void store(float[] dst, int off) {
            MemorySegment.copy(buf, ValueLayout.JAVA_FLOAT, 0, dst, off, count);
        }
    }

    /**
     * One tensor of the convolution (x and its gradient, w and its gradient, y and its gradient) and the
     * native buffers of the layouts its ports use; ports with the same layout share a buffer, which
     * also remembers whose values it holds so that a port can skip loading what is already there.
     */
    private final class Group {
        final long[] dims;
        final MemorySegment plainMd;
        final int count;
        private final List<Buffer> buffers = new ArrayList<>();

        Group(long... dims) {
            this.dims = dims;
            this.plainMd = md(OneDnn.TAG_ABCD, dims);
            this.count = (int) (dnn.size(plainMd) / 4);
        }

        /** The same shape with the layout left to the primitive. */
        MemorySegment any() {
            return md(OneDnn.TAG_ANY, dims);
        }

        Buffer buffer(MemorySegment layout) {
            for (Buffer b : buffers) {
                if (dnn.equal(b.md, layout)) {
                    return b;
                }
            }
            Buffer b = new Buffer(layout);
            buffers.add(b);
            return b;
        }

        Port port(MemorySegment chosen) {
            return new Port(this, chosen);
        }
    }

    /** Native memory in one layout, a oneDNN memory object over it, and what it holds. */
    private final class Buffer {
        final MemorySegment md, seg, mem;
        Object holds; // (array, offset, stamp) of the values in it, or null

        Buffer(MemorySegment md) {
            this.md = md;
            this.seg = arena.allocate(dnn.size(md), 64);
            this.mem = mem(md, seg);
        }
    }

    private record Content(float[] array, int offset, long stamp) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Content c && c.array == array && c.offset == offset && c.stamp == stamp;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(array) * 31 + offset + Long.hashCode(stamp);
        }
    }

    /**
     * One argument of a primitive, in the layout the primitive chose, and how ldnn's arrays cross into
     * or out of it: a copy when it is ldnn's own layout; a register-tiled transpose for nChw16c; offset
     * tables for any other blocked layout (the weights' 16i16o and the like). CPU convolutions only use
     * blocked layouts; anything else is refused with a message rather than handled by an untested path.
     */
    private final class Port {
        final Group group;
        final Buffer buffer;
        final String mode;
        private final int[][] offsets;
        private float[] scratch; // blocked mode: the buffer's contents on the heap

        Port(Group group, MemorySegment chosen) {
            this.group = group;
            this.buffer = group.buffer(chosen);
            int[][] tables = null;
            if (dnn.equal(chosen, group.plainMd)) {
                mode = "plain";
            } else if (group.dims.length == 4 && dnn.equal(chosen, md(OneDnn.TAG_ABCD16B, group.dims))) {
                mode = "nChw16c";
            } else if ((tables = dnn.offsetTables(chosen, group.dims)) != null) {
                mode = "blocked";
            } else {
                throw new IllegalStateException("oneDNN chose a memory layout that is not blocked for a conv2d of "
                        + g + "; ldnn does not handle it. Run with -Dldnn.conv=gemm to use the im2col + GEMM path.");
            }
            offsets = tables;
        }

        MemorySegment mem() {
            return buffer.mem;
        }

        /**
         * Copies between ldnn's layout (array from off) and the blocked layout in seg by the offset tables,
         * through a heap copy of the whole buffer: plain array stores are several times faster than
         * element-wise segment accesses, and one bulk copy moves the result.
         */
        private void blockedCopy(boolean toNative, float[] a, int off, MemorySegment seg) {
            long[] d = group.dims;
            int d1 = (int) d[1], d2 = (int) d[2], d3 = (int) d[3];
            int[] t0 = offsets[0], t1 = offsets[1], t2 = offsets[2], t3 = offsets[3];
            if (scratch == null) {
                scratch = new float[(int) (seg.byteSize() / 4)]; // padding stays zero
            }
            float[] b = scratch;
            if (!toNative) {
                MemorySegment.copy(seg, ValueLayout.JAVA_FLOAT, 0, b, 0, b.length);
            }
            // a second thread only pays off for large tensors: waking it costs tens of microseconds
            Parallel.forRange((int) d[0], 1 + (1 << 18) / Math.max(1, d1 * d2 * d3), (lo, hi) -> {
                for (int i0 = lo; i0 < hi; i0++) {
                    int i = off + i0 * d1 * d2 * d3;
                    for (int i1 = 0; i1 < d1; i1++) {
                        for (int i2 = 0; i2 < d2; i2++) {
                            int row = t0[i0] + t1[i1] + t2[i2];
                            if (toNative) {
                                for (int i3 = 0; i3 < d3; i3++) {
                                    b[row + t3[i3]] = a[i++];
                                }
                            } else {
                                for (int i3 = 0; i3 < d3; i3++) {
                                    a[i++] = b[row + t3[i3]];
                                }
                            }
                        }
                    }
                }
            });
            if (toNative) {
                MemorySegment.copy(b, 0, seg, ValueLayout.JAVA_FLOAT, 0, b.length);
            }
        }

        /** Fills this port from src (ldnn layout, from off) unless it already holds (src, off, stamp). */
        void in(float[] src, int off, long stamp) {
            Content c = stamp == 0 ? null : new Content(src, off, stamp);
            if (c != null && c.equals(buffer.holds)) {
                return;
            }
            long[] d = group.dims;
            MemorySegment seg = buffer.seg;
            switch (mode) {
                case "plain" -> MemorySegment.copy(src, off, seg, ValueLayout.JAVA_FLOAT, 0, group.count);
                case "nChw16c" -> ChannelBlocks.toBlocked(src, off, (int) d[0], (int) d[1], (int) (d[2] * d[3]), seg);
                case "blocked" -> blockedCopy(true, src, off, seg);
                default -> throw new IllegalStateException(mode);
            }
            buffer.holds = c;
        }

        /** Writes this port's tensor (just computed by a primitive) into dst (ldnn layout, from off). */
        void out(float[] dst, int off) {
            buffer.holds = null; // the primitive overwrote it
            long[] d = group.dims;
            MemorySegment seg = buffer.seg;
            switch (mode) {
                case "plain" -> MemorySegment.copy(seg, ValueLayout.JAVA_FLOAT, 0, dst, off, group.count);
                case "nChw16c" -> ChannelBlocks.fromBlocked(seg, (int) d[0], (int) d[1], (int) (d[2] * d[3]), dst, off);
                case "blocked" -> blockedCopy(false, dst, off, seg);
                default -> throw new IllegalStateException(mode);
            }
        }
    }

    private MemorySegment md(int tag, long... dims) {
        MemorySegment m = dnn.md(arena, tag, dims);
        mds.add(m);
        return m;
    }

    private MemorySegment pd(MemorySegment p) {
        pds.add(p);
        return p;
    }

    private MemorySegment prim(MemorySegment pd) {
        MemorySegment p = dnn.primitive(arena, pd);
        prims.add(p);
        return p;
    }

    private MemorySegment mem(MemorySegment md, MemorySegment buf) {
        MemorySegment m = dnn.memory(arena, md, buf);
        mems.add(m);
        return m;
    }

    /** Frees the primitives, descriptors and buffers (the cache calls this when it drops an entry). */
    @Override
    public void close() {
        for (MemorySegment p : prims) {
            dnn.destroyPrimitive(p);
        }
        for (MemorySegment m : mems) {
            dnn.destroyMemory(m);
        }
        for (MemorySegment p : pds) {
            dnn.destroyPd(p);
        }
        for (MemorySegment m : mds) {
            dnn.destroyMd(m);
        }
        prims.clear();
        mems.clear();
        pds.clear();
        mds.clear();
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
