package ldnn.tensor;

import ldnn.backend.Workspace;
import java.util.Arrays;
import ldnn.autograd.Node;
import ldnn.backend.Blas;
import ldnn.backend.ConvKernels;
import ldnn.backend.DnnlConv;

/**
 * conv2d (NCHW, stride, zero padding) and max/average pooling.
 *
 * <p>conv2d has two implementations, chosen once by {@code -Dldnn.conv=dnnl|gemm} (default dnnl):
 * oneDNN's primitives ({@link DnnlConv}, the fast path), and im2col + GEMM, the plain reference the
 * fast path is tested against. There is no silent fallback: if oneDNN cannot load, conv2d fails and
 * says how to choose the reference. In the GEMM path the column buffer is built for a chunk of the
 * batch at a time, so that each GEMM is large and the buffer stays a few MB; backward recomputes it
 * rather than keeping it alive.
 */
final class Conv {
    private Conv() {
    }

    /** Which kernels run conv2d. */
    enum Backend {
        DNNL, GEMM;

        static final Backend DEFAULT = fromProperty();

        private static Backend fromProperty() {
            String want = System.getProperty("ldnn.conv", "dnnl");
            return switch (want.toLowerCase(java.util.Locale.ROOT)) {
                case "dnnl", "onednn" -> DNNL;
                case "gemm", "im2col" -> GEMM;
                default -> throw new IllegalArgumentException(
                        "ldnn.conv: expected 'dnnl' or 'gemm', got '" + want + "'");
            };
        }
    }

    /** Geometry of one conv2d call. */
    record Geometry(int n, int c, int h, int w, int f, int kh, int kw, int stride, int pad, int ho, int wo) {
        int ckk() {
            return c * kh * kw;
        }

        int hw() {
            return ho * wo;
        }

        ConvKernels.Im2col im2col() {
            return new ConvKernels.Im2col(c, h, w, kh, kw, stride, pad, ho, wo);
        }

        DnnlConv dnnl(boolean bias) {
            return DnnlConv.get(new DnnlConv.Geometry(n, c, h, w, f, kh, kw, stride, pad, bias));
        }
    }

    static Geometry geometry(Tensor x, Tensor w, int stride, int pad) {
        if (x.shape.length != 4) {
            throw new ShapeException("conv2d: expected input [batch, channels, height, width], got "
                    + Shape.str(x.shape));
        }
        if (w.shape.length != 4) {
            throw new ShapeException("conv2d: expected weight [out_channels, in_channels, kh, kw], got "
                    + Shape.str(w.shape));
        }
        if (w.shape[1] != x.shape[1]) {
            throw new ShapeException("conv2d: weight " + Shape.str(w.shape) + " expects " + w.shape[1]
                    + " input channels, input " + Shape.str(x.shape) + " has " + x.shape[1]);
        }
        if (stride < 1 || pad < 0) {
            throw new IllegalArgumentException("conv2d: stride must be >= 1 and padding >= 0, got stride " + stride
                    + ", padding " + pad);
        }
        int h = x.shape[2], wd = x.shape[3], kh = w.shape[2], kw = w.shape[3];
        int ho = (h + 2 * pad - kh) / stride + 1, wo = (wd + 2 * pad - kw) / stride + 1;
        if (h + 2 * pad < kh || wd + 2 * pad < kw) {
            throw new ShapeException("conv2d: kernel " + kh + "x" + kw + " is larger than the padded input "
                    + (h + 2 * pad) + "x" + (wd + 2 * pad) + " (input " + Shape.str(x.shape) + ", padding " + pad + ")");
        }
        return new Geometry(x.shape[0], x.shape[1], h, wd, w.shape[0], kh, kw, stride, pad, ho, wo);
    }

    /** Batch samples per im2col chunk: keep the column buffer near 4M floats. */
    static int chunk(Geometry g) {
        long per = (long) g.ckk() * g.hw();
        return (int) Math.max(1, Math.min(g.n(), (4L << 20) / Math.max(1, per)));
    }

    static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, int pad) {
        return conv2d(x, w, bias, stride, pad, Backend.DEFAULT);
    }

    static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, int pad, Backend backend) {
        Geometry g = geometry(x, w, stride, pad);
        if (bias != null && (bias.shape.length != 1 || bias.shape[0] != g.f())) {
            throw new ShapeException("conv2d: expected bias [" + g.f() + "], got " + Shape.str(bias.shape));
        }
        Tensor xd = Elementwise.dense(x), wd = Elementwise.dense(w);
        float[] out;
        long stamp = 0;
        if (backend == Backend.DNNL && g.n() * g.f() * g.hw() > 0 && xd.size > 0) {
            Tensor bd = bias == null ? null : Elementwise.dense(bias);
            DnnlConv.Forward r = g.dnnl(bias != null).forward(xd.data, xd.offset, wd.data, wd.offset,
                    bd == null ? null : bd.data, bd == null ? 0 : bd.offset);
            out = r.y();
            stamp = r.stamp();
        } else {
            out = Workspace.floats(g.n() * g.f() * g.hw());
            gemmForward(g, xd, wd, bias, out);
        }
        Tensor result = new Tensor(out, new int[] {g.n(), g.f(), g.ho(), g.wo()});
        boolean track = bias == null ? Tensor.tracking(x, w) : Tensor.tracking(x, w, bias);
        return track ? Tensor.record(result, new Conv2dNode(x, w, bias, g, backend, stamp)) : result;
    }

    private static void gemmForward(Geometry g, Tensor xd, Tensor wd, Tensor bias, float[] out) {
        int nb = chunk(g), hw = g.hw(), ckk = g.ckk(), f = g.f();
        float[] col = Workspace.floats(ckk * nb * hw);
        float[] tmp = Workspace.floats(f * nb * hw);
        ConvKernels.Im2col geo = g.im2col();
        Blas blas = Blas.get();
        for (int n0 = 0; n0 < g.n(); n0 += nb) {
            int b = Math.min(nb, g.n() - n0);
            geo.im2col(xd.data, xd.offset + n0 * g.c() * g.h() * g.w(), b, col);
            // tmp[f, b*hw] = W[f, ckk] . col[ckk, b*hw]
            blas.sgemm(false, false, f, b * hw, ckk, 1f, wd.data, wd.offset, ckk, col, 0, b * hw, 0f, tmp, 0, b * hw);
            ConvKernels.channelsFirst(tmp, b, f, hw, out, n0 * f * hw);
        }
        if (bias != null) {
            Tensor bd = Elementwise.dense(bias);
            for (int i = 0; i < g.n(); i++) {
                for (int o = 0; o < f; o++) {
                    ldnn.backend.Vec.addScalar(out, (i * f + o) * hw, bd.data[bd.offset + o], out, (i * f + o) * hw, hw);
                }
            }
        }
    }

    private static final class Conv2dNode extends Node {
        final Geometry g;
        final boolean hasBias;
        final Backend backend;
        final long stamp; // oneDNN: lets backward reuse the forward's converted x and w

        Conv2dNode(Tensor x, Tensor w, Tensor bias, Geometry g, Backend backend, long stamp) {
            super(bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias});
            this.g = g;
            this.hasBias = bias != null;
            this.backend = backend;
            this.stamp = stamp;
        }

        @Override
        public Op op() {
            return Op.CONV2D;
        }

        @Override
        public Tensor[] backward(Tensor gradOut) {
            Tensor x = Elementwise.dense(input(0)), w = Elementwise.dense(input(1));
            Tensor go = Elementwise.dense(gradOut);
            if (backend == Backend.DNNL && go.size > 0 && x.size > 0) {
                boolean needB = hasBias && needsGrad(2);
                DnnlConv.Gradients r = g.dnnl(hasBias).backward(go.data, go.offset, x.data, x.offset, w.data, w.offset,
                        needsGrad(0), needsGrad(1), needB, stamp);
                Tensor[] out = new Tensor[inputs().length];
                out[0] = r.gx() == null ? null : new Tensor(r.gx(), input(0).shape.clone());
                out[1] = r.gw() == null ? null : new Tensor(r.gw(), input(1).shape.clone());
                if (needB) {
                    out[2] = new Tensor(r.gb(), new int[] {g.f()});
                }
                return out;
            }
            int nb = chunk(g), hw = g.hw(), ckk = g.ckk(), f = g.f(), chw = g.c() * g.h() * g.w();
            boolean needX = needsGrad(0), needW = needsGrad(1);
            float[] gx = needX ? Workspace.floats(x.size) : null;
            float[] gw = needW ? Workspace.floats(w.size) : null;
            float[] col = Workspace.floats(ckk * nb * hw);
            float[] gcf = Workspace.floats(f * nb * hw);
            ConvKernels.Im2col geo = g.im2col();
            Blas blas = Blas.get();
            for (int n0 = 0; n0 < g.n(); n0 += nb) {
                int b = Math.min(nb, g.n() - n0);
                // gradient of the chunk as [f, b*hw]
                ConvKernels.channelsSecond(go.data, go.offset + n0 * f * hw, b, f, hw, gcf);
                if (needW) {
                    geo.im2col(x.data, x.offset + n0 * chw, b, col);
                    // gw[f, ckk] += g[f, b*hw] . col[ckk, b*hw]^T
                    blas.sgemm(false, true, f, ckk, b * hw, 1f, gcf, 0, b * hw, col, 0, b * hw, 1f, gw, 0, ckk);
                }
                if (needX) {
                    // dcol[ckk, b*hw] = W^T[ckk, f] . g[f, b*hw]
                    blas.sgemm(true, false, ckk, b * hw, f, 1f, w.data, w.offset, ckk, gcf, 0, b * hw, 0f, col, 0, b * hw);
                    geo.col2im(col, b, gx, n0 * chw);
                }
            }
            Tensor[] out = new Tensor[inputs().length];
            out[0] = needX ? new Tensor(gx, input(0).shape.clone()) : null;
            out[1] = needW ? new Tensor(gw, input(1).shape.clone()) : null;
            if (hasBias && needsGrad(2)) {
                float[] gb = Workspace.floats(f);
                for (int i = 0; i < g.n(); i++) {
                    for (int o = 0; o < f; o++) {
                        gb[o] += (float) ldnn.backend.Vec.sum(go.data, go.offset + (i * f + o) * hw, hw);
                    }
                }
                out[2] = new Tensor(gb, new int[] {f});
            }
            return out;
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            RefTensor x = in[0], w = in[1];
            double[] o = new double[g.n() * g.f() * g.hw()];
            for (int n = 0; n < g.n(); n++) {
                for (int f = 0; f < g.f(); f++) {
                    for (int i = 0; i < g.ho(); i++) {
                        for (int j = 0; j < g.wo(); j++) {
                            double s = hasBias ? in[2].data[f] : 0;
                            for (int c = 0; c < g.c(); c++) {
                                for (int p = 0; p < g.kh(); p++) {
                                    for (int q = 0; q < g.kw(); q++) {
                                        int y = i * g.stride() - g.pad() + p, xx = j * g.stride() - g.pad() + q;
                                        if (y < 0 || y >= g.h() || xx < 0 || xx >= g.w()) {
                                            continue;
                                        }
                                        s += x.data[((n * g.c() + c) * g.h() + y) * g.w() + xx]
                                                * w.data[((f * g.c() + c) * g.kh() + p) * g.kw() + q];
                                    }
                                }
                            }
                            o[((n * g.f() + f) * g.ho() + i) * g.wo() + j] = s;
                        }
                    }
                }
            }
            return new RefTensor(o, g.n(), g.f(), g.ho(), g.wo());
        }
    }

    // ================================================================== pooling

    private static int[] poolShape(String op, Tensor x, int k, int s) {
        if (x.shape.length != 4) {
            throw new ShapeException(op + ": expected input [batch, channels, height, width], got " + Shape.str(x.shape));
        }
        if (k < 1 || s < 1) {
            throw new IllegalArgumentException(op + ": kernel and stride must be >= 1, got " + k + " and " + s);
        }
        if (x.shape[2] < k || x.shape[3] < k) {
            throw new ShapeException(op + ": kernel " + k + " is larger than the input's " + x.shape[2] + "x"
                    + x.shape[3]);
        }
        return new int[] {x.shape[0], x.shape[1], (x.shape[2] - k) / s + 1, (x.shape[3] - k) / s + 1};
    }

    private static final class PoolNode extends Node {
        final boolean max;
        final int k, s;
        final int[] argmax; // for max pooling: flat input index of each output's winner

        PoolNode(Tensor x, boolean max, int k, int s, int[] argmax) {
            super(x);
            this.max = max;
            this.k = k;
            this.s = s;
            this.argmax = argmax;
        }

        @Override
        public Op op() {
            return max ? Op.MAX_POOL2D : Op.AVG_POOL2D;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            Tensor x = input(0);
            Tensor gd = Elementwise.dense(g);
            float[] gx = Workspace.floats(x.size);
            if (max) {
                for (int i = 0; i < argmax.length; i++) {
                    gx[argmax[i]] += gd.data[gd.offset + i];
                }
            } else {
                ConvKernels.avgPoolBackward(gd.data, gd.offset, gx, x.shape, g.shape, k, s);
            }
            return new Tensor[] {new Tensor(gx, x.shape.clone())};
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            RefTensor x = in[0];
            int n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
            int ho = (h - k) / s + 1, wo = (w - k) / s + 1;
            double[] o = new double[n * c * ho * wo];
            for (int nc = 0; nc < n * c; nc++) {
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        for (int p = 0; p < k; p++) {
                            for (int q = 0; q < k; q++) {
                                double v = x.data[(nc * h + i * s + p) * w + j * s + q];
                                acc = max ? Math.max(acc, v) : acc + v;
                            }
                        }
                        o[(nc * ho + i) * wo + j] = max ? acc : acc / (k * k);
                    }
                }
            }
            return new RefTensor(o, n, c, ho, wo);
        }
    }

    static Tensor maxPool2d(Tensor x, int k, int s) {
        int[] os = poolShape("maxPool2d", x, k, s);
        Tensor xd = Elementwise.dense(x);
        float[] out = Workspace.floats(Shape.numel(os));
        int[] arg = Workspace.uninitializedInts(out.length);
        ConvKernels.maxPool(xd.data, xd.offset, x.shape, os, k, s, out, arg);
        Tensor result = new Tensor(out, os);
        return Tensor.tracking(x) ? Tensor.record(result, new PoolNode(x, true, k, s, arg)) : result;
    }

    static Tensor avgPool2d(Tensor x, int k, int s) {
        int[] os = poolShape("avgPool2d", x, k, s);
        Tensor xd = Elementwise.dense(x);
        float[] out = Workspace.floats(Shape.numel(os));
        ConvKernels.avgPool(xd.data, xd.offset, x.shape, os, k, s, out);
        Tensor result = new Tensor(out, os);
        return Tensor.tracking(x) ? Tensor.record(result, new PoolNode(x, false, k, s, null)) : result;
    }

    static String describe(Tensor x) {
        return Arrays.toString(x.shape);
    }
}
