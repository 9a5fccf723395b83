package ldnn.check;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Op;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * Gradient-check cases for every entry of the op table {@link Op}: plain, broadcasting and strided
 * (transposed, sliced) inputs. CI runs all of them through {@link GradCheck}; {@code ldnn gradcheck ops}
 * does the same from the command line.
 */
public final class OpCases {
    private OpCases() {
    }

    /** One case: named inputs (leaves with requiresGrad) and the function applying the op to them. */
    public record Case(Op op, String label, Function<Rng, List<Tensor>> inputs, Function<List<Tensor>, Tensor> apply) {
        /** Builds the inputs from {@code seed}, applies the op and gradient-checks it. */
        public GradCheck.Report run(long seed) {
            Rng rng = new Rng(seed);
            List<Tensor> in = inputs.apply(rng);
            for (int i = 0; i < in.size(); i++) {
                if (in.get(i).name() == null) {
                    in.get(i).name(op.name().toLowerCase(java.util.Locale.ROOT) + " input " + i);
                }
            }
            Map<String, Tensor> named = new java.util.LinkedHashMap<>();
            for (Tensor t : in) {
                named.put(t.name(), t);
            }
            return GradCheck.check(() -> apply.apply(in), named, GradCheck.Options.defaults().withMaxEntries(200));
        }

        @Override
        public String toString() {
            return op + " " + label;
        }
    }

    // ------------------------------------------------------------------ input makers

    /** Normal values, requiring grad. */
    static Tensor p(Rng r, int... shape) {
        return Tensor.randn(r, shape).requiresGrad(true);
    }

    /** Values in [lo, hi). */
    static Tensor u(Rng r, float lo, float hi, int... shape) {
        Tensor t = Tensor.rand(r, shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * d[i];
        }
        return t.requiresGrad(true);
    }

    /** Normal values kept at least 0.1 away from 0 (for kinks at zero: abs, relu). */
    static Tensor awayFromZero(Rng r, int... shape) {
        Tensor t = Tensor.randn(r, shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = d[i] >= 0 ? d[i] + 0.1f : d[i] - 0.1f;
        }
        return t.requiresGrad(true);
    }

    static IntTensor classes(Rng r, int n, int c, int... shape) {
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextInt(c);
        }
        return new IntTensor(d, shape);
    }

    // ------------------------------------------------------------------ the cases

    /** A case for every differentiable op (at least one per {@link Op} entry; CI checks that none is missing). */
    public static List<Case> all() {
        List<Case> c = new ArrayList<>();
        // binary, broadcasting
        c.add(new Case(Op.ADD, "same shape", r -> List.of(p(r, 3, 4), p(r, 3, 4)), x -> x.get(0).add(x.get(1))));
        c.add(new Case(Op.ADD, "broadcast [2,1,4]+[3,1]", r -> List.of(p(r, 2, 1, 4), p(r, 3, 1)),
                x -> x.get(0).add(x.get(1))));
        c.add(new Case(Op.ADD, "strided: a^T + bias row", r -> List.of(p(r, 4, 3), p(r, 4)),
                x -> x.get(0).t().add(x.get(1))));
        c.add(new Case(Op.SUB, "broadcast [3,4]-[4]", r -> List.of(p(r, 3, 4), p(r, 4)), x -> x.get(0).sub(x.get(1))));
        c.add(new Case(Op.SUB, "scalar - strided", r -> List.of(p(r, 1), p(r, 5, 3)),
                x -> x.get(0).sub(x.get(1).slice(0, 0, 5, 2))));
        c.add(new Case(Op.MUL, "broadcast [3,1]*[1,4]", r -> List.of(p(r, 3, 1), p(r, 1, 4)),
                x -> x.get(0).mul(x.get(1))));
        c.add(new Case(Op.MUL, "strided x strided", r -> List.of(p(r, 4, 3), p(r, 3, 4)),
                x -> x.get(0).t().mul(x.get(1))));
        c.add(new Case(Op.DIV, "broadcast [2,3]/[3]", r -> List.of(p(r, 2, 3), u(r, 0.5f, 2f, 3)),
                x -> x.get(0).div(x.get(1))));
        c.add(new Case(Op.POW, "a^b broadcast", r -> List.of(u(r, 0.5f, 2f, 2, 3), u(r, -1.5f, 1.5f, 3)),
                x -> x.get(0).pow(x.get(1))));
        c.add(new Case(Op.POW_SCALAR, "a^3", r -> List.of(p(r, 3, 4)), x -> x.get(0).pow(3f)));
        c.add(new Case(Op.POW_SCALAR, "a^2 strided", r -> List.of(p(r, 4, 3)), x -> x.get(0).t().pow(2f)));
        c.add(new Case(Op.POW_SCALAR, "a^-0.5", r -> List.of(u(r, 0.5f, 2f, 5)), x -> x.get(0).pow(-0.5f)));
        // unary
        c.add(new Case(Op.NEG, "neg", r -> List.of(p(r, 3, 4)), x -> x.get(0).neg()));
        c.add(new Case(Op.EXP, "exp strided", r -> List.of(p(r, 4, 3)), x -> x.get(0).t().exp()));
        c.add(new Case(Op.LOG, "log", r -> List.of(u(r, 0.2f, 3f, 3, 4)), x -> x.get(0).log()));
        c.add(new Case(Op.LOG1P, "log1p", r -> List.of(u(r, -0.5f, 3f, 3, 4)), x -> x.get(0).log1p()));
        c.add(new Case(Op.SQRT, "sqrt", r -> List.of(u(r, 0.2f, 3f, 3, 4)), x -> x.get(0).sqrt()));
        c.add(new Case(Op.ABS, "abs", r -> List.of(awayFromZero(r, 3, 4)), x -> x.get(0).abs()));
        c.add(new Case(Op.TANH, "tanh", r -> List.of(p(r, 3, 40)), x -> x.get(0).tanh()));
        c.add(new Case(Op.SIGMOID, "sigmoid", r -> List.of(p(r, 3, 40)), x -> x.get(0).sigmoid()));
        c.add(new Case(Op.RELU, "relu strided", r -> List.of(awayFromZero(r, 40, 3)), x -> x.get(0).t().relu()));
        c.add(new Case(Op.WHERE, "where, broadcast", r -> List.of(p(r, 3, 4), p(r, 4)),
                x -> Tensor.where(x.get(0).gt(0f), x.get(0), x.get(1))));
        c.add(new Case(Op.DROPOUT, "p=0.3", r -> List.of(p(r, 4, 20)), x -> x.get(0).dropout(0.3f, new Rng(7))));
        // reductions
        c.add(new Case(Op.SUM, "all", r -> List.of(p(r, 3, 4)), x -> x.get(0).sum()));
        c.add(new Case(Op.SUM, "axis 0 of strided", r -> List.of(p(r, 4, 3)), x -> x.get(0).t().sum(false, 0)));
        c.add(new Case(Op.SUM, "axes 0,2 keepDim", r -> List.of(p(r, 2, 3, 4)), x -> x.get(0).sum(true, 0, 2)));
        c.add(new Case(Op.MEAN, "axis -1", r -> List.of(p(r, 2, 3, 4)), x -> x.get(0).mean(false, -1)));
        c.add(new Case(Op.MEAN, "all", r -> List.of(p(r, 5, 3)), x -> x.get(0).mean()));
        c.add(new Case(Op.MAX, "axis 1", r -> List.of(p(r, 3, 5)), x -> x.get(0).max(false, 1)));
        c.add(new Case(Op.MAX, "all of strided", r -> List.of(p(r, 3, 5)), x -> x.get(0).t().max()));
        c.add(new Case(Op.MIN, "axes 0,1 keepDim", r -> List.of(p(r, 3, 4, 2)), x -> x.get(0).min(true, 0, 1)));
        // views and copies
        c.add(new Case(Op.RESHAPE, "contiguous", r -> List.of(p(r, 3, 4)), x -> x.get(0).reshape(2, -1, 2).mul(x.get(0).reshape(2, 3, 2))));
        c.add(new Case(Op.RESHAPE, "of a transpose (copies)", r -> List.of(p(r, 3, 4)), x -> x.get(0).t().reshape(12)));
        c.add(new Case(Op.PERMUTE, "3-d", r -> List.of(p(r, 2, 3, 4)), x -> x.get(0).permute(2, 0, 1)));
        c.add(new Case(Op.SLICE, "step 2", r -> List.of(p(r, 7, 3)), x -> x.get(0).slice(0, 1, 7, 2)));
        c.add(new Case(Op.SLICE, "negative start, axis 1", r -> List.of(p(r, 3, 6)), x -> x.get(0).slice(1, -4, 6)));
        c.add(new Case(Op.EXPAND, "[3,1] to [2,3,4]", r -> List.of(p(r, 3, 1)), x -> x.get(0).expand(2, 3, 4)));
        c.add(new Case(Op.CONTIGUOUS, "of a transpose", r -> List.of(p(r, 3, 4)), x -> x.get(0).t().contiguous()));
        c.add(new Case(Op.CONCAT, "axis 1, strided part", r -> List.of(p(r, 2, 3), p(r, 4, 2)),
                x -> Tensor.concat(List.of(x.get(0), x.get(1).t()), 1)));
        c.add(new Case(Op.CONCAT, "axis 0", r -> List.of(p(r, 2, 3), p(r, 1, 3)),
                x -> Tensor.concat(List.of(x.get(0), x.get(1)), 0)));
        // linear algebra
        c.add(new Case(Op.MATMUL, "[3,4]x[4,5]", r -> List.of(p(r, 3, 4), p(r, 4, 5)), x -> x.get(0).matmul(x.get(1))));
        c.add(new Case(Op.MATMUL, "transposed operands", r -> List.of(p(r, 4, 3), p(r, 5, 4)),
                x -> x.get(0).t().matmul(x.get(1).t())));
        c.add(new Case(Op.MATMUL, "sliced operand (copied)", r -> List.of(p(r, 3, 8), p(r, 4, 5)),
                x -> x.get(0).slice(1, 0, 8, 2).matmul(x.get(1))));
        c.add(new Case(Op.MATMUL, "batched [2,3,4]x[2,4,5]", r -> List.of(p(r, 2, 3, 4), p(r, 2, 4, 5)),
                x -> x.get(0).matmul(x.get(1))));
        c.add(new Case(Op.MATMUL, "batch broadcast [1,3,4]x[2,4,5]", r -> List.of(p(r, 1, 3, 4), p(r, 2, 4, 5)),
                x -> x.get(0).matmul(x.get(1))));
        c.add(new Case(Op.MATMUL, "[2,3,4]x[4,5] folds the batch", r -> List.of(p(r, 2, 3, 4), p(r, 4, 5)),
                x -> x.get(0).matmul(x.get(1))));
        // neural-network ops
        c.add(new Case(Op.SOFTMAX, "rows", r -> List.of(p(r, 3, 5)), x -> x.get(0).softmax()));
        c.add(new Case(Op.LOG_SOFTMAX, "3-d", r -> List.of(p(r, 2, 3, 5)), x -> x.get(0).logSoftmax()));
        c.add(new Case(Op.SOFTMAX_CROSS_ENTROPY, "class targets", r -> List.of(p(r, 6, 5)),
                x -> x.get(0).crossEntropy(classes(new Rng(3), 6, 5, 6))));
        c.add(new Case(Op.SOFTMAX_CROSS_ENTROPY, "per time step [2,3,5]", r -> List.of(p(r, 2, 3, 5)),
                x -> x.get(0).crossEntropy(classes(new Rng(4), 6, 5, 2, 3))));
        c.add(new Case(Op.SOFTMAX_CROSS_ENTROPY, "probability targets", r -> List.of(p(r, 4, 5)),
                x -> x.get(0).crossEntropy(Tensor.rand(new Rng(5), 4, 5).softmax())));
        c.add(new Case(Op.MSE, "both sides", r -> List.of(p(r, 4, 3), p(r, 4, 3)), x -> x.get(0).mse(x.get(1))));
        c.add(new Case(Op.BCE_WITH_LOGITS, "soft targets", r -> List.of(p(r, 4, 3)),
                x -> x.get(0).mul(3f).bceWithLogits(Tensor.rand(new Rng(6), 4, 3))));
        c.add(new Case(Op.EMBEDDING, "repeated indices", r -> List.of(p(r, 6, 3)),
                x -> x.get(0).embedding(new IntTensor(new int[] {0, 5, 2, 2, 1, 5, 0, 3}, 2, 4))));
        c.add(new Case(Op.CONV2D, "3x3 pad 1 with bias", r -> List.of(p(r, 2, 3, 6, 6), p(r, 4, 3, 3, 3), p(r, 4)),
                x -> x.get(0).conv2d(x.get(1), x.get(2), 1, 1)));
        c.add(new Case(Op.CONV2D, "5x5 stride 2 no bias", r -> List.of(p(r, 2, 2, 9, 9), p(r, 3, 2, 5, 5)),
                x -> x.get(0).conv2d(x.get(1), null, 2, 0)));
        c.add(new Case(Op.CONV2D, "5x5 pad 2, 1 channel", r -> List.of(p(r, 3, 1, 7, 7), p(r, 2, 1, 5, 5), p(r, 2)),
                x -> x.get(0).conv2d(x.get(1), x.get(2), 1, 2)));
        c.add(new Case(Op.MAX_POOL2D, "2x2 stride 2", r -> List.of(p(r, 2, 2, 6, 6)), x -> x.get(0).maxPool2d(2, 2)));
        c.add(new Case(Op.MAX_POOL2D, "3x3 stride 2 overlapping", r -> List.of(p(r, 1, 2, 7, 7)),
                x -> x.get(0).maxPool2d(3, 2)));
        c.add(new Case(Op.AVG_POOL2D, "2x2 stride 2", r -> List.of(p(r, 2, 2, 6, 6)), x -> x.get(0).avgPool2d(2, 2)));
        c.add(new Case(Op.AVG_POOL2D, "3x3 stride 1", r -> List.of(p(r, 1, 2, 5, 5)), x -> x.get(0).avgPool2d(3, 1)));
        c.add(new Case(Op.BATCH_NORM, "features [5, 3]", r -> List.of(p(r, 5, 3), p(r, 3), p(r, 3)),
                x -> x.get(0).mul(2f).add(1f).batchNorm(x.get(1), x.get(2), 1e-5, null, null)));
        c.add(new Case(Op.BATCH_NORM, "images [3, 2, 3, 4]", r -> List.of(p(r, 3, 2, 3, 4), p(r, 2), p(r, 2)),
                x -> x.get(0).batchNorm(x.get(1), x.get(2), 1e-5, null, null)));
        c.add(new Case(Op.BATCH_NORM, "a transposed input", r -> List.of(p(r, 3, 6), p(r, 6), p(r, 6)),
                x -> x.get(0).t().contiguous().t().batchNorm(x.get(1), x.get(2), 1e-5, null, null)));
        c.add(new Case(Op.LSTM, "B2 T3 E3 H4, all inputs", r -> List.of(p(r, 2, 3, 3), p(r, 2, 4), p(r, 2, 4),
                u(r, -0.5f, 0.5f, 16, 3), u(r, -0.5f, 0.5f, 16, 4), p(r, 16)),
                x -> ldnn.tensor.Recurrent.lstm(x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), x.get(5)).y()));
        c.add(new Case(Op.LSTM, "H=20 (vector lanes + tail), T=5", r -> List.of(p(r, 3, 5, 2), p(r, 3, 20), p(r, 3, 20),
                u(r, -0.3f, 0.3f, 80, 2), u(r, -0.3f, 0.3f, 80, 20), p(r, 80)),
                x -> ldnn.tensor.Recurrent.lstm(x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), x.get(5)).y()));
        return c;
    }

    /** Cases grouped by op, every op present. */
    public static Map<Op, List<Case>> byOp() {
        Map<Op, List<Case>> m = new EnumMap<>(Op.class);
        for (Case k : all()) {
            m.computeIfAbsent(k.op(), o -> new ArrayList<>()).add(k);
        }
        return m;
    }
}
