package ldnn.tensor;

import ldnn.autograd.Node;
import ldnn.backend.Vec;
import ldnn.backend.Workspace;

/**
 * Batch normalization with the batch's statistics, fused: per channel over the batch and spatial
 * axes, y = (x - mean) / sqrt(var + eps) * weight + bias, with the biased variance. Forward is three
 * vectorized passes (mean, variance, the affine map), backward three (two sums, then dx = A*g + B*x + C
 * per channel); the same function written with tensor ops takes about twenty.
 */
final class Norms {
    private Norms() {
    }

    private static final class BatchNormNode extends Node {
        final int n, c, s;
        final double eps;
        final double[] mean, invStd;

        BatchNormNode(Tensor x, Tensor w, Tensor b, int n, int c, int s, double eps, double[] mean, double[] invStd) {
            super(x, w, b);
            this.n = n;
            this.c = c;
            this.s = s;
            this.eps = eps;
            this.mean = mean;
            this.invStd = invStd;
        }

        @Override
        public Op op() {
            return Op.BATCH_NORM;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            Tensor x = Elementwise.dense(input(0)), w = Elementwise.dense(input(1)), gd = Elementwise.dense(g);
            float[] dx = needsGrad(0) ? Workspace.uninitialized(x.size) : null;
            float[] dw = new float[c], db = new float[c];
            double m = (double) n * s;
            for (int ch = 0; ch < c; ch++) {
                double sumG = 0, sumGX = 0;
                for (int i = 0; i < n; i++) {
                    int at = (i * c + ch) * s;
                    sumG += Vec.sum(gd.data, gd.offset + at, s);
                    sumGX += Vec.dot(gd.data, gd.offset + at, x.data, x.offset + at, s);
                }
                double sumGXhat = invStd[ch] * (sumGX - mean[ch] * sumG);
                dw[ch] = (float) sumGXhat;
                db[ch] = (float) sumG;
                if (dx != null) {
                    double wi = w.data[w.offset + ch] * invStd[ch];
                    float a = (float) wi;
                    float bb = (float) (-wi * invStd[ch] * sumGXhat / m);
                    float cc = (float) (-wi * sumG / m + wi * invStd[ch] * sumGXhat * mean[ch] / m);
                    for (int i = 0; i < n; i++) {
                        int at = (i * c + ch) * s;
                        Vec.mulScalar(gd.data, gd.offset + at, a, dx, at, s);
                        Vec.axpy(bb, x.data, x.offset + at, dx, at, s);
                        Vec.addScalar(dx, at, cc, dx, at, s);
                    }
                }
            }
            return new Tensor[] {dx == null ? null : new Tensor(dx, input(0).shape.clone()),
                    needsGrad(1) ? new Tensor(dw, new int[] {c}) : null, needsGrad(2) ? new Tensor(db, new int[] {c}) : null};
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            double[] x = in[0].data, w = in[1].data, b = in[2].data, y = new double[x.length];
            for (int ch = 0; ch < c; ch++) {
                double mu = 0, var = 0;
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < s; k++) {
                        mu += x[(i * c + ch) * s + k];
                    }
                }
                mu /= (double) n * s;
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < s; k++) {
                        double d = x[(i * c + ch) * s + k] - mu;
                        var += d * d;
                    }
                }
                var /= (double) n * s;
                double inv = 1 / Math.sqrt(var + eps);
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < s; k++) {
                        int at = (i * c + ch) * s + k;
                        y[at] = (x[at] - mu) * inv * w[ch] + b[ch];
                    }
                }
            }
            return new RefTensor(y, in[0].shape.clone());
        }
    }

    /** See {@link Tensor#batchNorm}. */
    static Tensor batchNorm(Tensor x, Tensor weight, Tensor bias, double eps, float[] batchMean, float[] batchVar) {
        if ((x.shape.length != 2 && x.shape.length != 4) || weight.shape.length != 1 || bias.shape.length != 1
                || weight.shape[0] != x.shape[1] || bias.shape[0] != x.shape[1]) {
            throw new ShapeException("batchNorm: expected x [batch, c] or [batch, c, h, w] with weight and bias [c], got x "
                    + Shape.str(x.shape) + ", weight " + Shape.str(weight.shape) + ", bias " + Shape.str(bias.shape));
        }
        int n = x.shape[0], c = x.shape[1], s = x.size / Math.max(1, n * c);
        Tensor xd = Elementwise.dense(x), wd = Elementwise.dense(weight), bd = Elementwise.dense(bias);
        double[] mean = new double[c], invStd = new double[c];
        float[] y = Workspace.uninitialized(x.size), tmp = Workspace.uninitialized(s);
        double m = (double) n * s;
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Vec.sum(xd.data, xd.offset + (i * c + ch) * s, s);
            }
            double mu = sum / m, sq = 0;
            for (int i = 0; i < n; i++) {
                Vec.addScalar(xd.data, xd.offset + (i * c + ch) * s, (float) -mu, tmp, 0, s);
                sq += Vec.sumSquares(tmp, 0, s);
            }
            double var = sq / m;
            mean[ch] = mu;
            invStd[ch] = 1 / Math.sqrt(var + eps);
            if (batchMean != null) {
                batchMean[ch] = (float) mu;
            }
            if (batchVar != null) {
                batchVar[ch] = (float) var;
            }
            double a = wd.data[wd.offset + ch] * invStd[ch];
            float fa = (float) a, fb = (float) (bd.data[bd.offset + ch] - mu * a);
            for (int i = 0; i < n; i++) {
                int at = (i * c + ch) * s;
                Vec.mulScalar(xd.data, xd.offset + at, fa, y, at, s);
                Vec.addScalar(y, at, fb, y, at, s);
            }
        }
        Tensor out = new Tensor(y, x.shape.clone());
        return Tensor.tracking(x, weight, bias)
                ? Tensor.record(out, new BatchNormNode(x, weight, bias, n, c, s, eps, mean, invStd)) : out;
    }
}
