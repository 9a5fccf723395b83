package ldnn.tensor;

import ldnn.backend.Workspace;
import ldnn.autograd.Node;
import ldnn.backend.Blas;
import ldnn.backend.LstmKernels;
import ldnn.backend.Vec;

/**
 * A whole LSTM layer over a sequence as one fused op (one node on the tape), for speed: the input
 * projections of all time steps are one GEMM, each step adds h·W_hhᵀ in place, and backward computes
 * the weight gradients of all steps as single GEMMs. Gate order i, f, g, o (as PyTorch).
 */
public final class Recurrent {
    private Recurrent() {
    }

    /** Output sequence y [B, T, H] (recorded) and the final cell state (a constant, for carrying state). */
    public record LstmOutput(Tensor y, Tensor lastH, Tensor lastC) {
    }

    /**
     * A one-layer LSTM over a whole sequence with PyTorch's gate order (input, forget, cell, output), its
     * backward through time recorded as one node.
     *
     * @param x   [B, T, E] input sequence (batch first)
     * @param h0  [B, H] initial hidden state
     * @param c0  [B, H] initial cell state
     * @param wIh [4H, E] input weights
     * @param wHh [4H, H] recurrent weights
     * @param bias [4H] bias
     * @return the output sequence and the last hidden and cell states
     */
    public static LstmOutput lstm(Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bias) {
        if (x.shape.length != 3) {
            throw new ShapeException("lstm: expected input [batch, time, features], got " + Shape.str(x.shape));
        }
        int b = x.shape[0], t = x.shape[1], e = x.shape[2];
        int h4 = wIh.shape.length == 2 ? wIh.shape[0] : -1, hd = h4 / 4;
        if (wIh.shape.length != 2 || h4 % 4 != 0 || wIh.shape[1] != e) {
            throw new ShapeException("lstm: expected input weights [4*hidden, " + e + "], got " + Shape.str(wIh.shape));
        }
        expect("recurrent weights", wHh, h4, hd);
        expect("bias", bias, h4);
        expect("h0", h0, b, hd);
        expect("c0", c0, b, hd);
        Forward f = new Forward(b, t, e, hd);
        f.run(Elementwise.dense(x), Elementwise.dense(h0), Elementwise.dense(c0), Elementwise.dense(wIh),
                Elementwise.dense(wHh), Elementwise.dense(bias));
        Tensor y = new Tensor(f.y, new int[] {b, t, hd});
        float[] lastC = new float[b * hd], lastH = new float[b * hd];
        for (int i = 0; i < b; i++) {
            System.arraycopy(f.c, (i * t + t - 1) * hd, lastC, i * hd, hd);
            System.arraycopy(f.y, (i * t + t - 1) * hd, lastH, i * hd, hd);
        }
        if (Tensor.tracking(x, h0, c0, wIh, wHh, bias)) {
            Tensor.record(y, new LstmNode(x, h0, c0, wIh, wHh, bias, f));
        }
        return new LstmOutput(y, new Tensor(lastH, new int[] {b, hd}), new Tensor(lastC, new int[] {b, hd}));
    }

    private static void expect(String what, Tensor t, int... shape) {
        if (!java.util.Arrays.equals(t.shape, shape)) {
            throw new ShapeException("lstm: expected " + what + " of shape " + Shape.str(shape) + ", got "
                    + Shape.str(t.shape));
        }
    }

    /** The forward computation, keeping what backward needs: activated gates and cell states. */
    private static final class Forward {
        final int b, t, e, hd;
        final float[] gates, c, y;

        Forward(int b, int t, int e, int hd) {
            this.b = b;
            this.t = t;
            this.e = e;
            this.hd = hd;
            gates = Workspace.floats(b * t * 4 * hd);
            c = Workspace.floats(b * t * hd);
            y = Workspace.floats(b * t * hd);
        }

        void run(Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bias) {
            Blas blas = Blas.get();
            int h4 = 4 * hd;
            // all input projections at once: gates[B*T, 4H] = x[B*T, E] . wIh^T + bias
            for (int r = 0; r < b * t; r++) {
                System.arraycopy(bias.data, bias.offset, gates, r * h4, h4);
            }
            blas.sgemm(false, true, b * t, h4, e, 1f, x.data, x.offset, e, wIh.data, wIh.offset, e, 1f, gates, 0, h4);
            for (int s = 0; s < t; s++) {
                // gates[:, s] += h_{s-1} . wHh^T   (rows strided by T*4H; h rows strided by T*H)
                if (s == 0) {
                    blas.sgemm(false, true, b, h4, hd, 1f, h0.data, h0.offset, hd, wHh.data, wHh.offset, hd, 1f,
                            gates, 0, t * h4);
                } else {
                    blas.sgemm(false, true, b, h4, hd, 1f, y, (s - 1) * hd, t * hd, wHh.data, wHh.offset, hd, 1f,
                            gates, s * h4, t * h4);
                }
                for (int i = 0; i < b; i++) {
                    int row = i * t + s;
                    float[] cp = s == 0 ? c0.data : c;
                    int cpo = s == 0 ? c0.offset + i * hd : (row - 1) * hd;
                    LstmKernels.forward(gates, row * h4, cp, cpo, c, row * hd, y, row * hd, hd);
                }
            }
        }
    }

    private static final class LstmNode extends Node {
        final Forward f;

        LstmNode(Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bias, Forward f) {
            super(x, h0, c0, wIh, wHh, bias);
            this.f = f;
        }

        @Override
        public Op op() {
            return Op.LSTM;
        }

        @Override
        public Tensor[] backward(Tensor gy) {
            int b = f.b, t = f.t, e = f.e, hd = f.hd, h4 = 4 * hd;
            Tensor dy = Elementwise.dense(gy);
            Tensor x = Elementwise.dense(input(0)), h0 = Elementwise.dense(input(1)), c0 = Elementwise.dense(input(2));
            Tensor wIh = Elementwise.dense(input(3)), wHh = Elementwise.dense(input(4));
            Blas blas = Blas.get();
            float[] dGates = Workspace.floats(b * t * h4);
            float[] dh = Workspace.floats(b * hd);       // total gradient reaching h_s
            float[] dhRec = Workspace.floats(b * hd);    // part coming from step s+1 through wHh
            float[] dcNext = Workspace.floats(b * hd), dcPrev = Workspace.floats(b * hd);
            for (int s = t - 1; s >= 0; s--) {
                for (int i = 0; i < b; i++) {
                    int row = i * t + s;
                    Vec.add(dy.data, dy.offset + row * hd, dhRec, i * hd, dh, i * hd, hd);
                    float[] cp = s == 0 ? c0.data : f.c;
                    int cpo = s == 0 ? c0.offset + i * hd : (row - 1) * hd;
                    LstmKernels.backward(f.gates, row * h4, cp, cpo, f.c, row * hd, dh, i * hd, dcNext, i * hd,
                            dGates, row * h4, dcPrev, i * hd, hd);
                }
                System.arraycopy(dcPrev, 0, dcNext, 0, dcNext.length);
                // dhRec[B, H] = dGates[:, s] . wHh  (the gradient flowing to h_{s-1})
                blas.sgemm(false, false, b, hd, h4, 1f, dGates, s * h4, t * h4, wHh.data, wHh.offset, hd, 0f,
                        dhRec, 0, hd);
            }
            Tensor[] out = new Tensor[6];
            if (needsGrad(0)) { // dx[B*T, E] = dGates . wIh
                float[] dx = Workspace.floats(b * t * e);
                blas.sgemm(false, false, b * t, e, h4, 1f, dGates, 0, h4, wIh.data, wIh.offset, e, 0f, dx, 0, e);
                out[0] = new Tensor(dx, input(0).shape.clone());
            }
            if (needsGrad(1)) {
                out[1] = new Tensor(dhRec.clone(), input(1).shape.clone());
            }
            if (needsGrad(2)) {
                out[2] = new Tensor(dcNext.clone(), input(2).shape.clone());
            }
            if (needsGrad(3)) { // dWih[4H, E] = dGates^T . x
                float[] dw = Workspace.floats(h4 * e);
                blas.sgemm(true, false, h4, e, b * t, 1f, dGates, 0, h4, x.data, x.offset, e, 0f, dw, 0, e);
                out[3] = new Tensor(dw, input(3).shape.clone());
            }
            if (needsGrad(4)) { // dWhh[4H, H] = dGates^T . hPrev, hPrev rows = h_{s-1} (h0 at s = 0)
                float[] hPrev = Workspace.floats(b * t * hd);
                for (int i = 0; i < b; i++) {
                    System.arraycopy(h0.data, h0.offset + i * hd, hPrev, i * t * hd, hd);
                    System.arraycopy(f.y, i * t * hd, hPrev, (i * t + 1) * hd, (t - 1) * hd);
                }
                float[] dw = Workspace.floats(h4 * hd);
                blas.sgemm(true, false, h4, hd, b * t, 1f, dGates, 0, h4, hPrev, 0, hd, 0f, dw, 0, hd);
                out[4] = new Tensor(dw, input(4).shape.clone());
            }
            if (needsGrad(5)) {
                float[] db = Workspace.floats(h4);
                for (int r = 0; r < b * t; r++) {
                    Vec.add(db, 0, dGates, r * h4, db, 0, h4);
                }
                out[5] = new Tensor(db, new int[] {h4});
            }
            return out;
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            int b = f.b, t = f.t, e = f.e, hd = f.hd, h4 = 4 * hd;
            double[] x = in[0].data, wIh = in[3].data, wHh = in[4].data, bias = in[5].data;
            double[] h = in[1].data.clone(), c = in[2].data.clone();
            double[] y = new double[b * t * hd];
            for (int s = 0; s < t; s++) {
                double[] hn = new double[b * hd], cn = new double[b * hd];
                for (int i = 0; i < b; i++) {
                    double[] z = new double[h4];
                    for (int k = 0; k < h4; k++) {
                        double v = bias[k];
                        for (int q = 0; q < e; q++) {
                            v += wIh[k * e + q] * x[(i * t + s) * e + q];
                        }
                        for (int q = 0; q < hd; q++) {
                            v += wHh[k * hd + q] * h[i * hd + q];
                        }
                        z[k] = v;
                    }
                    for (int j = 0; j < hd; j++) {
                        double ig = 1 / (1 + Math.exp(-z[j])), fg = 1 / (1 + Math.exp(-z[hd + j]));
                        double gg = Math.tanh(z[2 * hd + j]), og = 1 / (1 + Math.exp(-z[3 * hd + j]));
                        cn[i * hd + j] = fg * c[i * hd + j] + ig * gg;
                        hn[i * hd + j] = og * Math.tanh(cn[i * hd + j]);
                        y[(i * t + s) * hd + j] = hn[i * hd + j];
                    }
                }
                h = hn;
                c = cn;
            }
            return new RefTensor(y, b, t, hd);
        }
    }
}
