package ldnn.tensor;

import ldnn.backend.Workspace;
import java.util.Arrays;
import ldnn.autograd.Node;
import ldnn.backend.Blas;

/**
 * Matrix products through {@link Blas}. Transposed views are passed to BLAS with a transpose flag, not
 * copied, so {@code x.matmul(w.t())} and the backward products cost no copies.
 */
final class Linalg {
    private Linalg() {
    }

    /** How a 2-d view can be handed to row-major BLAS: as is, transposed, or not at all (null). */
    private record Layout(boolean trans, int ld) {
    }

    private static Layout layout(int rows, int cols, int rs, int cs) {
        if ((cs == 1 || cols == 1) && (rows == 1 || rs >= Math.max(cols, 1))) {
            return new Layout(false, rows == 1 ? Math.max(cols, 1) : rs);
        }
        if ((rs == 1 || rows == 1) && (cols == 1 || cs >= Math.max(rows, 1))) {
            return new Layout(true, cols == 1 ? Math.max(rows, 1) : cs);
        }
        return null;
    }

    private static final class MatmulNode extends Node {
        MatmulNode(Tensor a, Tensor b) {
            super(a, b);
        }

        @Override
        public Op op() {
            return Op.MATMUL;
        }

        /**
         * dA = g·Bᵀ and dB = Aᵀ·g. For a 2-d input stored transposed (such as a weight W passed as W.t()),
         * its gradient is computed transposed too — dBᵀ = gᵀ·A — and handed back as a view, so it arrives
         * at W in W's own row-major layout instead of being copied through a strided transpose.
         */
        @Override
        public Tensor[] backward(Tensor g) {
            Tensor a = input(0), b = input(1);
            Tensor ga = null, gb = null;
            if (needsGrad(0)) {
                ga = isTransposed(a) ? product(b, g.transpose(-1, -2)).transpose(-1, -2)
                        : Elementwise.sumTo(product(g, b.transpose(-1, -2)), a.shape);
            }
            if (needsGrad(1)) {
                Tensor w = transposedLeaf(b);
                float[] target = w == null || a.shape.length != 2 ? null : w.gradTarget();
                if (target != null) {
                    // b is W.t() for a weight W: dW = gᵀ·a goes straight into W's gradient, added to what
                    // it holds (beta = 1) or written (beta = 0) — no gradient array of W's size per step
                    productInto(g.transpose(-1, -2), a, target, w.gradHeld() ? 1f : 0f);
                    w.gradWritten();
                } else {
                    gb = isTransposed(b) ? product(g.transpose(-1, -2), a).transpose(-1, -2)
                            : Elementwise.sumTo(product(a.transpose(-1, -2), g), b.shape);
                }
            }
            return new Tensor[] {ga, gb};
        }

        /** W when t is W.t() (a recorded 2-d transpose) of a leaf W that requires grad; else null. */
        private static Tensor transposedLeaf(Tensor t) {
            Tensor w = t.shape.length == 2 ? Views.transposeSource(t) : null;
            return w != null && w.gradFn() == null && w.requiresGrad() ? w : null;
        }

        /** A 2-d matrix laid out column-major (a transpose of a row-major one). */
        private static boolean isTransposed(Tensor t) {
            if (t.shape.length != 2 || t.shape[0] < 2 || t.shape[1] < 2) {
                return false;
            }
            Layout l = layout(t.shape[0], t.shape[1], t.strides[0], t.strides[1]);
            return l != null && l.trans;
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            RefTensor a = in[0], b = in[1];
            int ra = a.rank(), rb = b.rank();
            int m = a.shape[ra - 2], k = a.shape[ra - 1], n = b.shape[rb - 1];
            int[] batch = Shape.broadcast("matmul", Arrays.copyOf(a.shape, ra - 2), Arrays.copyOf(b.shape, rb - 2));
            int[] os = Arrays.copyOf(batch, batch.length + 2);
            os[batch.length] = m;
            os[batch.length + 1] = n;
            double[] o = new double[Shape.numel(os)];
            int[] idx = new int[os.length];
            for (int i = 0; i < o.length; i++) {
                int[] ai = new int[batch.length + 2], bi = new int[batch.length + 2];
                System.arraycopy(idx, 0, ai, 0, batch.length);
                System.arraycopy(idx, 0, bi, 0, batch.length);
                double s = 0;
                for (int p = 0; p < k; p++) {
                    ai[batch.length] = idx[batch.length];
                    ai[batch.length + 1] = p;
                    bi[batch.length] = p;
                    bi[batch.length + 1] = idx[batch.length + 1];
                    s += a.atBroadcast(ai) * b.atBroadcast(bi);
                }
                o[i] = s;
                RefTensor.increment(idx, os);
            }
            return new RefTensor(o, os);
        }
    }

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.shape.length < 2 || b.shape.length < 2) {
            throw new ShapeException("matmul: expected tensors of rank >= 2, got " + Shape.str(a.shape) + " and "
                    + Shape.str(b.shape) + " (reshape a vector to [1, n] or [n, 1])");
        }
        int k = a.shape[a.shape.length - 1], kb = b.shape[b.shape.length - 2];
        if (k != kb) {
            throw new ShapeException("matmul: inner dimensions differ: a " + Shape.str(a.shape) + " has " + k
                    + " columns, b " + Shape.str(b.shape) + " has " + kb + " rows (expected a[..., M, K] x b[..., K, N])");
        }
        if (b.shape.length == 2 && a.shape.length > 2) {
            // [..., M, K] x [K, N]: fold the batch into M, one big GEMM
            int[] os = a.shape.clone();
            os[os.length - 1] = b.shape[1];
            return matmul(a.reshape(-1, k), b).reshape(os);
        }
        Tensor out = product(a, b);
        return Tensor.tracking(a, b) ? Tensor.record(out, new MatmulNode(a, b)) : out;
    }

    /** c = a·b + beta·c for 2-d a [m, k] and b [k, n], c row-major [m, n] (no batch dimensions). */
    static void productInto(Tensor a, Tensor b, float[] c, float beta) {
        int m = a.shape[0], k = a.shape[1], n = b.shape[1];
        Layout la = layout(m, k, a.strides[0], a.strides[1]);
        Layout lb = layout(k, n, b.strides[0], b.strides[1]);
        if (la == null) {
            a = Views.contiguous(a.detach());
            la = layout(m, k, a.strides[0], a.strides[1]);
        }
        if (lb == null) {
            b = Views.contiguous(b.detach());
            lb = layout(k, n, b.strides[0], b.strides[1]);
        }
        if (k == 0) {
            if (beta == 0f) {
                Arrays.fill(c, 0, m * n, 0f);
            }
            return;
        }
        Blas.get().sgemm(la.trans, lb.trans, m, n, k, 1f, a.data, a.offset, la.ld, b.data, b.offset, lb.ld, beta, c, 0, n);
    }

    /** The raw (unrecorded) product with batch broadcasting. */
    static Tensor product(Tensor a, Tensor b) {
        int ra = a.shape.length, rb = b.shape.length;
        int m = a.shape[ra - 2], k = a.shape[ra - 1], n = b.shape[rb - 1];
        int[] batch = Shape.broadcast("matmul (batch dimensions)", Arrays.copyOf(a.shape, ra - 2),
                Arrays.copyOf(b.shape, rb - 2));
        int[] os = Arrays.copyOf(batch, batch.length + 2);
        os[batch.length] = m;
        os[batch.length + 1] = n;
        float[] c = Workspace.uninitialized(Shape.numel(os));
        Layout la = layout(m, k, a.strides[ra - 2], a.strides[ra - 1]);
        Layout lb = layout(k, n, b.strides[rb - 2], b.strides[rb - 1]);
        if (la == null) {
            a = Views.contiguous(a.detach());
            la = layout(m, k, a.strides[ra - 2], a.strides[ra - 1]);
        }
        if (lb == null) {
            b = Views.contiguous(b.detach());
            lb = layout(k, n, b.strides[rb - 2], b.strides[rb - 1]);
        }
        Blas blas = Blas.get();
        int nb = Shape.numel(batch);
        if (nb == 0 || c.length == 0) {
            return new Tensor(c, os);
        }
        int[] bsA = Shape.broadcastStrides(Arrays.copyOf(a.shape, ra - 2), Arrays.copyOf(a.strides, ra - 2), batch);
        int[] bsB = Shape.broadcastStrides(Arrays.copyOf(b.shape, rb - 2), Arrays.copyOf(b.strides, rb - 2), batch);
        int[] idx = new int[batch.length];
        for (int q = 0; q < nb; q++) {
            int ao = a.offset, bo = b.offset;
            for (int d = 0; d < batch.length; d++) {
                ao += idx[d] * bsA[d];
                bo += idx[d] * bsB[d];
            }
            blas.sgemm(la.trans, lb.trans, m, n, k, 1f, a.data, ao, la.ld, b.data, bo, lb.ld, 0f, c, q * m * n, n);
            RefTensor.increment(idx, batch);
        }
        return new Tensor(c, os);
    }
}
