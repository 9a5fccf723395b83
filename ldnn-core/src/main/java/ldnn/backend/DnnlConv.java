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
    private final Arena arena = Arena.ofConfined();
    private final List<MemorySegment> mds = new ArrayList<>(), pds = new ArrayList<>(), prims = new ArrayList<>(),
            mems = new ArrayList<>();
    private final MemorySegment strides, dilates, pads;
    private final Plain px, pw, pb, py; // plain user-layout buffers: x/gx, w/gw, b/gb, y/gy
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
            px = plain(g.n(), g.c(), g.h(), g.w());
            pw = plain(g.f(), g.c(), g.kh(), g.kw());
            pb = g.bias() ? plain(g.f()) : null;
            py = plain(g.n(), g.f(), g.ho(), g.wo());
            MemorySegment xAny = md(OneDnn.TAG_ANY, g.n(), g.c(), g.h(), g.w());
            MemorySegment wAny = md(OneDnn.TAG_ANY, g.f(), g.c(), g.kh(), g.kw());
            MemorySegment yAny = md(OneDnn.TAG_ANY, g.n(), g.f(), g.ho(), g.wo());
            fwdPd = pd(dnn.convForwardPd(arena, OneDnn.PROP_FORWARD_TRAINING, xAny, wAny,
                    pb == null ? MemorySegment.NULL : pb.md, yAny, strides, dilates, pads, pads));
            fSrc = input(px, dnn.queryMd(fwdPd, OneDnn.QUERY_SRC_MD));
            fWei = input(pw, dnn.queryMd(fwdPd, OneDnn.QUERY_WEIGHTS_MD));
            fDst = output(py, dnn.queryMd(fwdPd, OneDnn.QUERY_DST_MD));
            fwd = prim(fwdPd);
            fwdArgs = pb == null
                    ? OneDnn.args(arena, OneDnn.ARG_SRC, fSrc.mem, OneDnn.ARG_WEIGHTS, fWei.mem, OneDnn.ARG_DST, fDst.mem)
                    : OneDnn.args(arena, OneDnn.ARG_SRC, fSrc.mem, OneDnn.ARG_WEIGHTS, fWei.mem, OneDnn.ARG_BIAS, pb.mem,
                            OneDnn.ARG_DST, fDst.mem);
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

    /** The implementations oneDNN chose (forward, and backward once it has run). */
    public String implementations() {
        String s = "fwd " + dnn.implName(fwdPd);
        if (backwardReady) {
            s += ", bwd data " + dnn.implName(bwdDataPd) + ", bwd weights " + dnn.implName(bwdWeightsPd);
        }
        return s;
    }

    /** y[n, f, ho, wo] = conv(x, w) + b; b may be null only if the geometry has no bias. */
    public void forward(float[] x, int xOff, float[] w, int wOff, float[] b, int bOff, float[] y) {
        checkLength("x", x, xOff, px.count);
        checkLength("w", w, wOff, pw.count);
        checkLength("y", y, 0, py.count);
        px.load(x, xOff);
        fSrc.reorderIn(dnn);
        pw.load(w, wOff);
        fWei.reorderIn(dnn);
        if (pb != null) {
            checkLength("b", b, bOff, pb.count);
            pb.load(b, bOff);
        }
        dnn.execute(fwd, fwdArgs, pb == null ? 3 : 4, "conv forward");
        fDst.reorderOut(dnn);
        py.store(y, 0);
    }

    /**
     * Gradients from gy [n, f, ho, wo]: gx, gw and gb (each may be null when not wanted) are overwritten.
     * x and w are the forward's inputs.
     */
    public void backward(float[] gy, int gyOff, float[] x, int xOff, float[] w, int wOff,
                         float[] gx, float[] gw, float[] gb) {
        checkLength("gy", gy, gyOff, py.count);
        prepareBackward();
        py.load(gy, gyOff);
        if (gw != null || gb != null) {
            checkLength("x", x, xOff, px.count);
            px.load(x, xOff);
            wSrc.reorderIn(dnn);
            wDiffDst.reorderIn(dnn);
            dnn.execute(bwdWeights, bwdWeightsArgs, pb == null ? 3 : 4, "conv backward weights");
            if (gw != null) {
                checkLength("gw", gw, 0, pw.count);
                wDiffWei.reorderOut(dnn);
                pw.store(gw, 0);
            }
            if (gb != null) {
                checkLength("gb", gb, 0, pb.count);
                pb.store(gb, 0);
            }
        }
        if (gx != null) {
            checkLength("w", w, wOff, pw.count);
            checkLength("gx", gx, 0, px.count);
            pw.load(w, wOff);
            dWei.reorderIn(dnn);
            if (dDiffDst.sameLayoutAs(wDiffDst) && (gw != null || gb != null)) {
                dDiffDst.copyFrom(wDiffDst); // gy is already in this layout
            } else {
                dDiffDst.reorderIn(dnn);
            }
            dnn.execute(bwdData, bwdDataArgs, 3, "conv backward data");
            dDiffSrc.reorderOut(dnn);
            px.store(gx, 0);
        }
    }

    private void prepareBackward() {
        if (backwardReady) {
            return;
        }
        MemorySegment xAny = md(OneDnn.TAG_ANY, g.n(), g.c(), g.h(), g.w());
        MemorySegment wAny = md(OneDnn.TAG_ANY, g.f(), g.c(), g.kh(), g.kw());
        MemorySegment yAny = md(OneDnn.TAG_ANY, g.n(), g.f(), g.ho(), g.wo());
        bwdDataPd = pd(dnn.convBackwardDataPd(arena, xAny, wAny, yAny, strides, dilates, pads, pads, fwdPd));
        dDiffDst = input(py, dnn.queryMd(bwdDataPd, OneDnn.QUERY_DIFF_DST_MD));
        dWei = input(pw, dnn.queryMd(bwdDataPd, OneDnn.QUERY_WEIGHTS_MD));
        dDiffSrc = output(px, dnn.queryMd(bwdDataPd, OneDnn.QUERY_DIFF_SRC_MD));
        bwdData = prim(bwdDataPd);
        bwdDataArgs = OneDnn.args(arena, OneDnn.ARG_DIFF_DST, dDiffDst.mem, OneDnn.ARG_WEIGHTS, dWei.mem,
                OneDnn.ARG_DIFF_SRC, dDiffSrc.mem);
        bwdWeightsPd = pd(dnn.convBackwardWeightsPd(arena, xAny, wAny, pb == null ? MemorySegment.NULL : pb.md, yAny,
                strides, dilates, pads, pads, fwdPd));
        wSrc = input(px, dnn.queryMd(bwdWeightsPd, OneDnn.QUERY_SRC_MD));
        wDiffDst = input(py, dnn.queryMd(bwdWeightsPd, OneDnn.QUERY_DIFF_DST_MD));
        wDiffWei = output(pw, dnn.queryMd(bwdWeightsPd, OneDnn.QUERY_DIFF_WEIGHTS_MD));
        bwdWeights = prim(bwdWeightsPd);
        bwdWeightsArgs = pb == null
                ? OneDnn.args(arena, OneDnn.ARG_SRC, wSrc.mem, OneDnn.ARG_DIFF_DST, wDiffDst.mem,
                        OneDnn.ARG_DIFF_WEIGHTS, wDiffWei.mem)
                : OneDnn.args(arena, OneDnn.ARG_SRC, wSrc.mem, OneDnn.ARG_DIFF_DST, wDiffDst.mem,
                        OneDnn.ARG_DIFF_WEIGHTS, wDiffWei.mem, OneDnn.ARG_DIFF_BIAS, pb.mem);
        backwardReady = true;
    }

    private static void checkLength(String name, float[] a, int off, long count) {
        if (a == null || off < 0 || off + count > a.length) {
            throw new IllegalArgumentException("DnnlConv: " + name + " needs " + count + " floats from offset " + off
                    + ", array has " + (a == null ? "none" : a.length));
        }
    }

    // ------------------------------------------------------------------ buffers

    /** A plain (user-layout) tensor: our descriptor, a native buffer and a memory object over it. */
    private final class Plain {
        final MemorySegment md, buf, mem;
        final int count;

        Plain(MemorySegment md) {
            this.md = md;
            long bytes = dnn.size(md);
            this.count = (int) (bytes / 4);
            this.buf = arena.allocate(bytes, 64);
            this.mem = mem(md, buf);
        }

        void load(float[] src, int off) {
            MemorySegment.copy(src, off, buf, ValueLayout.JAVA_FLOAT, 0, count);
        }

        void store(float[] dst, int off) {
            MemorySegment.copy(buf, ValueLayout.JAVA_FLOAT, 0, dst, off, count);
        }
    }

    /**
     * One argument of a primitive in the layout the primitive chose: the plain buffer itself when the
     * layouts agree, else its own buffer plus a reorder from (input) or to (output) the plain buffer.
     */
    private final class Port {
        final MemorySegment md, mem, buf, reorder, reorderArgs;

        Port(Plain plain, MemorySegment chosen, boolean input) {
            this.md = chosen;
            if (dnn.equal(chosen, plain.md)) {
                buf = plain.buf;
                mem = plain.mem;
                reorder = null;
                reorderArgs = null;
            } else {
                buf = arena.allocate(dnn.size(chosen), 64);
                mem = mem(chosen, buf);
                MemorySegment rpd = input ? pd(dnn.reorderPd(arena, plain.md, chosen))
                        : pd(dnn.reorderPd(arena, chosen, plain.md));
                reorder = prim(rpd);
                reorderArgs = input ? OneDnn.args(arena, OneDnn.ARG_SRC, plain.mem, OneDnn.ARG_DST, mem)
                        : OneDnn.args(arena, OneDnn.ARG_SRC, mem, OneDnn.ARG_DST, plain.mem);
            }
        }

        void reorderIn(OneDnn d) {
            if (reorder != null) {
                d.execute(reorder, reorderArgs, 2, "reorder to the primitive's layout");
            }
        }

        void reorderOut(OneDnn d) {
            if (reorder != null) {
                d.execute(reorder, reorderArgs, 2, "reorder to the plain layout");
            }
        }

        boolean sameLayoutAs(Port other) {
            return dnn.equal(md, other.md);
        }

        void copyFrom(Port other) {
            if (buf.address() != other.buf.address()) {
                MemorySegment.copy(other.buf, 0, buf, 0, Math.min(buf.byteSize(), other.buf.byteSize()));
            }
        }
    }

    private Plain plain(long... dims) {
        return new Plain(md(dims.length == 1 ? OneDnn.TAG_A : OneDnn.TAG_ABCD, dims));
    }

    private Port input(Plain p, MemorySegment chosen) {
        return new Port(p, chosen, true);
    }

    private Port output(Plain p, MemorySegment chosen) {
        return new Port(p, chosen, false);
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
