package ldnn.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The layers of the model spec language, one entry each: the names a spec may use, how to write it,
 * the options it takes, and how it is built from its token and the shape of what comes before it.
 * Adding a layer to the language is one entry here plus the layer class.
 *
 * <p>The language's defaults live in the builders: hidden dense and conv layers get a ReLU unless an
 * activation follows (a conv followed by a max pool gets it after the pool, which is the same function
 * for a quarter of the work); the last layer stays linear (it produces logits); a dense after image
 * features flattens them first.
 */
public record LayerKind(List<String> names, String usage, int positional, Set<String> options, Builder builder) {

    /** Adds the layer(s) of one token to the model being built. */
    @FunctionalInterface
    interface Builder {
        void add(ModelSpec.Token t, Building b);
    }

    /** Every layer kind, in the order the spec language documents them. */
    public static final List<LayerKind> KINDS = List.of(
            new LayerKind(List.of("dense", "linear"), "dense(n[,bias=false])   linear(n) is the same; no bias before bn", 1,
                    Set.of("bias"),
                    LayerKind::dense),
            new LayerKind(List.of("conv"), "conv(c,k[,stride=s][,pad=p][,bias=false])   pad k/2 by default (\"same\")", 2, Set.of("stride", "pad", "bias"), LayerKind::conv),
            new LayerKind(List.of("pool", "maxpool", "avgpool"), "pool(k[,stride=s])   avgpool(k[,stride=s])",
                    1, Set.of("stride"), LayerKind::pool),
            new LayerKind(List.of("relu"), "relu", 0, Set.of(), (t, b) -> b.layers.add(Activation.relu())),
            new LayerKind(List.of("tanh"), "tanh", 0, Set.of(), (t, b) -> b.layers.add(Activation.tanh())),
            new LayerKind(List.of("sigmoid"), "sigmoid", 0, Set.of(), (t, b) -> b.layers.add(Activation.sigmoid())),
            new LayerKind(List.of("flatten"), "flatten", 0, Set.of(), (t, b) -> b.flatten()),
            new LayerKind(List.of("dropout"), "dropout(p)", 1, Set.of(),
                    (t, b) -> b.layers.add(new Dropout(t.fraction(0, b.spec, "the drop probability")))),
            new LayerKind(List.of("embed"), "embed(d)   vocabulary from the data", 1, Set.of(), LayerKind::embed),
            new LayerKind(List.of("lstm"), "lstm(h[,layers=n][,forget_bias=b][,stateful=true][,last=true])",
                    1, Set.of("layers", "forget_bias", "stateful", "last"), LayerKind::recurrent),
            new LayerKind(List.of("rnn"), "rnn(h[,stateful=true][,last=true])", 1, Set.of("stateful", "last"),
                    LayerKind::recurrent),
            new LayerKind(List.of("gru"), "gru(h[,stateful=true][,last=true])", 1, Set.of("stateful", "last"),
                    LayerKind::recurrent),
            new LayerKind(List.of("bn", "batchnorm"), "bn   batch normalization of features or image channels", 0,
                    Set.of(), LayerKind::norm),
            new LayerKind(List.of("ln", "layernorm"), "ln   layer normalization (features; a sequence's steps; whole images)",
                    0, Set.of(), LayerKind::norm),
            new LayerKind(List.of("gap"), "gap   global average pooling: each image channel's mean", 0, Set.of(),
                    LayerKind::globalPool),
            new LayerKind(List.of("res"), "res(layers...)   residual block: layers(x) + x (projected if needed)",
                    0, Set.of(), LayerKind::residual));

    /** A layer that holds other layers: its parentheses contain a spec, not numbers. */
    boolean block() {
        return names.contains("res");
    }

    /** The kind a token name belongs to, or null. */
    static LayerKind named(String name) {
        return KINDS.stream().filter(k -> k.names.contains(name)).findFirst().orElse(null);
    }

    /** Every name a spec may use. */
    static List<String> allNames() {
        return KINDS.stream().flatMap(k -> k.names.stream()).toList();
    }

    /** One line per kind, for help texts. */
    public static String usageLines() {
        return String.join("\n", KINDS.stream().map(LayerKind::usage).toList());
    }

    /** The model being built: the layers so far and the shape of one example at this point. */
    static final class Building {
        final String spec;
        final List<ModelSpec.Token> tokens;
        final int vocab;
        final List<Module> layers = new ArrayList<>();
        int[] shape;
        int index;
        boolean ids, reluAfterPool, reluAfterNorm;

        Building(String spec, List<ModelSpec.Token> tokens, int[] exampleShape, int vocab) {
            this.spec = spec;
            this.tokens = tokens;
            this.shape = exampleShape.clone();
            this.vocab = vocab;
        }

        ModelSpec.Token token() {
            return tokens.get(index);
        }

        boolean last() {
            return index == tokens.size() - 1;
        }

        ModelSpec.Token next() {
            return last() ? null : tokens.get(index + 1);
        }

        /** A batch norm follows. */
        boolean batchNormNext() {
            return next() != null && List.of("bn", "batchnorm").contains(next().name());
        }

        /** A normalization layer follows (bn, ln). */
        boolean normNext() {
            return next() != null && List.of("bn", "batchnorm", "ln", "layernorm").contains(next().name());
        }

        /**
         * After the normalization layer that follows, the implicit ReLU is due (conv, bn, relu): not when an
         * activation follows the norm, nor when the norm ends the model or a residual body (they stay linear).
         */
        boolean reluDueAfterNorm() {
            List<ModelSpec.Token> after = tokens.subList(index + 2, tokens.size());
            return !after.stream().allMatch(t -> t.name().equals("dropout"))
                    && !List.of("relu", "tanh", "sigmoid").contains(after.get(0).name());
        }

        /** An explicit activation follows: no implicit ReLU then. */
        boolean activationNext() {
            return next() != null && List.of("relu", "tanh", "sigmoid").contains(next().name());
        }

        /** Only dropout tokens follow: this layer is the output layer and stays linear. */
        boolean outputLayer() {
            return tokens.subList(index + 1, tokens.size()).stream().allMatch(t -> t.name().equals("dropout"));
        }

        void flatten() {
            layers.add(new Flatten());
            shape = new int[] {Arrays.stream(shape).reduce(1, (a, c) -> a * c)};
        }

        ModelSpec.SpecException error(ModelSpec.Token t, String message) {
            return new ModelSpec.SpecException(spec, t.pos(), message);
        }
    }

    private static void dense(ModelSpec.Token t, Building b) {
        if (b.shape.length == 3) {
            b.flatten();
        }
        int out = t.intArg(0, b.spec, "the number of units");
        // before a batch norm a bias does nothing (the norm subtracts the mean; its shift is the bias)
        b.layers.add(new Linear(b.shape[b.shape.length - 1], out, t.boolOption("bias", !b.batchNormNext(), b.spec)));
        b.shape = b.shape.clone();
        b.shape[b.shape.length - 1] = out;
        if (!b.last() && !b.activationNext() && !b.outputLayer()) {
            if (b.normNext()) {
                b.reluAfterNorm = b.reluDueAfterNorm();
            } else {
                b.layers.add(Activation.relu());
            }
        }
    }

    private static void conv(ModelSpec.Token t, Building b) {
        if (b.shape.length != 3) {
            throw b.error(t, "conv needs image input [channels, height, width], the input here has shape "
                    + Arrays.toString(b.shape));
        }
        int c = t.intArg(0, b.spec, "the number of channels"), k = t.intArg(1, b.spec, "the kernel size");
        Conv2d conv = new Conv2d(b.shape[0], c, k, t.intOption("stride", 1, 1, b.spec), t.intOption("pad", k / 2, 0, b.spec),
                t.boolOption("bias", !b.batchNormNext(), b.spec));
        int h = conv.outSize(b.shape[1]), w = conv.outSize(b.shape[2]);
        if (h < 1 || w < 1) {
            throw b.error(t, "conv(" + c + "," + k + ") does not fit an input of " + b.shape[1] + "x" + b.shape[2]);
        }
        b.layers.add(conv);
        b.shape = new int[] {c, h, w};
        if (!b.last() && !b.activationNext()) {
            // before a max pool, the implicit ReLU goes after it: relu(maxpool(x)) = maxpool(relu(x)),
            // and on the pooled tensor the ReLU touches a quarter of the memory
            ModelSpec.Token next = b.next();
            if (next != null && (next.name().equals("pool") || next.name().equals("maxpool"))) {
                b.reluAfterPool = true;
            } else if (b.normNext()) {
                b.reluAfterNorm = b.reluDueAfterNorm();
            } else {
                b.layers.add(Activation.relu());
            }
        }
    }

    private static void pool(ModelSpec.Token t, Building b) {
        if (b.shape.length != 3) {
            throw b.error(t, t.name() + " needs image input, got shape " + Arrays.toString(b.shape));
        }
        int k = t.intArg(0, b.spec, "the window size"), stride = t.intOption("stride", k, 1, b.spec);
        Pool2d p = t.name().equals("avgpool") ? Pool2d.avg(k, stride) : Pool2d.max(k, stride);
        int h = p.outSize(b.shape[1]), w = p.outSize(b.shape[2]);
        if (h < 1 || w < 1) {
            throw b.error(t, t.name() + "(" + k + ") does not fit an input of " + b.shape[1] + "x" + b.shape[2]);
        }
        b.layers.add(p);
        b.shape = new int[] {b.shape[0], h, w};
        if (b.reluAfterPool) {
            // known wart, kept so saved models keep their layer numbering: "conv pool relu" (which is how a
            // conv + max pool model prints its spec) builds a second, harmless ReLU here
            b.layers.add(Activation.relu());
            b.reluAfterPool = false;
        }
    }

    private static void embed(ModelSpec.Token t, Building b) {
        if (b.vocab < 1) {
            throw b.error(t, "embed needs integer-id input (text); this data has none");
        }
        int d = t.intArg(0, b.spec, "the embedding size");
        b.layers.add(new Embedding(b.vocab, d));
        b.ids = true;
        b.shape = Arrays.copyOf(b.shape, b.shape.length + 1);
        b.shape[b.shape.length - 1] = d;
    }

    private static void recurrent(ModelSpec.Token t, Building b) {
        if (b.shape.length != 2) {
            throw b.error(t, t.name() + " needs sequences [time, features], got shape " + Arrays.toString(b.shape)
                    + (b.ids ? "" : " (text input needs embed(d) first)"));
        }
        int h = t.intArg(0, b.spec, "the hidden size");
        boolean stateful = t.boolOption("stateful", false, b.spec), lastOnly = t.boolOption("last", false, b.spec);
        b.layers.add(t.name().equals("lstm")
                ? new LSTM(b.shape[1], h, t.intOption("layers", 1, 1, b.spec),
                        t.doubleOption("forget_bias", LSTM.DEFAULT_FORGET_BIAS, b.spec), stateful, lastOnly)
                : t.name().equals("gru") ? new GRU(b.shape[1], h, stateful, lastOnly)
                : new RNN(b.shape[1], h, stateful, lastOnly));
        b.shape = lastOnly ? new int[] {h} : new int[] {b.shape[0], h};
    }

    private static void norm(ModelSpec.Token t, Building b) {
        boolean batch = t.name().startsWith("b");
        Module m;
        if (batch) {
            if (b.shape.length == 2) {
                throw b.error(t, "bn normalizes features [n] or image channels [c, h, w]; for sequences [time, features]"
                        + " use ln");
            }
            m = new BatchNorm(b.shape[0]);
        } else {
            m = b.shape.length == 2 ? new LayerNorm(b.shape[1]) : new LayerNorm(b.shape);
        }
        b.layers.add(m);
        if (b.reluAfterNorm) {
            b.layers.add(Activation.relu());
            b.reluAfterNorm = false;
        }
    }

    private static void globalPool(ModelSpec.Token t, Building b) {
        if (b.shape.length != 3) {
            throw b.error(t, "gap needs image input [channels, height, width], the input here has shape "
                    + Arrays.toString(b.shape));
        }
        b.layers.add(new GlobalAvgPool());
        b.shape = new int[] {b.shape[0], 1, 1};
    }

    /**
     * A residual block: the body's layers built on the current shape (its last layer linear), plus the
     * input, or a projection of it (a 1x1 conv with the body's stride for images, a dense layer for
     * vectors) when the body changes the shape; then a ReLU unless an activation follows or the block is
     * the output.
     */
    private static void residual(ModelSpec.Token t, Building b) {
        Building inner = new Building(b.spec, t.body(), b.shape, b.vocab);
        for (; inner.index < inner.tokens.size(); inner.index++) {
            ModelSpec.Token it = inner.token();
            LayerKind.named(it.name()).builder().add(it, inner);
        }
        int[] in = b.shape, out = inner.shape;
        Module proj = null;
        if (!Arrays.equals(in, out)) {
            if (in.length == 3 && out.length == 3 && in[1] % out[1] == 0 && in[1] / out[1] == in[2] / out[2]
                    && in[2] % out[2] == 0) {
                proj = new Conv2d(in[0], out[0], 1, in[1] / out[1], 0);
            } else if (in.length == 1 && out.length == 1) {
                proj = new Linear(in[0], out[0], true);
            } else {
                throw b.error(t, "res: the block turns " + Arrays.toString(in) + " into " + Arrays.toString(out)
                        + ", which no projection adds back (images: the same spatial factor on both sides; vectors"
                        + " to vectors)");
            }
        }
        b.layers.add(new Residual(new Sequential(inner.layers), proj));
        b.shape = out;
        if (!b.last() && !b.activationNext() && !b.outputLayer()) {
            b.layers.add(Activation.relu());
        }
    }
}
