package ldnn.tensor;

import ldnn.backend.Workspace;
import ldnn.autograd.Node;
import ldnn.backend.Vec;

/** Elementwise ops: forward, backward and double-precision reference of each, side by side. */
final class Pointwise {
    private Pointwise() {
    }

    // ================================================================== unary

    /** Each unary op: its fast forward, its gradient rule, and its reference in double. */
    enum Unary {
        NEG(Op.NEG) {
            void forward(float[] x, int xo, float[] y, int yo, int n) {
                Vec.neg(x, xo, y, yo, n);
            }

            Tensor backward(Tensor g, Tensor x, Tensor y) {
                return g.neg();
            }

            double ref(double x) {
                return -x;
            }
        },
        EXP(Op.EXP) {
            void forward(float[] x, int xo, float[] y, int yo, int n) {
                Vec.exp(x, xo, y, yo, n);
            }

            Tensor backward(Tensor g, Tensor x, Tensor y) {
                return g.mul(y);
            }

            double ref(double x) {
                return Math.exp(x);
            }
        },
        LOG(Op.LOG) {
            void forward(float[] x, int xo, float[] y, int yo, int n) {
                Vec.log(x, xo, y, yo, n);
            }

            Tensor backward(Tensor g, Tensor x, Tensor y) {
                return g.div(x);
            }

            double ref(double x) {
                return Math.log(x);
            }
        },
        LOG1P(Op.LOG1P) {
            void forward(float[] x, int xo, float[] y, int yo, int n) {
                Vec.log1p(x, xo, y, yo, n);
            }

            Tensor backward(Tensor g, Tensor x, Tensor y) {
                return g.div(x.add(1f));
            }

            double ref(double x) {
                return Math.log1p(x);
            }
        },
        SQRT(Op.SQRT) {
            void forward(float[] x, int xo, float[] y, int yo, int n) {
                Vec.sqrt(x, xo, y, yo, n);
            }

            Tensor backward(Tensor g, Tensor x, Tensor y) {
                return g.div(y.mul(2f));
            }

            double ref(double x) {
                return Math.sqrt(x);
            }
        },
        ABS(Op.ABS) {
            void forward(float[] x, int xo, float[] y, int yo, int n) {
                Vec.abs(x, xo, y, yo, n);
            }

            Tensor backward(Tensor g, Tensor x, Tensor y) {
                return g.mul(x.gt(0f).sub(x.lt(0f)));
            }

            double ref(double x) {
                return Math.abs(x);
            }
        },
        TANH(Op.TANH) {
            void forward(float[] x, int xo, float[] y, int yo, int n) {
                Vec.tanh(x, xo, y, yo, n);
            }

            Tensor backward(Tensor g, Tensor x, Tensor y) {
                Tensor gd = Elementwise.dense(g);
                float[] o = Workspace.uninitialized(y.size);
                Vec.tanhBackward(gd.data, gd.offset, y.data, y.offset, o, 0, o.length);
                return new Tensor(o, y.shape.clone());
            }

            double ref(double x) {
                return Math.tanh(x);
            }
        },
        SIGMOID(Op.SIGMOID) {
            void forward(float[] x, int xo, float[] y, int yo, int n) {
                Vec.sigmoid(x, xo, y, yo, n);
            }

            Tensor backward(Tensor g, Tensor x, Tensor y) {
                Tensor gd = Elementwise.dense(g);
                float[] o = Workspace.uninitialized(y.size);
                Vec.sigmoidBackward(gd.data, gd.offset, y.data, y.offset, o, 0, o.length);
                return new Tensor(o, y.shape.clone());
            }

            double ref(double x) {
                return 1 / (1 + Math.exp(-x));
            }
        },
        RELU(Op.RELU) {
            void forward(float[] x, int xo, float[] y, int yo, int n) {
                Vec.relu(x, xo, y, yo, n);
            }

            Tensor backward(Tensor g, Tensor x, Tensor y) {
                Tensor gd = Elementwise.dense(g), xd = Elementwise.dense(x);
                float[] o = Workspace.uninitialized(x.size);
                Vec.reluBackward(gd.data, gd.offset, xd.data, xd.offset, o, 0, o.length);
                return new Tensor(o, x.shape.clone());
            }

            double ref(double x) {
                return Math.max(x, 0);
            }
        };

        final Op op;

        Unary(Op op) {
            this.op = op;
        }

        abstract void forward(float[] x, int xo, float[] y, int yo, int n);

        /** Input gradient from output gradient g, input x and output y (y is contiguous). */
        abstract Tensor backward(Tensor g, Tensor x, Tensor y);

        abstract double ref(double x);

        static Unary of(Op op) {
            for (Unary u : values()) {
                if (u.op == op) {
                    return u;
                }
            }
            throw new IllegalArgumentException("not a unary op: " + op);
        }
    }

    private static final class UnaryNode extends Node {
        final Unary fn;
        final Tensor out;

        UnaryNode(Unary fn, Tensor x, Tensor out) {
            super(x);
            this.fn = fn;
            this.out = out.detach();
        }

        @Override
        public Op op() {
            return fn.op;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            return new Tensor[] {fn.backward(g, input(0), out)};
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            return in[0].map(fn::ref);
        }
    }

    static Tensor unary(Op op, Tensor x) {
        Unary fn = Unary.of(op);
        Tensor xd = Elementwise.dense(x);
        float[] y = Workspace.uninitialized(x.size);
        ldnn.backend.Parallel.forRange(y.length, Elementwise.PARALLEL_MIN,
                (lo, hi) -> fn.forward(xd.data, xd.offset + lo, y, lo, hi - lo));
        Tensor out = new Tensor(y, x.shape.clone());
        return Tensor.tracking(x) ? Tensor.record(out, new UnaryNode(fn, x, out)) : out;
    }

    // ================================================================== a ^ p, p constant

    private static final class PowScalarNode extends Node {
        final float p;

        PowScalarNode(Tensor x, float p) {
            super(x);
            this.p = p;
        }

        @Override
        public Op op() {
            return Op.POW_SCALAR;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            Tensor x = input(0);
            return new Tensor[] {g.mul(powRaw(x, p - 1f)).mul(p)};
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            return in[0].map(v -> Math.pow(v, p));
        }
    }

    private static Tensor powRaw(Tensor x, float p) {
        Tensor xd = Elementwise.dense(x);
        float[] y = Workspace.floats(x.size);
        if (p == 2f) {
            Vec.mul(xd.data, xd.offset, xd.data, xd.offset, y, 0, y.length);
        } else if (p == 1f) {
            System.arraycopy(xd.data, xd.offset, y, 0, y.length);
        } else if (p == 0.5f) {
            Vec.sqrt(xd.data, xd.offset, y, 0, y.length);
        } else {
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) Math.pow(xd.data[xd.offset + i], p);
            }
        }
        return new Tensor(y, x.shape.clone());
    }

    static Tensor powScalar(Tensor x, float p) {
        Tensor out = powRaw(x, p);
        return Tensor.tracking(x) ? Tensor.record(out, new PowScalarNode(x, p)) : out;
    }

    // ================================================================== binary, broadcasting

    private static final class BinaryNode extends Node {
        final Op op;
        final Tensor out;

        BinaryNode(Op op, Tensor a, Tensor b, Tensor out) {
            super(a, b);
            this.op = op;
            this.out = out.detach();
        }

        @Override
        public Op op() {
            return op;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            Tensor a = input(0), b = input(1);
            Tensor ga = null, gb = null;
            switch (op) {
                case ADD -> {
                    ga = g;
                    gb = g;
                }
                case SUB -> {
                    ga = g;
                    gb = needsGrad(1) ? g.neg() : null;
                }
                case MUL -> {
                    ga = needsGrad(0) ? g.mul(b) : null;
                    gb = needsGrad(1) ? g.mul(a) : null;
                }
                case DIV -> {
                    ga = needsGrad(0) ? g.div(b) : null;
                    gb = needsGrad(1) ? g.mul(out).div(b).neg() : null;
                }
                case POW -> {
                    ga = needsGrad(0) ? g.mul(b).mul(a.pow(b.sub(1f))) : null;
                    gb = needsGrad(1) ? g.mul(out).mul(a.log()) : null;
                }
                default -> throw new IllegalStateException(op.toString());
            }
            return new Tensor[] {
                ga == null || !needsGrad(0) ? null : Elementwise.sumTo(ga, a.shape),
                gb == null || !needsGrad(1) ? null : Elementwise.sumTo(gb, b.shape)};
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            return switch (op) {
                case ADD -> RefTensor.zip(in[0], in[1], Double::sum);
                case SUB -> RefTensor.zip(in[0], in[1], (x, y) -> x - y);
                case MUL -> RefTensor.zip(in[0], in[1], (x, y) -> x * y);
                case DIV -> RefTensor.zip(in[0], in[1], (x, y) -> x / y);
                case POW -> RefTensor.zip(in[0], in[1], Math::pow);
                default -> throw new IllegalStateException(op.toString());
            };
        }
    }

    static Tensor binary(Op op, Tensor a, Tensor b) {
        Elementwise.Fn fn = switch (op) {
            case ADD -> Elementwise.Fn.ADD;
            case SUB -> Elementwise.Fn.SUB;
            case MUL -> Elementwise.Fn.MUL;
            case DIV -> Elementwise.Fn.DIV;
            case POW -> Elementwise.Fn.POW;
            default -> throw new IllegalArgumentException("not a binary op: " + op);
        };
        Tensor out = Elementwise.binary(op.name().toLowerCase(java.util.Locale.ROOT), fn, a, b);
        return Tensor.tracking(a, b) ? Tensor.record(out, new BinaryNode(op, a, b, out)) : out;
    }

    // ================================================================== where

    private static final class WhereNode extends Node {
        final Tensor cond;

        WhereNode(Tensor cond, Tensor a, Tensor b) {
            super(a, b);
            this.cond = cond;
        }

        @Override
        public Op op() {
            return Op.WHERE;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            Tensor zero = Tensor.scalar(0f);
            Tensor ga = needsGrad(0) ? Elementwise.sumTo(where(cond, g, zero), input(0).shape) : null;
            Tensor gb = needsGrad(1) ? Elementwise.sumTo(where(cond, zero, g), input(1).shape) : null;
            return new Tensor[] {ga, gb};
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            RefTensor c = RefTensor.of(cond);
            int[] shape = Shape.broadcast("where", Shape.broadcast("where", c.shape, in[0].shape), in[1].shape);
            double[] o = new double[Shape.numel(shape)];
            int[] idx = new int[shape.length];
            for (int i = 0; i < o.length; i++) {
                o[i] = c.atBroadcast(idx) != 0 ? in[0].atBroadcast(idx) : in[1].atBroadcast(idx);
                RefTensor.increment(idx, shape);
            }
            return new RefTensor(o, shape);
        }
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast("where", Shape.broadcast("where", cond.shape, a.shape), b.shape);
        float[] c = Views.expand(cond, shape).toArray();
        float[] x = Views.expand(a.detach(), shape).toArray();
        float[] y = Views.expand(b.detach(), shape).toArray();
        for (int i = 0; i < c.length; i++) {
            c[i] = c[i] != 0f ? x[i] : y[i];
        }
        Tensor out = new Tensor(c, shape);
        return Tensor.tracking(a, b) ? Tensor.record(out, new WhereNode(cond.detach(), a, b)) : out;
    }

    // ================================================================== dropout

    private static final class DropoutNode extends Node {
        final float[] mask;

        DropoutNode(Tensor x, float[] mask) {
            super(x);
            this.mask = mask;
        }

        @Override
        public Op op() {
            return Op.DROPOUT;
        }

        @Override
        public Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(new Tensor(mask, input(0).shape.clone()))};
        }

        @Override
        public RefTensor reference(RefTensor[] in) {
            double[] o = new double[mask.length];
            for (int i = 0; i < o.length; i++) {
                o[i] = in[0].data[i] * mask[i];
            }
            return new RefTensor(o, in[0].shape);
        }
    }

    static Tensor dropout(Tensor x, float p, Rng rng) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout: probability must be in [0, 1), got " + p);
        }
        if (p == 0f) {
            return x;
        }
        float keep = 1f / (1f - p);
        float[] mask = Workspace.uninitialized(x.size);
        // two 24-bit uniforms u from each 64-bit draw; kept iff u >= t, computed without a branch
        // (a random 50/50 branch would be mispredicted half the time)
        long t = (long) Math.ceil(p * (double) (1 << 24));
        int i = 0;
        for (; i + 1 < mask.length; i += 2) {
            long r = rng.nextLong();
            mask[i] = keep * ((t - 1 - (r >>> 40)) >>> 63);
            mask[i + 1] = keep * ((t - 1 - ((r >>> 8) & 0xFFFFFF)) >>> 63);
        }
        if (i < mask.length) {
            mask[i] = rng.nextFloat() >= p ? keep : 0f;
        }
        Tensor xd = Elementwise.dense(x);
        float[] y = Workspace.uninitialized(x.size);
        Vec.mul(xd.data, xd.offset, mask, 0, y, 0, y.length);
        Tensor out = new Tensor(y, x.shape.clone());
        return Tensor.tracking(x) ? Tensor.record(out, new DropoutNode(x, mask)) : out;
    }
}
