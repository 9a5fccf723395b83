package ldnn.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import ldnn.autograd.Node;

/** Shape ops: views that share storage (reshape, permute, slice, expand) and copies (contiguous, concat). */
final class Views {
    private Views() {
    }

    // ================================================================== reshape

    private static final class ReshapeNode extends Node {
        final int[] shape;

        ReshapeNode(Tensor x, int[] shape) {
            super(x);
            this.shape = shape;
        }

        @Override
        public Op op() {
            return Op.RESHAPE;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            return new Tensor[] {g.reshape(input(0).shape)};
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            return in[0].reshape(shape);
        }
    }

    static int[] inferShape(int[] from, int[] to) {
        int[] s = to.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new ShapeException("reshape: only one dimension can be -1, got " + Shape.str(to));
                }
                infer = i;
            } else if (s[i] < 0) {
                throw new ShapeException("reshape: negative dimension in " + Shape.str(to));
            } else {
                known *= s[i];
            }
        }
        int n = Shape.numel(from);
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new ShapeException("reshape: cannot reshape " + Shape.str(from) + " (" + n + " elements) to "
                        + Shape.str(to) + ": " + n + " is not a multiple of " + known);
            }
            s[infer] = (int) (n / known);
        } else if (known != n) {
            throw new ShapeException("reshape: cannot reshape " + Shape.str(from) + " (" + n + " elements) to "
                    + Shape.str(to) + " (" + known + " elements)");
        }
        return s;
    }

    static Tensor reshape(Tensor x, int[] newShape) {
        int[] s = inferShape(x.shape, newShape);
        if (Arrays.equals(s, x.shape)) {
            return x;
        }
        Tensor xd = Elementwise.dense(x);
        Tensor out = new Tensor(xd.data, xd.offset, s, Shape.contiguousStrides(s));
        return Tensor.tracking(x) ? Tensor.record(out, new ReshapeNode(x, s)) : out;
    }

    // ================================================================== permute

    private static final class PermuteNode extends Node {
        final int[] perm;

        PermuteNode(Tensor x, int[] perm) {
            super(x);
            this.perm = perm;
        }

        @Override
        public Op op() {
            return Op.PERMUTE;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            int[] inv = new int[perm.length];
            for (int i = 0; i < perm.length; i++) {
                inv[perm[i]] = i;
            }
            return new Tensor[] {g.permute(inv)};
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            RefTensor x = in[0];
            int[] os = new int[perm.length];
            for (int i = 0; i < perm.length; i++) {
                os[i] = x.shape[perm[i]];
            }
            int[] xs = x.strides();
            double[] o = new double[x.data.length];
            int[] idx = new int[os.length];
            for (int i = 0; i < o.length; i++) {
                int src = 0;
                for (int d = 0; d < os.length; d++) {
                    src += idx[d] * xs[perm[d]];
                }
                o[i] = x.data[src];
                RefTensor.increment(idx, os);
            }
            return new RefTensor(o, os);
        }
    }

    /** x when t is the recorded 2-d transpose x.t() of some x; else null. */
    static Tensor transposeSource(Tensor t) {
        return t.gradFn() instanceof PermuteNode n && n.perm.length == 2 && n.perm[0] == 1 ? n.input(0) : null;
    }

    static Tensor permute(Tensor x, int[] axes) {
        int r = x.shape.length;
        if (axes.length != r) {
            throw new ShapeException("permute: expected " + r + " axes for shape " + Shape.str(x.shape) + ", got "
                    + Arrays.toString(axes));
        }
        int[] p = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            p[i] = Shape.axis("permute", axes[i], r);
            if (seen[p[i]]) {
                throw new ShapeException("permute: axis " + axes[i] + " repeated in " + Arrays.toString(axes));
            }
            seen[p[i]] = true;
        }
        int[] s = new int[r], st = new int[r];
        for (int i = 0; i < r; i++) {
            s[i] = x.shape[p[i]];
            st[i] = x.strides[p[i]];
        }
        Tensor out = new Tensor(x.data, x.offset, s, st);
        return Tensor.tracking(x) ? Tensor.record(out, new PermuteNode(x, p)) : out;
    }

    // ================================================================== slice

    private static final class SliceNode extends Node {
        final int axis, start, end, step;

        SliceNode(Tensor x, int axis, int start, int end, int step) {
            super(x);
            this.axis = axis;
            this.start = start;
            this.end = end;
            this.step = step;
        }

        @Override
        public Op op() {
            return Op.SLICE;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            Tensor z = Tensor.workspaceZeros(input(0).shape);
            Tensor view = sliceView(z, axis, start, end, step);
            Elementwise.copy(g, z.data, view.offset, view.shape, view.strides);
            return new Tensor[] {z};
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            RefTensor x = in[0];
            int[] os = x.shape.clone();
            os[axis] = count(start, end, step);
            int[] xs = x.strides();
            double[] o = new double[Shape.numel(os)];
            int[] idx = new int[os.length];
            for (int i = 0; i < o.length; i++) {
                int src = 0;
                for (int d = 0; d < os.length; d++) {
                    src += (d == axis ? start + idx[d] * step : idx[d]) * xs[d];
                }
                o[i] = x.data[src];
                RefTensor.increment(idx, os);
            }
            return new RefTensor(o, os);
        }
    }

    private static int count(int start, int end, int step) {
        return Math.max(0, (end - start + step - 1) / step);
    }

    private static Tensor sliceView(Tensor x, int axis, int start, int end, int step) {
        int[] s = x.shape.clone(), st = x.strides.clone();
        s[axis] = count(start, end, step);
        st[axis] = x.strides[axis] * step;
        return new Tensor(x.data, x.offset + start * x.strides[axis], s, st);
    }

    static Tensor slice(Tensor x, int axis, int start, int end, int step) {
        int a = Shape.axis("slice", axis, x.shape.length);
        int n = x.shape[a];
        if (step <= 0) {
            throw new ShapeException("slice: step must be positive, got " + step);
        }
        int s = start < 0 ? start + n : start, e = end < 0 ? end + n : Math.min(end, n);
        if (s < 0 || s > n || e < s) {
            throw new ShapeException("slice: range [" + start + ", " + end + ") is out of bounds for axis " + axis
                    + " of size " + n + " (shape " + Shape.str(x.shape) + ")");
        }
        Tensor out = sliceView(x, a, s, e, step);
        return Tensor.tracking(x) ? Tensor.record(out, new SliceNode(x, a, s, e, step)) : out;
    }

    static List<Tensor> split(Tensor x, int axis, int[] sizes) {
        int a = Shape.axis("split", axis, x.shape.length);
        int total = 0;
        for (int s : sizes) {
            total += s;
        }
        if (total != x.shape[a]) {
            throw new ShapeException("split: sizes " + Arrays.toString(sizes) + " add up to " + total
                    + ", but axis " + axis + " of " + Shape.str(x.shape) + " has " + x.shape[a]);
        }
        List<Tensor> out = new ArrayList<>();
        int at = 0;
        for (int s : sizes) {
            out.add(slice(x, a, at, at + s, 1));
            at += s;
        }
        return out;
    }

    // ================================================================== expand

    private static final class ExpandNode extends Node {
        final int[] shape;

        ExpandNode(Tensor x, int[] shape) {
            super(x);
            this.shape = shape;
        }

        @Override
        public Op op() {
            return Op.EXPAND;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            return new Tensor[] {Elementwise.sumTo(g, input(0).shape)};
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            double[] o = new double[Shape.numel(shape)];
            int[] idx = new int[shape.length];
            for (int i = 0; i < o.length; i++) {
                o[i] = in[0].atBroadcast(idx);
                RefTensor.increment(idx, shape);
            }
            return new RefTensor(o, shape);
        }
    }

    static Tensor expand(Tensor x, int[] newShape) {
        int[] s = newShape.clone();
        int shift = s.length - x.shape.length;
        if (shift < 0) {
            throw new ShapeException("expand: cannot expand " + Shape.str(x.shape) + " to fewer dimensions "
                    + Shape.str(newShape));
        }
        for (int i = 0; i < s.length; i++) {
            int cur = i < shift ? 1 : x.shape[i - shift];
            if (s[i] == -1) {
                s[i] = cur;
            }
            if (cur != 1 && cur != s[i]) {
                throw new ShapeException("expand: cannot expand " + Shape.str(x.shape) + " to " + Shape.str(newShape)
                        + ": dimension " + (i - s.length) + " is " + cur + ", only dimensions of size 1 can grow");
            }
        }
        if (Arrays.equals(s, x.shape)) {
            return x;
        }
        Tensor out = new Tensor(x.data, x.offset, s, Shape.broadcastStrides(x.shape, x.strides, s));
        return Tensor.tracking(x) ? Tensor.record(out, new ExpandNode(x, s)) : out;
    }

    // ================================================================== contiguous

    private static final class ContiguousNode extends Node {
        ContiguousNode(Tensor x) {
            super(x);
        }

        @Override
        public Op op() {
            return Op.CONTIGUOUS;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            return new Tensor[] {g};
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            return in[0];
        }
    }

    static Tensor contiguous(Tensor x) {
        Tensor out = new Tensor(Elementwise.contiguousData(x), x.shape.clone());
        return Tensor.tracking(x) ? Tensor.record(out, new ContiguousNode(x)) : out;
    }

    // ================================================================== concat

    private static final class ConcatNode extends Node {
        final int axis;

        ConcatNode(Tensor[] parts, int axis) {
            super(parts);
            this.axis = axis;
        }

        @Override
        public Op op() {
            return Op.CONCAT;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            Tensor[] ins = inputs();
            Tensor[] out = new Tensor[ins.length];
            int at = 0;
            for (int i = 0; i < ins.length; i++) {
                int n = ins[i].shape[axis];
                if (needsGrad(i)) {
                    out[i] = g.slice(axis, at, at + n);
                }
                at += n;
            }
            return out;
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            int[] os = in[0].shape.clone();
            os[axis] = 0;
            for (RefTensor t : in) {
                os[axis] += t.shape[axis];
            }
            int outer = 1, inner = 1;
            for (int d = 0; d < axis; d++) {
                outer *= os[d];
            }
            for (int d = axis + 1; d < os.length; d++) {
                inner *= os[d];
            }
            double[] o = new double[Shape.numel(os)];
            int pos = 0;
            for (int q = 0; q < outer; q++) {
                for (RefTensor t : in) {
                    int len = t.shape[axis] * inner;
                    System.arraycopy(t.data, q * len, o, pos, len);
                    pos += len;
                }
            }
            return new RefTensor(o, os);
        }
    }

    static Tensor concat(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new ShapeException("concat: no tensors given");
        }
        Tensor first = parts.get(0);
        int a = Shape.axis("concat", axis, first.shape.length);
        int[] os = first.shape.clone();
        os[a] = 0;
        for (int i = 0; i < parts.size(); i++) {
            Tensor t = parts.get(i);
            if (t.shape.length != first.shape.length) {
                throw new ShapeException("concat: tensor " + i + " has shape " + Shape.str(t.shape)
                        + ", expected rank " + first.shape.length + " like tensor 0 " + Shape.str(first.shape));
            }
            for (int d = 0; d < os.length; d++) {
                if (d != a && t.shape[d] != first.shape[d]) {
                    throw new ShapeException("concat along axis " + axis + ": tensor " + i + " has shape "
                            + Shape.str(t.shape) + " but tensor 0 has " + Shape.str(first.shape)
                            + "; all dimensions except the concat axis must match (dimension " + d + ")");
                }
            }
            os[a] += t.shape[a];
        }
        Tensor out = Tensor.workspaceZeros(os);
        int at = 0;
        for (Tensor t : parts) {
            Tensor view = sliceView(out, a, at, at + t.shape[a], 1);
            Elementwise.copy(t, out.data, view.offset, view.shape, view.strides);
            at += t.shape[a];
        }
        Tensor[] arr = parts.toArray(new Tensor[0]);
        return Tensor.tracking(arr) ? Tensor.record(out, new ConcatNode(arr, a)) : out;
    }
}
