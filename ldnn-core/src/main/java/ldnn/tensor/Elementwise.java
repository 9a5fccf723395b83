package ldnn.tensor;

import ldnn.backend.Workspace;
import ldnn.backend.Vec;

/**
 * Raw (not recorded) elementwise machinery: broadcasting binary kernels and strided copies. Dimensions
 * are collapsed where the memory layout allows, so the inner loop is almost always a contiguous SIMD
 * loop (vector-vector, vector-scalar or scalar-vector); only truly strided inner dimensions fall back
 * to a scalar loop.
 */
final class Elementwise {
    private Elementwise() {
    }

    /** Binary functions, dispatched once per inner row (never per element on the fast paths). */
    enum Fn {
        ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, GT, GE, LT, LE, EQ;

        float apply(float x, float y) {
            return switch (this) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> x / y;
                case POW -> (float) Math.pow(x, y);
                case MAXIMUM -> Math.max(x, y);
                case MINIMUM -> Math.min(x, y);
                case GT -> x > y ? 1f : 0f;
                case GE -> x >= y ? 1f : 0f;
                case LT -> x < y ? 1f : 0f;
                case LE -> x <= y ? 1f : 0f;
                case EQ -> x == y ? 1f : 0f;
            };
        }

        void vv(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
            switch (this) {
                case ADD -> Vec.add(a, ao, b, bo, o, oo, n);
                case SUB -> Vec.sub(a, ao, b, bo, o, oo, n);
                case MUL -> Vec.mul(a, ao, b, bo, o, oo, n);
                case DIV -> Vec.div(a, ao, b, bo, o, oo, n);
                default -> {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = apply(a[ao + i], b[bo + i]);
                    }
                }
            }
        }

        void vs(float[] a, int ao, float s, float[] o, int oo, int n) {
            switch (this) {
                case ADD -> Vec.addScalar(a, ao, s, o, oo, n);
                case SUB -> Vec.addScalar(a, ao, -s, o, oo, n);
                case MUL -> Vec.mulScalar(a, ao, s, o, oo, n);
                default -> {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = apply(a[ao + i], s);
                    }
                }
            }
        }

        void sv(float s, float[] b, int bo, float[] o, int oo, int n) {
            switch (this) {
                case ADD -> Vec.addScalar(b, bo, s, o, oo, n);
                case SUB -> Vec.rsubScalar(b, bo, s, o, oo, n);
                case MUL -> Vec.mulScalar(b, bo, s, o, oo, n);
                case DIV -> Vec.rdivScalar(b, bo, s, o, oo, n);
                default -> {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = apply(s, b[bo + i]);
                    }
                }
            }
        }
    }

    /** Broadcasting binary op into a new contiguous tensor. */
    /**
     * Large elementwise ops are split over the cores: writing a fresh output array is bound by one core's
     * store bandwidth to memory that is not in cache, and a second core nearly doubles it.
     */
    static final int PARALLEL_MIN = 1 << 17;

    static Tensor binary(String op, Fn fn, Tensor a, Tensor b) {
        if (java.util.Arrays.equals(a.shape, b.shape) && a.isContiguous() && b.isContiguous()) {
            float[] out = Workspace.uninitialized(a.size);
            ldnn.backend.Parallel.forRange(a.size, PARALLEL_MIN,
                    (lo, hi) -> fn.vv(a.data, a.offset + lo, b.data, b.offset + lo, out, lo, hi - lo));
            return new Tensor(out, a.shape.clone());
        }
        int[] shape = Shape.broadcast(op, a.shape, b.shape);
        float[] out = Workspace.uninitialized(Shape.numel(shape));
        if (out.length > 0) {
            int[] sa = Shape.broadcastStrides(a.shape, a.strides, shape);
            int[] sb = Shape.broadcastStrides(b.shape, b.strides, shape);
            run(fn, shape, a.data, a.offset, sa, b.data, b.offset, sb, out);
        }
        return new Tensor(out, shape);
    }

    private static void run(Fn fn, int[] shape, float[] a, int aOff, int[] sa, float[] b, int bOff, int[] sb,
                            float[] out) {
        // collapsed dims, innermost first
        int d = shape.length;
        int[] cs = new int[Math.max(d, 1)], ca = new int[cs.length], cb = new int[cs.length];
        int r = 0;
        for (int i = d - 1; i >= 0; i--) {
            if (shape[i] == 1) {
                continue;
            }
            if (r > 0 && ca[r - 1] * cs[r - 1] == sa[i] && cb[r - 1] * cs[r - 1] == sb[i]) {
                cs[r - 1] *= shape[i];
            } else {
                cs[r] = shape[i];
                ca[r] = sa[i];
                cb[r] = sb[i];
                r++;
            }
        }
        if (r == 0) {
            cs[0] = 1;
            r = 1;
        }
        int n0 = cs[0], a0 = ca[0], b0 = cb[0];
        int outer = out.length / n0;
        int[] ctr = new int[r];
        int ao = aOff, bo = bOff, oo = 0;
        for (int t = 0; t < outer; t++) {
            if (a0 == 1 && b0 == 1) {
                fn.vv(a, ao, b, bo, out, oo, n0);
            } else if (a0 == 1 && b0 == 0) {
                fn.vs(a, ao, b[bo], out, oo, n0);
            } else if (a0 == 0 && b0 == 1) {
                fn.sv(a[ao], b, bo, out, oo, n0);
            } else {
                for (int i = 0; i < n0; i++) {
                    out[oo + i] = fn.apply(a[ao + i * a0], b[bo + i * b0]);
                }
            }
            oo += n0;
            for (int q = 1; q < r; q++) {
                ao += ca[q];
                bo += cb[q];
                if (++ctr[q] < cs[q]) {
                    break;
                }
                ao -= ca[q] * cs[q];
                bo -= cb[q] * cs[q];
                ctr[q] = 0;
            }
        }
    }

    /**
     * Copies {@code src} (any strides, broadcast to dst's shape) into {@code dst} (any strides, e.g. a
     * slice view of a larger tensor).
     */
    static void copy(Tensor src, float[] dst, int dOff, int[] dShape, int[] dStrides) {
        int[] ss = Shape.broadcastStrides(src.shape, src.strides, dShape);
        int d = dShape.length;
        int[] cs = new int[Math.max(d, 1)], cd = new int[cs.length], csrc = new int[cs.length];
        int r = 0;
        for (int i = d - 1; i >= 0; i--) {
            if (dShape[i] == 1) {
                continue;
            }
            if (r > 0 && cd[r - 1] * cs[r - 1] == dStrides[i] && csrc[r - 1] * cs[r - 1] == ss[i]) {
                cs[r - 1] *= dShape[i];
            } else {
                cs[r] = dShape[i];
                cd[r] = dStrides[i];
                csrc[r] = ss[i];
                r++;
            }
        }
        int total = Shape.numel(dShape);
        if (total == 0) {
            return;
        }
        if (r == 0) {
            cs[0] = 1;
            cd[0] = 1;
            r = 1;
        }
        int n0 = cs[0], d0 = cd[0], s0 = csrc[0];
        int outer = total / n0;
        int[] ctr = new int[r];
        float[] s = src.data;
        int so = src.offset, dOffCur = dOff;
        for (int t = 0; t < outer; t++) {
            if (d0 == 1 && s0 == 1) {
                System.arraycopy(s, so, dst, dOffCur, n0);
            } else if (d0 == 1 && s0 == 0) {
                java.util.Arrays.fill(dst, dOffCur, dOffCur + n0, s[so]);
            } else {
                for (int i = 0; i < n0; i++) {
                    dst[dOffCur + i * d0] = s[so + i * s0];
                }
            }
            for (int q = 1; q < r; q++) {
                so += csrc[q];
                dOffCur += cd[q];
                if (++ctr[q] < cs[q]) {
                    break;
                }
                so -= csrc[q] * cs[q];
                dOffCur -= cd[q] * cs[q];
                ctr[q] = 0;
            }
        }
    }

    /** A contiguous copy of t's logical elements. */
    static float[] contiguousData(Tensor t) {
        float[] out = Workspace.uninitialized(t.size);
        copy(t, out, 0, t.shape, Shape.contiguousStrides(t.shape));
        return out;
    }

    /** t itself if contiguous, else a contiguous copy (not recorded). */
    static Tensor dense(Tensor t) {
        return t.isContiguous() ? t : new Tensor(contiguousData(t), t.shape.clone());
    }

    /**
     * Sums a broadcast gradient back down to {@code shape} (the inverse of broadcasting): leading
     * extra axes and axes where shape has 1 are summed.
     */
    static Tensor sumTo(Tensor g, int[] shape) {
        if (java.util.Arrays.equals(g.shape, shape)) {
            return g;
        }
        int shift = g.shape.length - shape.length;
        boolean[] axes = new boolean[g.shape.length];
        for (int i = 0; i < g.shape.length; i++) {
            axes[i] = i < shift || (shape[i - shift] == 1 && g.shape[i] != 1);
        }
        Tensor s = dense(Reductions.sumRaw(g, axes, true));
        return new Tensor(s.data, s.offset, shape.clone(), Shape.contiguousStrides(shape));
    }
}
