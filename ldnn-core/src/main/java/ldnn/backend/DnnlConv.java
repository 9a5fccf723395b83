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
 * reused. Tensors cross as plain NCHW / OIHW buffers (a memcpy each way) and are reordered into the
 * layouts oneDNN picks for speed (blocked channels), which is what makes it fast.
 *
 * <p>The im2col + GEMM path in {@code ldnn.tensor.Conv} is the reference this is tested against.
 */
public final class DnnlConv implements AutoCloseable {

    /** Shapes of one conv2d: input [n, c, h, w], weight [f, c, kh, kw], output [n, f, ho, wo]. */
    public record Geometry(int n, int c, int h, int w, int f, int kh, int kw, int stride, int pad, boolean bias) {
        public int ho() {
            return (h + 2 * pad - kh) / stride + 1;
        }

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
    private final Plain px, pw, pb, py; // user-layout tensors: x/gx, w/gw, b/gb, y/gy
    private final MemorySegment fwdPd;
    private final Port fSrc, fWei, fDst;
    private final MemorySegment fwd, fwdArgs;
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
            px = new Plain(g.n(), g.c(), g.h(), g.w());
            pw = new Plain(g.f(), g.c(), g.kh(), g.kw());
            pb = g.bias() ? new Plain(g.f()) : null;
            py = new Plain(g.n(), g.f(), g.ho(), g.wo());
            fwdPd = pd(dnn.convForwardPd(arena, OneDnn.PROP_FORWARD_TRAINING, px.any(), pw.any(),
                    pb == null ? MemorySegment.NULL : pb.md, py.any(), strides, dilates, pads, pads));
            fSrc = new Port(px, dnn.queryMd(fwdPd, OneDnn.QUERY_SRC_MD), true);
            fWei = new Port(pw, dnn.queryMd(fwdPd, OneDnn.QUERY_WEIGHTS_MD), true);
            fDst = new Port(py, dnn.queryMd(fwdPd, OneDnn.QUERY_DST_MD), false);
            fwd = prim(fwdPd);
            fwdArgs = pb == null
                    ? OneDnn.args(arena, OneDnn.ARG_SRC, fSrc.mem, OneDnn.ARG_WEIGHTS, fWei.mem, OneDnn.ARG_DST, fDst.mem)
                    : OneDnn.args(arena, OneDnn.ARG_SRC, fSrc.mem, OneDnn.ARG_WEIGHTS, fWei.mem, OneDnn.ARG_BIAS,
                            pb.memory(), OneDnn.ARG_DST, fDst.mem);
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    public Geometry geometry() {
        return g;
    }

    /** The implementations oneDNN chose and how tensors cross (forward, and backward once it has run). */
    public String implementations() {
        String s = "fwd " + dnn.implName(fwdPd) + " (x " + fSrc.mode + ", y " + fDst.mode + ")";
        if (backwardReady) {
            s += ", bwd data " + dnn.implName(bwdDataPd) + " (gy " + dDiffDst.mode + ", gx " + dDiffSrc.mode + ")"
                    + ", bwd weights " + dnn.implName(bwdWeightsPd) + " (x " + wSrc.mode + ", gy " + wDiffDst.mode + ")";
        }
        return s;
    }

    /** y[n, f, ho, wo] = conv(x, w) + b; b may be null only if the geometry has no bias. */
    public void forward(float[] x, int xOff, float[] w, int wOff, float[] b, int bOff, float[] y) {
        checkLength("x", x, xOff, px.count);
        checkLength("w", w, wOff, pw.count);
        checkLength("y", y, 0, py.count);
        fSrc.in(x, xOff);
        fWei.in(w, wOff);
        if (pb != null) {
            checkLength("b", b, bOff, pb.count);
            pb.load(b, bOff);
        }
        dnn.execute(fwd, fwdArgs, pb == null ? 3 : 4, "conv forward");
        fDst.out(y, 0);
    }

    /**
     * Gradients from gy [n, f, ho, wo]: gx, gw and gb (each may be null when not wanted) are overwritten.
     * x and w are the forward's inputs.
     */
    public void backward(float[] gy, int gyOff, float[] x, int xOff, float[] w, int wOff,
                         float[] gx, float[] gw, float[] gb) {
        checkLength("gy", gy, gyOff, py.count);
        prepareBackward();
        boolean weights = gw != null || gb != null;
        if (weights) {
            checkLength("x", x, xOff, px.count);
            wSrc.in(x, xOff);
            wDiffDst.in(gy, gyOff);
            dnn.execute(bwdWeights, bwdWeightsArgs, pb == null ? 3 : 4, "conv backward weights");
            if (gw != null) {
                checkLength("gw", gw, 0, pw.count);
                wDiffWei.out(gw, 0);
            }
            if (gb != null) {
                checkLength("gb", gb, 0, pb.count);
                pb.store(gb, 0);
            }
        }
        if (gx != null) {
            checkLength("w", w, wOff, pw.count);
            checkLength("gx", gx, 0, px.count);
            dWei.in(w, wOff);
            if (weights && dDiffDst.sameAs(wDiffDst)) {
                dDiffDst.copyFrom(wDiffDst); // gy is already in this layout
            } else {
                dDiffDst.in(gy, gyOff);
            }
            dnn.execute(bwdData, bwdDataArgs, 3, "conv backward data");
            dDiffSrc.out(gx, 0);
        }
    }

    private void prepareBackward() {
        if (backwardReady) {
            return;
        }
        bwdDataPd = pd(dnn.convBackwardDataPd(arena, px.any(), pw.any(), py.any(), strides, dilates, pads, pads, fwdPd));
        dDiffDst = new Port(py, dnn.queryMd(bwdDataPd, OneDnn.QUERY_DIFF_DST_MD), true);
        dWei = new Port(pw, dnn.queryMd(bwdDataPd, OneDnn.QUERY_WEIGHTS_MD), true);
        dDiffSrc = new Port(px, dnn.queryMd(bwdDataPd, OneDnn.QUERY_DIFF_SRC_MD), false);
        bwdData = prim(bwdDataPd);
        bwdDataArgs = OneDnn.args(arena, OneDnn.ARG_DIFF_DST, dDiffDst.mem, OneDnn.ARG_WEIGHTS, dWei.mem,
                OneDnn.ARG_DIFF_SRC, dDiffSrc.mem);
        bwdWeightsPd = pd(dnn.convBackwardWeightsPd(arena, px.any(), pw.any(), pb == null ? MemorySegment.NULL : pb.md,
                py.any(), strides, dilates, pads, pads, fwdPd));
        wSrc = new Port(px, dnn.queryMd(bwdWeightsPd, OneDnn.QUERY_SRC_MD), true);
        wDiffDst = new Port(py, dnn.queryMd(bwdWeightsPd, OneDnn.QUERY_DIFF_DST_MD), true);
        wDiffWei = new Port(pw, dnn.queryMd(bwdWeightsPd, OneDnn.QUERY_DIFF_WEIGHTS_MD), false);
        bwdWeights = prim(bwdWeightsPd);
        bwdWeightsArgs = pb == null
                ? OneDnn.args(arena, OneDnn.ARG_SRC, wSrc.mem, OneDnn.ARG_DIFF_DST, wDiffDst.mem,
                        OneDnn.ARG_DIFF_WEIGHTS, wDiffWei.mem)
                : OneDnn.args(arena, OneDnn.ARG_SRC, wSrc.mem, OneDnn.ARG_DIFF_DST, wDiffDst.mem,
                        OneDnn.ARG_DIFF_WEIGHTS, wDiffWei.mem, OneDnn.ARG_DIFF_BIAS, pb.memory());
        backwardReady = true;
    }

    private static void checkLength(String name, float[] a, int off, long count) {
        if (a == null || off < 0 || off + count > a.length) {
            throw new IllegalArgumentException("DnnlConv: " + name + " needs " + count + " floats from offset " + off
                    + ", array has " + (a == null ? "none" : a.length));
        }
    }

    // ------------------------------------------------------------------ buffers

    /**
     * A tensor in ldnn's layout (NCHW, OIHW or a vector): its descriptor, and a native buffer with a
     * memory object over it, made on first use (not needed when every port converts in Java).
     */
    private final class Plain {
        final long[] dims;
        final MemorySegment md;
        final int count;
        private MemorySegment buf, mem;

        Plain(long... dims) {
            this.dims = dims;
            this.md = md(dims.length == 1 ? OneDnn.TAG_A : OneDnn.TAG_ABCD, dims);
            this.count = (int) (dnn.size(md) / 4);
        }

        /** The same shape with the layout left to the primitive. */
        MemorySegment any() {
            return md(OneDnn.TAG_ANY, dims);
        }

        MemorySegment buffer() {
            if (buf == null) {
                buf = arena.allocate(4L * count, 64);
            }
            return buf;
        }

        MemorySegment memory() {
            if (mem == null) {
                mem = mem(md, buffer());
            }
            return mem;
        }

        void load(float[] src, int off) {
            MemorySegment.copy(src, off, buffer(), ValueLayout.JAVA_FLOAT, 0, count);
        }

        void store(float[] dst, int off) {
            MemorySegment.copy(buffer(), ValueLayout.JAVA_FLOAT, 0, dst, off, count);
        }
    }

    /**
     * One argument of a primitive in the layout the primitive chose, and how ldnn's arrays cross into or
     * out of it: straight into the plain buffer when the layouts agree; converted in Java when it is
     * nChw16c; else through the plain buffer and a oneDNN reorder.
     */
    private final class Port {
        final Plain plain;
        final MemorySegment md, mem, buf;
        final String mode;
        private final MemorySegment reorder, reorderArgs;

        Port(Plain plain, MemorySegment chosen, boolean input) {
            this.plain = plain;
            this.md = chosen;
            MemorySegment reorderPrim = null, rArgs = null;
            if (dnn.equal(chosen, plain.md)) {
                mode = "plain";
                buf = plain.buffer();
                mem = plain.memory();
            } else {
                buf = arena.allocate(dnn.size(chosen), 64);
                mem = mem(chosen, buf);
                if (plain.dims.length == 4 && dnn.equal(chosen, md(OneDnn.TAG_ABCD16B, plain.dims))) {
                    mode = "nChw16c, converted in Java";
                } else {
                    mode = "reordered by oneDNN";
                    MemorySegment rpd = input ? pd(dnn.reorderPd(arena, plain.md, chosen))
                            : pd(dnn.reorderPd(arena, chosen, plain.md));
                    reorderPrim = prim(rpd);
                    rArgs = input ? OneDnn.args(arena, OneDnn.ARG_SRC, plain.memory(), OneDnn.ARG_DST, mem)
                            : OneDnn.args(arena, OneDnn.ARG_SRC, mem, OneDnn.ARG_DST, plain.memory());
                }
            }
            reorder = reorderPrim;
            reorderArgs = rArgs;
        }

        private boolean blocked() {
            return reorder == null && buf != plain.buf;
        }

        /** Fills this port from src (ldnn layout, from off). */
        void in(float[] src, int off) {
            if (blocked()) {
                ChannelBlocks.toBlocked(src, off, (int) plain.dims[0], (int) plain.dims[1],
                        (int) (plain.dims[2] * plain.dims[3]), buf);
            } else {
                plain.load(src, off);
                if (reorder != null) {
                    dnn.execute(reorder, reorderArgs, 2, "reorder to the primitive's layout");
                }
            }
        }

        /** Writes this port's tensor into dst (ldnn layout, from off). */
        void out(float[] dst, int off) {
            if (blocked()) {
                ChannelBlocks.fromBlocked(buf, (int) plain.dims[0], (int) plain.dims[1],
                        (int) (plain.dims[2] * plain.dims[3]), dst, off);
            } else {
                if (reorder != null) {
                    dnn.execute(reorder, reorderArgs, 2, "reorder to the plain layout");
                }
                plain.store(dst, off);
            }
        }

        boolean sameAs(Port other) {
            return dnn.equal(md, other.md);
        }

        void copyFrom(Port other) {
            if (buf.address() != other.buf.address()) {
                MemorySegment.copy(other.buf, 0, buf, 0, Math.min(buf.byteSize(), other.buf.byteSize()));
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
