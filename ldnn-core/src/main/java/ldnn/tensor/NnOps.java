package ldnn.tensor;

import ldnn.backend.Workspace;
import java.util.Arrays;
import ldnn.autograd.Node;
import ldnn.backend.Vec;

/** Softmax family, fused losses and embedding lookup. Losses average over the batch (recipe point 4). */
final class NnOps {
    private NnOps() {
    }

    // ================================================================== softmax / log-softmax (last axis)

    /** Row-wise softmax (or log-softmax) of a contiguous [rows, c] block into out. */
    static void softmaxRows(float[] x, int xo, float[] out, int rows, int c, boolean log) {
        for (int r = 0; r < rows; r++) {
            int base = xo + r * c, ob = r * c;
            float max = Vec.max(x, base, c);
            Vec.addScalar(x, base, -max, out, ob, c);
            if (log) {
                float[] tmp = Workspace.floats(c);
                Vec.exp(out, ob, tmp, 0, c);
                float lse = (float) Math.log(Vec.sum(tmp, 0, c));
                Vec.addScalar(out, ob, -lse, out, ob, c);
            } else {
                Vec.exp(out, ob, out, ob, c);
                float inv = (float) (1.0 / Vec.sum(out, ob, c));
                Vec.mulScalar(out, ob, inv, out, ob, c);
            }
        }
    }

    private static final class SoftmaxNode extends Node {
        final boolean log;
        final Tensor out;

        SoftmaxNode(Tensor x, boolean log, Tensor out) {
            super(x);
            this.log = log;
            this.out = out.detach();
        }

        @Override
        public Op op() {
            return log ? Op.LOG_SOFTMAX : Op.SOFTMAX;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            Tensor gd = Elementwise.dense(g);
            int c = out.shape[out.shape.length - 1], rows = c == 0 ? 0 : out.size / c;
            float[] gx = Workspace.floats(out.size);
            float[] y = out.data;
            for (int r = 0; r < rows; r++) {
                int b = r * c, gb = gd.offset + r * c;
                if (log) { // gx = g - softmax * sum(g)
                    float s = (float) Vec.sum(gd.data, gb, c);
                    for (int j = 0; j < c; j++) {
                        gx[b + j] = gd.data[gb + j] - (float) Math.exp(y[b + j]) * s;
                    }
                } else { // gx = y * (g - sum(g * y))
                    float s = Vec.dot(gd.data, gb, y, b, c);
                    for (int j = 0; j < c; j++) {
                        gx[b + j] = y[b + j] * (gd.data[gb + j] - s);
                    }
                }
            }
            return new Tensor[] {new Tensor(gx, out.shape.clone())};
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            RefTensor x = in[0];
            int c = x.shape[x.rank() - 1], rows = c == 0 ? 0 : x.numel() / c;
            double[] o = new double[x.numel()];
            for (int r = 0; r < rows; r++) {
                double max = Double.NEGATIVE_INFINITY, s = 0;
                for (int j = 0; j < c; j++) {
                    max = Math.max(max, x.data[r * c + j]);
                }
                for (int j = 0; j < c; j++) {
                    s += Math.exp(x.data[r * c + j] - max);
                }
                for (int j = 0; j < c; j++) {
                    double z = x.data[r * c + j] - max;
                    o[r * c + j] = log ? z - Math.log(s) : Math.exp(z) / s;
                }
            }
            return new RefTensor(o, x.shape);
        }
    }

    static Tensor softmax(Tensor x, boolean log) {
        if (x.shape.length == 0) {
            throw new ShapeException((log ? "logSoftmax" : "softmax") + ": expected rank >= 1, got a scalar");
        }
        Tensor xd = Elementwise.dense(x);
        int c = x.shape[x.shape.length - 1], rows = c == 0 ? 0 : x.size / c;
        float[] y = Workspace.floats(x.size);
        softmaxRows(xd.data, xd.offset, y, rows, c, log);
        Tensor out = new Tensor(y, x.shape.clone());
        return Tensor.tracking(x) ? Tensor.record(out, new SoftmaxNode(x, log, out)) : out;
    }

    // ================================================================== softmax cross-entropy

    private static final class CrossEntropyNode extends Node {
        final IntTensor classes;
        final Tensor probsTarget;
        final float[] softmax;
        final int rows, c;

        CrossEntropyNode(Tensor logits, IntTensor classes, Tensor probsTarget, float[] softmax, int rows, int c) {
            super(logits);
            this.classes = classes;
            this.probsTarget = probsTarget;
            this.softmax = softmax;
            this.rows = rows;
            this.c = c;
        }

        @Override
        public Op op() {
            return Op.SOFTMAX_CROSS_ENTROPY;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            float scale = g.item() / rows;
            float[] gx = Workspace.floats(softmax.length);
            if (classes != null) {
                Vec.mulScalar(softmax, 0, scale, gx, 0, gx.length);
                int[] t = classes.data();
                for (int r = 0; r < rows; r++) {
                    gx[r * c + t[r]] -= scale;
                }
            } else {
                float[] t = probsTarget.data;
                int to = probsTarget.offset;
                for (int r = 0; r < rows; r++) {
                    float mass = (float) Vec.sum(t, to + r * c, c);
                    for (int j = 0; j < c; j++) {
                        gx[r * c + j] = scale * (softmax[r * c + j] * mass - t[to + r * c + j]);
                    }
                }
            }
            return new Tensor[] {new Tensor(gx, input(0).shape.clone())};
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            RefTensor x = in[0];
            double total = 0;
            for (int r = 0; r < rows; r++) {
                double max = Double.NEGATIVE_INFINITY, s = 0;
                for (int j = 0; j < c; j++) {
                    max = Math.max(max, x.data[r * c + j]);
                }
                for (int j = 0; j < c; j++) {
                    s += Math.exp(x.data[r * c + j] - max);
                }
                double lse = max + Math.log(s);
                if (classes != null) {
                    total += lse - x.data[r * c + classes.data()[r]];
                } else {
                    for (int j = 0; j < c; j++) {
                        total -= probsTarget.data[probsTarget.offset + r * c + j] * (x.data[r * c + j] - lse);
                    }
                }
            }
            return new RefTensor(new double[] {total / rows});
        }
    }

    static Tensor crossEntropy(Tensor logits, IntTensor classes, Tensor probs) {
        if (logits.shape.length == 0) {
            throw new ShapeException("crossEntropy: expected logits [..., classes], got a scalar");
        }
        int c = logits.shape[logits.shape.length - 1];
        int rows = c == 0 ? 0 : logits.size / c;
        int[] rowShape = Arrays.copyOf(logits.shape, logits.shape.length - 1);
        if (rows == 0) {
            throw new ShapeException("crossEntropy: no rows in logits " + Shape.str(logits.shape));
        }
        if (classes != null) {
            if (!Arrays.equals(classes.shape(), rowShape)) {
                throw new ShapeException("crossEntropy: expected targets of shape " + Shape.str(rowShape)
                        + " (one class index per row of logits " + Shape.str(logits.shape) + "), got "
                        + Shape.str(classes.shape()));
            }
            int[] t = classes.data();
            for (int i = 0; i < t.length; i++) {
                if (t[i] < 0 || t[i] >= c) {
                    throw new IllegalArgumentException("crossEntropy: target " + t[i] + " at row " + i
                            + " is not a class index in [0, " + c + ")");
                }
            }
        } else {
            if (!Arrays.equals(probs.shape, logits.shape)) {
                throw new ShapeException("crossEntropy: probability targets must have the logits' shape "
                        + Shape.str(logits.shape) + ", got " + Shape.str(probs.shape));
            }
            probs = Elementwise.dense(probs.detach());
        }
        Tensor xd = Elementwise.dense(logits);
        float[] logp = Workspace.floats(logits.size);
        softmaxRows(xd.data, xd.offset, logp, rows, c, true);
        double total = 0;
        if (classes != null) {
            int[] t = classes.data();
            for (int r = 0; r < rows; r++) {
                total -= logp[r * c + t[r]];
            }
        } else {
            for (int r = 0; r < rows; r++) {
                total -= Vec.dot(probs.data, probs.offset + r * c, logp, r * c, c);
            }
        }
        Tensor out = Tensor.scalar((float) (total / rows));
        if (!Tensor.tracking(logits)) {
            return out;
        }
        Vec.exp(logp, 0, logp, 0, logp.length); // now the softmax, kept for backward
        return Tensor.record(out, new CrossEntropyNode(logits, classes, probs, logp, rows, c));
    }

    // ================================================================== mean squared error

    private static final class MseNode extends Node {
        MseNode(Tensor a, Tensor b) {
            super(a, b);
        }

        @Override
        public Op op() {
            return Op.MSE;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            Tensor diff = input(0).sub(input(1)).mul(2f * g.item() / input(0).size);
            return new Tensor[] {needsGrad(0) ? diff : null, needsGrad(1) ? diff.neg() : null};
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            double s = 0;
            for (int i = 0; i < in[0].data.length; i++) {
                double d = in[0].data[i] - in[1].data[i];
                s += d * d;
            }
            return new RefTensor(new double[] {s / in[0].data.length});
        }
    }

    static Tensor mse(Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape, b.shape)) {
            throw new ShapeException("mse: prediction " + Shape.str(a.shape) + " and target " + Shape.str(b.shape)
                    + " must have the same shape (no broadcasting, to catch [N] vs [N, 1] mistakes)");
        }
        Tensor ad = Elementwise.dense(a), bd = Elementwise.dense(b);
        float[] d = Workspace.floats(a.size);
        Vec.sub(ad.data, ad.offset, bd.data, bd.offset, d, 0, d.length);
        Tensor out = Tensor.scalar((float) (Vec.sumSquares(d, 0, d.length) / Math.max(1, a.size)));
        return Tensor.tracking(a, b) ? Tensor.record(out, new MseNode(a, b)) : out;
    }

    // ================================================================== binary cross-entropy with logits

    private static final class BceNode extends Node {
        final Tensor targets;

        BceNode(Tensor x, Tensor targets) {
            super(x);
            this.targets = targets;
        }

        @Override
        public Op op() {
            return Op.BCE_WITH_LOGITS;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            Tensor x = input(0);
            return new Tensor[] {x.sigmoid().sub(targets).mul(g.item() / x.size)};
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            double s = 0;
            float[] t = targets.toArray();
            for (int i = 0; i < t.length; i++) {
                double x = in[0].data[i];
                s += Math.max(x, 0) - x * t[i] + Math.log1p(Math.exp(-Math.abs(x)));
            }
            return new RefTensor(new double[] {s / t.length});
        }
    }

    static Tensor bceWithLogits(Tensor x, Tensor t) {
        if (!Arrays.equals(x.shape, t.shape)) {
            throw new ShapeException("bceWithLogits: logits " + Shape.str(x.shape) + " and targets "
                    + Shape.str(t.shape) + " must have the same shape");
        }
        float[] xs = x.toArray(), ts = t.toArray();
        double s = 0;
        for (int i = 0; i < xs.length; i++) {
            float v = xs[i];
            s += Math.max(v, 0f) - v * ts[i] + Math.log1p(Math.exp(-Math.abs(v)));
        }
        Tensor out = Tensor.scalar((float) (s / Math.max(1, xs.length)));
        return Tensor.tracking(x) ? Tensor.record(out, new BceNode(x, t.detach())) : out;
    }

    // ================================================================== embedding

    private static final class EmbeddingNode extends Node {
        final IntTensor idx;

        EmbeddingNode(Tensor table, IntTensor idx) {
            super(table);
            this.idx = idx;
        }

        @Override
        public Op op() {
            return Op.EMBEDDING;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            Tensor table = input(0);
            int e = table.shape[1];
            Tensor gd = Elementwise.dense(g);
            float[] gt = Workspace.floats(table.size);
            int[] ix = idx.data();
            for (int i = 0; i < ix.length; i++) {
                Vec.add(gt, ix[i] * e, gd.data, gd.offset + i * e, gt, ix[i] * e, e);
            }
            return new Tensor[] {new Tensor(gt, table.shape.clone())};
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            int e = in[0].shape[1];
            int[] ix = idx.data();
            double[] o = new double[ix.length * e];
            for (int i = 0; i < ix.length; i++) {
                System.arraycopy(in[0].data, ix[i] * e, o, i * e, e);
            }
            int[] os = Arrays.copyOf(idx.shape(), idx.rank() + 1);
            os[idx.rank()] = e;
            return new RefTensor(o, os);
        }
    }

    static Tensor embedding(Tensor table, IntTensor idx) {
        if (table.shape.length != 2) {
            throw new ShapeException("embedding: expected a table of shape [vocabulary, dim], got "
                    + Shape.str(table.shape));
        }
        int v = table.shape[0], e = table.shape[1];
        Tensor td = Elementwise.dense(table);
        int[] ix = idx.data();
        float[] o = Workspace.floats(ix.length * e);
        for (int i = 0; i < ix.length; i++) {
            if (ix[i] < 0 || ix[i] >= v) {
                throw new IndexOutOfBoundsException("embedding: index " + ix[i] + " at position " + i
                        + " is outside the table's " + v + " rows");
            }
            System.arraycopy(td.data, td.offset + ix[i] * e, o, i * e, e);
        }
        int[] os = Arrays.copyOf(idx.shape(), idx.rank() + 1);
        os[idx.rank()] = e;
        Tensor out = new Tensor(o, os);
        return Tensor.tracking(table) ? Tensor.record(out, new EmbeddingNode(table, idx)) : out;
    }
}
