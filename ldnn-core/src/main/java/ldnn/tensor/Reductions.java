package ldnn.tensor;

import ldnn.backend.Workspace;
import java.util.Arrays;
import ldnn.autograd.Node;
import ldnn.backend.Vec;

/** Sum, mean, max and min over any set of axes, with their gradients and references. */
final class Reductions {
    private Reductions() {
    }

    /** Which axes to reduce; null or empty means all. */
    static boolean[] axesMask(String op, int[] axes, int rank) {
        boolean[] m = new boolean[rank];
        if (axes == null || axes.length == 0) {
            Arrays.fill(m, true);
            return m;
        }
        for (int a : axes) {
            int ax = Shape.axis(op, a, rank);
            if (m[ax]) {
                throw new ShapeException(op + ": axis " + a + " given twice");
            }
            m[ax] = true;
        }
        return m;
    }

    static int[] keptShape(int[] shape, boolean[] axes) {
        int[] s = shape.clone();
        for (int i = 0; i < s.length; i++) {
            if (axes[i]) {
                s[i] = 1;
            }
        }
        return s;
    }

    private enum Kind { SUM, MAX, MIN }

    /** Reduces one axis of a contiguous tensor viewed as [outer, r, inner]. */
    private static float[] reduceAxis(Kind kind, float[] x, int xo, int outer, int r, int inner) {
        float[] out = Workspace.floats(outer * inner);
        if (r == 0) {
            if (kind != Kind.SUM) {
                throw new ShapeException((kind == Kind.MAX ? "max" : "min") + ": cannot reduce an empty axis");
            }
            return out;
        }
        for (int o = 0; o < outer; o++) {
            int base = xo + o * r * inner;
            if (inner == 1) {
                out[o] = switch (kind) {
                    case SUM -> (float) Vec.sum(x, base, r);
                    case MAX -> Vec.max(x, base, r);
                    case MIN -> Vec.min(x, base, r);
                };
            } else {
                System.arraycopy(x, base, out, o * inner, inner);
                for (int k = 1; k < r; k++) {
                    int src = base + k * inner;
                    switch (kind) {
                        case SUM -> Vec.add(out, o * inner, x, src, out, o * inner, inner);
                        case MAX -> Vec.maxInto(x, src, out, o * inner, inner);
                        case MIN -> Vec.minInto(x, src, out, o * inner, inner);
                    }
                }
            }
        }
        return out;
    }

    private static Tensor reduceRaw(Kind kind, Tensor x, boolean[] axes, boolean keepDim) {
        Tensor cur = Elementwise.dense(x);
        float[] d = cur.data;
        int off = cur.offset;
        int[] shape = x.shape.clone();
        boolean all = true;
        for (boolean b : axes) {
            all &= b;
        }
        if (all && kind == Kind.SUM) {
            d = new float[] {(float) Vec.sum(d, off, x.size)};
            off = 0;
            Arrays.fill(shape, 1);
        } else {
            // reduce runs of adjacent axes at once, innermost first
            for (int i = shape.length - 1; i >= 0; ) {
                if (!axes[i]) {
                    i--;
                    continue;
                }
                int j = i;
                while (j > 0 && axes[j - 1]) {
                    j--;
                }
                int outer = 1, r = 1, inner = 1;
                for (int q = 0; q < j; q++) {
                    outer *= shape[q];
                }
                for (int q = j; q <= i; q++) {
                    r *= shape[q];
                }
                for (int q = i + 1; q < shape.length; q++) {
                    inner *= shape[q];
                }
                d = reduceAxis(kind, d, off, outer, r, inner);
                off = 0;
                for (int q = j; q <= i; q++) {
                    shape[q] = 1;
                }
                i = j - 1;
            }
        }
        int[] outShape = keepDim ? shape : Shape.without(x.shape, axes);
        if (d.length != Shape.numel(outShape)) { // no axes reduced and a copy is owed
            d = Arrays.copyOfRange(d, off, off + Shape.numel(outShape));
        } else if (off != 0) {
            d = Arrays.copyOfRange(d, off, off + d.length);
        }
        return new Tensor(d, outShape);
    }

    /** Not recorded; used by backward rules (e.g. summing broadcast gradients). */
    static Tensor sumRaw(Tensor x, boolean[] axes, boolean keepDim) {
        return reduceRaw(Kind.SUM, x, axes, keepDim);
    }

    private static final class ReduceNode extends Node {
        final Op op;
        final boolean[] axes;
        final boolean keepDim;
        final Tensor out;

        ReduceNode(Op op, Tensor x, boolean[] axes, boolean keepDim, Tensor out) {
            super(x);
            this.op = op;
            this.axes = axes;
            this.keepDim = keepDim;
            this.out = out.detach();
        }

        @Override
        public Op op() {
            return op;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            Tensor x = input(0);
            int[] kept = keptShape(x.shape, axes);
            Tensor gk = g.reshape(kept);
            Tensor gx = switch (op) {
                case SUM -> gk.expand(x.shape);
                case MEAN -> gk.mul(1f / count(x.shape, axes)).expand(x.shape);
                case MAX, MIN -> {
                    // ties share the gradient equally
                    Tensor hit = x.eq(out.reshape(kept));
                    Tensor n = sumRaw(hit, axes, true);
                    yield hit.mul(gk.div(n));
                }
                default -> throw new IllegalStateException(op.toString());
            };
            return new Tensor[] {gx};
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            RefTensor x = in[0];
            int[] kept = keptShape(x.shape, axes);
            int[] ks = Shape.contiguousStrides(kept);
            double[] o = new double[Shape.numel(kept)];
            if (op == Op.MAX) {
                Arrays.fill(o, Double.NEGATIVE_INFINITY);
            } else if (op == Op.MIN) {
                Arrays.fill(o, Double.POSITIVE_INFINITY);
            }
            int[] idx = new int[x.shape.length];
            for (int i = 0; i < x.data.length; i++) {
                int k = 0;
                for (int d = 0; d < idx.length; d++) {
                    k += (axes[d] ? 0 : idx[d]) * ks[d];
                }
                double v = x.data[i];
                o[k] = switch (op) {
                    case MAX -> Math.max(o[k], v);
                    case MIN -> Math.min(o[k], v);
                    default -> o[k] + v;
                };
                RefTensor.increment(idx, x.shape);
            }
            if (op == Op.MEAN) {
                double c = count(x.shape, axes);
                for (int i = 0; i < o.length; i++) {
                    o[i] /= c;
                }
            }
            return new RefTensor(o, keepDim ? kept : Shape.without(x.shape, axes));
        }
    }

    private static int count(int[] shape, boolean[] axes) {
        int c = 1;
        for (int i = 0; i < shape.length; i++) {
            if (axes[i]) {
                c *= shape[i];
            }
        }
        return c;
    }

    static Tensor reduce(Op op, Tensor x, int[] axes, boolean keepDim) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        boolean[] mask = axesMask(name, axes, x.shape.length);
        Tensor out = switch (op) {
            case SUM -> reduceRaw(Kind.SUM, x, mask, keepDim);
            case MEAN -> {
                Tensor s = reduceRaw(Kind.SUM, x, mask, keepDim);
                int c = count(x.shape, mask);
                Vec.mulScalar(s.data, 0, 1f / c, s.data, 0, s.size);
                yield s;
            }
            case MAX -> reduceRaw(Kind.MAX, x, mask, keepDim);
            case MIN -> reduceRaw(Kind.MIN, x, mask, keepDim);
            default -> throw new IllegalArgumentException("not a reduction: " + op);
        };
        return Tensor.tracking(x) ? Tensor.record(out, new ReduceNode(op, x, mask, keepDim, out)) : out;
    }

    static IntTensor argmaxLastAxis(Tensor x) {
        if (x.shape.length == 0) {
            return new IntTensor(new int[] {0});
        }
        Tensor d = Elementwise.dense(x);
        int c = x.shape[x.shape.length - 1];
        int rows = c == 0 ? 0 : x.size / c;
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            int base = d.offset + r * c, best = 0;
            float bv = d.data[base];
            for (int j = 1; j < c; j++) {
                if (d.data[base + j] > bv) {
                    bv = d.data[base + j];
                    best = j;
                }
            }
            out[r] = best;
        }
        return new IntTensor(out, Arrays.copyOf(x.shape, x.shape.length - 1));
    }
}
