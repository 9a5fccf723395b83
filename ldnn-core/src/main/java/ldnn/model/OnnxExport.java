package ldnn.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ldnn.data.ImageStandardizer;
import ldnn.data.Preprocessor;
import ldnn.data.Standardizer;
import ldnn.io.AtomicFiles;
import ldnn.nn.Activation;
import ldnn.nn.BatchNorm;
import ldnn.nn.Conv2d;
import ldnn.nn.Dropout;
import ldnn.nn.Flatten;
import ldnn.nn.GlobalAvgPool;
import ldnn.nn.LayerNorm;
import ldnn.nn.Linear;
import ldnn.nn.Module;
import ldnn.nn.Pool2d;
import ldnn.nn.Residual;
import ldnn.nn.Sequential;
import ldnn.tensor.Tensor;

/**
 * Writes a model file as an ONNX graph (opset {@value #OPSET}, IR version {@value #IR_VERSION}) that
 * computes what {@code ldnn predict} does: the preprocessing saved with the model (standardization,
 * log(1+x) columns), every member of an ensemble, the mirror image averaged in when the model file
 * says so, and the class probabilities (softmax; an ensemble averages its members' probabilities).
 * Input "input" [N, ...the model's input shape] float; output "probabilities" [N, classes].
 *
 * <p>Layers: dense (MatMul + Add), conv (Conv), max and average pooling, global average pooling,
 * ReLU/tanh/sigmoid, flatten, dropout (Identity), batch norm (BatchNormalization with the running
 * statistics), layer norm (LayerNormalization), residual blocks (Add), embedding (Gather; the input is
 * then int64 ids [N, T]), LSTM (ONNX's LSTM, gates reordered from i, f, g, o to i, o, f, c) and RNN. A
 * stateful recurrent model's graph starts every input from a zero state (an ONNX graph keeps no state
 * between calls); text models output probabilities per time step [N, T, vocabulary]. The protobuf is written by {@link Protobuf} (no dependency); CI checks
 * every layer kind in ONNX Runtime against ldnn's own predictions.
 */
public final class OnnxExport {
    /** The ONNX operator set the graph uses (17: LayerNormalization). */
    public static final int OPSET = 17;
    /** The ONNX IR version written (8 goes with opset 17). */
    public static final int IR_VERSION = 8;

    private static final int FLOAT = 1, INT64 = 7, BOOL = 9;

    /** A model ldnn cannot (yet) express in ONNX: the message names the layer and why. */
    public static final class UnsupportedModelException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnsupportedModelException(String message) {
            super(message);
        }
    }

    private OnnxExport() {
    }

    /**
     * Writes the ONNX file atomically.
     *
     * @param file  where to write
     * @param model a loaded model file
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, ModelFile.Loaded model) throws IOException {
        byte[] bytes = export(model);
        AtomicFiles.write(file, bytes);
    }

    /**
     * The ONNX model as bytes.
     *
     * @param model a loaded model file
     * @return the serialized ModelProto
     */
    public static byte[] export(ModelFile.Loaded model) {
        ModelFile.Info info = model.info();
        Graph g = new Graph();
        g.ids = model.model().layers().get(0) instanceof ldnn.nn.Embedding;
        int[] shape = info.inputShape();
        String x = g.preprocess(model.preprocessor(), "input", shape);
        boolean mirror = info.mirrorAtTest();
        String flipped = null;
        if (mirror) {
            if (shape.length != 3) {
                throw new UnsupportedModelException("ldnn export: the model averages mirror images but its input shape "
                        + java.util.Arrays.toString(shape) + " is not an image [c, h, w]");
            }
            long[] rev = new long[shape[2]];
            for (int i = 0; i < rev.length; i++) {
                rev[i] = shape[2] - 1 - i;
            }
            flipped = g.node("Gather", List.of(x, g.constant("mirror_index", rev, rev.length)), Map.of("axis", 3L));
        }
        List<String> probs = new ArrayList<>();
        List<Sequential> members = model.members();
        for (int i = 0; i < members.size(); i++) {
            String p = g.node("Softmax", List.of(g.emit(members.get(i), x, shape)), Map.of("axis", -1L));
            if (mirror) {
                String pm = g.node("Softmax", List.of(g.emit(members.get(i), flipped, shape)), Map.of("axis", -1L));
                p = g.node("Mul", List.of(g.node("Add", List.of(p, pm), Map.of()), g.scalar(0.5f)), Map.of());
            }
            probs.add(p);
        }
        String out = probs.size() == 1 ? probs.get(0)
                : g.node("Mul", List.of(g.node("Sum", probs, Map.of()), g.scalar(1f / probs.size())), Map.of());
        g.node("Identity", List.of(out), Map.of(), "probabilities");
        return g.model(shape, ldnn.nn.ModelSpec.outputShape(members.get(0), shape), info);
    }

    /** The graph being built: nodes, initializers (each parameter once), fresh names. */
    private static final class Graph {
        final List<Protobuf> nodes = new ArrayList<>(), initializers = new ArrayList<>();
        final Map<Tensor, String> named = new IdentityHashMap<>();
        int next;
        boolean ids;

        String fresh(String op) {
            return op.toLowerCase(Locale.ROOT) + "_" + next++;
        }

        String node(String op, List<String> inputs, Map<String, Object> attrs) {
            return node(op, inputs, attrs, fresh(op));
        }

        String node(String op, List<String> inputs, Map<String, Object> attrs, String output) {
            Protobuf n = new Protobuf();
            for (String in : inputs) {
                n.string(1, in);
            }
            n.string(2, output).string(3, output).string(4, op);
            attrs.forEach((k, v) -> n.message(5, attribute(k, v)));
            nodes.add(n);
            return output;
        }

        static Protobuf attribute(String name, Object v) {
            Protobuf a = new Protobuf().string(1, name);
            if (v instanceof Long l) {
                a.integer(3, l).integer(20, 2);
            } else if (v instanceof Float f) {
                a.float32(2, f).integer(20, 1);
            } else if (v instanceof long[] ls) {
                a.packedLongs(8, ls).integer(20, 7);
            } else {
                throw new IllegalArgumentException("attribute " + name + ": " + v);
            }
            return a;
        }

        /** A float initializer of this shape. */
        String initializer(String name, float[] values, long... dims) {
            initializers.add(new Protobuf().packedLongs(1, dims).integer(2, FLOAT).string(8, name)
                    .bytes(9, Protobuf.raw(values)));
            return name;
        }

        String constant(String name, long[] values, long... dims) {
            initializers.add(new Protobuf().packedLongs(1, dims).integer(2, INT64).string(8, name)
                    .bytes(9, Protobuf.raw(values)));
            return name;
        }

        String scalar(float v) {
            return initializer(fresh("const"), new float[] {v});
        }

        /** A parameter as an initializer, once however often it is used (the mirror copy shares it). */
        String param(Tensor t, String name, long... dims) {
            String have = named.get(t);
            if (have != null) {
                return have;
            }
            long[] d = dims.length > 0 ? dims : java.util.Arrays.stream(t.shape()).asLongStream().toArray();
            named.put(t, initializer(name + "_" + next++, t.toArray(), d));
            return named.get(t);
        }

        /** Dense Wᵀ [in, out] as an initializer (once per weight). */
        String transposed(Linear l) {
            String have = named.get(l.weight());
            if (have != null) {
                return have;
            }
            int in = l.in(), out = l.out();
            float[] w = l.weight().toArray(), t = new float[w.length];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    t[i * out + o] = w[o * in + i];
                }
            }
            named.put(l.weight(), initializer("dense_weight_t_" + next++, t, in, out));
            return named.get(l.weight());
        }

        String preprocess(Preprocessor pre, String x, int[] shape) {
            if (pre == null) {
                return x;
            }
            if (pre instanceof ImageStandardizer is) {
                Tensor m = is.state().get("mean"), s = is.state().get("std");
                long[] dims = m.rank() == 1 ? new long[] {1, m.size(0), 1, 1}
                        : java.util.Arrays.stream(m.shape()).asLongStream().toArray();
                if (m.rank() != 1) {
                    dims = new long[] {1, m.size(0), m.size(1), m.size(2)};
                }
                String mean = initializer("preprocess_mean", m.toArray(), dims);
                String std = initializer("preprocess_std", s.toArray(), dims);
                return node("Div", List.of(node("Sub", List.of(x, mean), Map.of()), std), Map.of());
            }
            if (pre instanceof Standardizer st) {
                int d = st.mean().length;
                String v = x;
                if (shape.length != 1) {
                    throw new UnsupportedModelException("ldnn export: a column standardizer on inputs of shape "
                            + java.util.Arrays.toString(shape) + " (expected vectors)");
                }
                int[] logCols = st.logColumns();
                if (logCols.length > 0) {
                    // sign(x) * log(1 + |x|) on the log columns, x elsewhere
                    String slog = node("Mul", List.of(node("Sign", List.of(x), Map.of()), node("Log", List.of(node("Add",
                            List.of(node("Abs", List.of(x), Map.of()), scalar(1f)), Map.of())), Map.of())), Map.of());
                    float[] mask = new float[d];
                    for (int c : logCols) {
                        mask[c] = 1;
                    }
                    String m = initializer("preprocess_log_columns", mask, d);
                    // x + mask * (slog - x): exact where mask is 0 or 1
                    v = node("Add", List.of(x, node("Mul", List.of(m, node("Sub", List.of(slog, x), Map.of())), Map.of())),
                            Map.of());
                }
                String mean = initializer("preprocess_mean", st.mean(), d);
                String std = initializer("preprocess_std", st.std(), d);
                return node("Div", List.of(node("Sub", List.of(v, mean), Map.of()), std), Map.of());
            }
            throw new UnsupportedModelException("ldnn export: preprocessing '" + pre.kind() + "' has no ONNX form yet");
        }

        /** Appends the nodes of module m applied to x; returns the output's name. */
        String emit(Module m, String x, int[] shape) {
            if (m instanceof Sequential s) {
                String h = x;
                for (Module l : s.layers()) {
                    h = emit(l, h, shape);
                }
                return h;
            }
            if (m instanceof Linear l) {
                String y = node("MatMul", List.of(x, transposed(l)), Map.of());
                return l.bias() == null ? y : node("Add", List.of(y, param(l.bias(), "dense_bias")), Map.of());
            }
            if (m instanceof Conv2d c) {
                List<String> in = new ArrayList<>(List.of(x, param(c.weight(), "conv_weight")));
                if (c.bias() != null) {
                    in.add(param(c.bias(), "conv_bias"));
                }
                long k = c.kernel(), p = c.padding();
                return node("Conv", in, Map.of("kernel_shape", new long[] {k, k}, "strides", new long[] {c.stride(),
                        c.stride()}, "pads", new long[] {p, p, p, p}));
            }
            if (m instanceof Pool2d p) {
                return node(p.isMax() ? "MaxPool" : "AveragePool", List.of(x), Map.of("kernel_shape",
                        new long[] {p.kernel(), p.kernel()}, "strides", new long[] {p.stride(), p.stride()}));
            }
            if (m instanceof GlobalAvgPool) {
                return node("GlobalAveragePool", List.of(x), Map.of());
            }
            if (m instanceof Activation a) {
                String op = switch (a.kind()) {
                    case RELU -> "Relu";
                    case TANH -> "Tanh";
                    case SIGMOID -> "Sigmoid";
                };
                return node(op, List.of(x), Map.of());
            }
            if (m instanceof Flatten) {
                return node("Flatten", List.of(x), Map.of("axis", 1L));
            }
            if (m instanceof Dropout) {
                return node("Identity", List.of(x), Map.of());
            }
            if (m instanceof BatchNorm b) {
                return node("BatchNormalization", List.of(x, param(b.weight(), "bn_weight"), param(b.bias(), "bn_bias"),
                        param(b.runningMean(), "bn_running_mean"), param(b.runningVar(), "bn_running_var")),
                        Map.of("epsilon", (float) BatchNorm.EPS));
            }
            if (m instanceof LayerNorm ln) {
                Map<String, Tensor> p = ln.parameters();
                return node("LayerNormalization", List.of(x, param(p.get("weight"), "ln_weight"), param(p.get("bias"),
                        "ln_bias")), Map.of("axis", (long) -ln.normalizedShape().length, "epsilon", (float) LayerNorm.EPS));
            }
            if (m instanceof Residual r) {
                String y = emit(r.body(), x, shape);
                String skip = r.proj() == null ? x : emit(r.proj(), x, shape);
                return node("Add", List.of(y, skip), Map.of());
            }
            if (m instanceof ldnn.nn.Embedding e) {
                return node("Gather", List.of(param(e.parameters().get("weight"), "embedding"), x), Map.of("axis", 0L));
            }
            if (m instanceof ldnn.nn.LSTM l) {
                // ONNX Runtime runs recurrent ops time-major only (layout 0): [N, T, I] -> [T, N, I] and back
                String h = node("Transpose", List.of(x), Map.of("perm", new long[] {1, 0, 2}));
                int hid = l.hidden();
                for (int k = 0; k < l.layers(); k++) {
                    Tensor[] w = l.weights(k);
                    int in = w[0].size(1);
                    // ldnn's gate blocks i, f, g, o -> ONNX's i, o, f, c
                    int[] order = {0, 3, 1, 2};
                    float[] wi = gates(w[0].toArray(), order, hid, in), wr = gates(w[1].toArray(), order, hid, hid);
                    float[] b = new float[8 * hid];
                    System.arraycopy(gates(w[2].toArray(), order, hid, 1), 0, b, 0, 4 * hid);
                    String y = node("LSTM", List.of(h, initializer(fresh("lstm_w"), wi, 1, 4L * hid, in),
                            initializer(fresh("lstm_r"), wr, 1, 4L * hid, hid), initializer(fresh("lstm_b"), b, 1, 8L * hid)),
                            Map.of("hidden_size", (long) hid));
                    // Y [T, 1, N, H] -> [T, N, H]
                    h = node("Reshape", List.of(y, constant(fresh("shape"), new long[] {0, -1, hid}, 3)), Map.of());
                }
                h = node("Transpose", List.of(h), Map.of("perm", new long[] {1, 0, 2}));
                return l.lastOnly() ? last(h, shape) : h;
            }
            if (m instanceof ldnn.nn.RNN r) {
                Tensor[] w = r.weights();
                int hid = r.hidden(), in = w[0].size(1);
                float[] b = new float[2 * hid];
                System.arraycopy(w[2].toArray(), 0, b, 0, hid);
                String tx = node("Transpose", List.of(x), Map.of("perm", new long[] {1, 0, 2}));
                String y = node("RNN", List.of(tx, initializer(fresh("rnn_w"), w[0].toArray(), 1, hid, in),
                        initializer(fresh("rnn_r"), w[1].toArray(), 1, hid, hid), initializer(fresh("rnn_b"), b, 1, 2L * hid)),
                        Map.of("hidden_size", (long) hid));
                String h = node("Transpose", List.of(node("Reshape", List.of(y, constant(fresh("shape"),
                        new long[] {0, -1, hid}, 3)), Map.of())), Map.of("perm", new long[] {1, 0, 2}));
                return r.lastOnly() ? last(h, shape) : h;
            }
            if (m instanceof ldnn.nn.GRU gru) {
                // PyTorch's r, z, n blocks -> ONNX's z, r, h; linear_before_reset=1 is PyTorch's r * (h W_hn + b_hn)
                Tensor[] w = gru.weights();
                int hid = gru.hidden(), in = w[0].size(1);
                int[] order = {1, 0, 2};
                float[] b = new float[6 * hid];
                System.arraycopy(gates(w[2].toArray(), order, hid, 1), 0, b, 0, 3 * hid);
                System.arraycopy(gates(w[3].toArray(), order, hid, 1), 0, b, 3 * hid, 3 * hid);
                String tx = node("Transpose", List.of(x), Map.of("perm", new long[] {1, 0, 2}));
                String y = node("GRU", List.of(tx, initializer(fresh("gru_w"), gates(w[0].toArray(), order, hid, in), 1,
                        3L * hid, in), initializer(fresh("gru_r"), gates(w[1].toArray(), order, hid, hid), 1, 3L * hid, hid),
                        initializer(fresh("gru_b"), b, 1, 6L * hid)), Map.of("hidden_size", (long) hid,
                        "linear_before_reset", 1L));
                String h = node("Transpose", List.of(node("Reshape", List.of(y, constant(fresh("shape"),
                        new long[] {0, -1, hid}, 3)), Map.of())), Map.of("perm", new long[] {1, 0, 2}));
                return gru.lastOnly() ? last(h, shape) : h;
            }
            throw new UnsupportedModelException("ldnn export: layer '" + m.spec() + "' (" + m.getClass().getSimpleName()
                    + ") has no ONNX form yet");
        }

        /** The last time step of [N, T, H]: [N, H]. */
        String last(String h, int[] shape) {
            long t = shape[0];
            return node("Gather", List.of(h, constant(fresh("last_step"), new long[] {t - 1})), Map.of("axis", 1L));
        }

        /** Rows of a [k·h, cols] matrix (or a [k·h] vector with cols 1) in k gate blocks, reordered: block i is order[i]. */
        static float[] gates(float[] w, int[] order, int h, int cols) {
            float[] out = new float[w.length];
            for (int blk = 0; blk < order.length; blk++) {
                System.arraycopy(w, order[blk] * h * cols, out, blk * h * cols, h * cols);
            }
            return out;
        }

        static Protobuf valueInfo(String name, int elemType, Object... dims) {
            Protobuf shape = new Protobuf();
            for (Object d : dims) {
                Protobuf dim = new Protobuf();
                if (d instanceof String s) {
                    dim.string(2, s);
                } else {
                    dim.integer(1, ((Number) d).longValue());
                }
                shape.message(1, dim);
            }
            Protobuf tensor = new Protobuf().integer(1, elemType).message(2, shape);
            return new Protobuf().string(1, name).message(2, new Protobuf().message(1, tensor));
        }

        byte[] model(int[] shape, int[] outShape, ModelFile.Info info) {
            Protobuf graph = new Protobuf();
            nodes.forEach(n -> graph.message(1, n));
            graph.string(2, "ldnn");
            initializers.forEach(t -> graph.message(5, t));
            Object[] in = new Object[shape.length + 1];
            in[0] = "N";
            for (int i = 0; i < shape.length; i++) {
                in[i + 1] = shape[i];
            }
            graph.message(11, valueInfo("input", ids ? INT64 : FLOAT, in));
            Object[] out = new Object[outShape.length + 1];
            out[0] = "N";
            for (int i = 0; i < outShape.length; i++) {
                out[i + 1] = outShape[i];
            }
            graph.message(12, valueInfo("probabilities", FLOAT, out));
            Protobuf model = new Protobuf().integer(1, IR_VERSION).string(2, "ldnn").string(3, "0.1")
                    .message(7, graph).message(8, new Protobuf().string(1, "").integer(2, OPSET));
            model.message(14, new Protobuf().string(1, "ldnn.spec").string(2, info.spec()));
            model.message(14, new Protobuf().string(1, "ldnn.classes").string(2, String.join(",", info.classNames())));
            return model.toByteArray();
        }
    }
}
