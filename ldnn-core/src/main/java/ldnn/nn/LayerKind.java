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
            new LayerKind(List.of("dense", "linear"), "dense(n[,bias=false])   linear(n) is the same", 1, Set.of("bias"),
                    LayerKind::dense),
            new LayerKind(List.of("conv"), "conv(c,k[,stride=s][,pad=p])   pad defaults to k/2 (\"same\" at stride 1)",
                    2, Set.of("stride", "pad"), LayerKind::conv),
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
                    LayerKind::recurrent));

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
        boolean ids, reluAfterPool;

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
        b.layers.add(new Linear(b.shape[b.shape.length - 1], out, t.boolOption("bias", true, b.spec)));
        b.shape = b.shape.clone();
        b.shape[b.shape.length - 1] = out;
        if (!b.last() && !b.activationNext() && !b.outputLayer()) {
            b.layers.add(Activation.relu());
        }
    }

    private static void conv(ModelSpec.Token t, Building b) {
        if (b.shape.length != 3) {
            throw b.error(t, "conv needs image input [channels, height, width], the input here has shape "
                    + Arrays.toString(b.shape));
        }
        int c = t.intArg(0, b.spec, "the number of channels"), k = t.intArg(1, b.spec, "the kernel size");
        Conv2d conv = new Conv2d(b.shape[0], c, k, t.intOption("stride", 1, 1, b.spec), t.intOption("pad", k / 2, 0, b.spec));
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
                : new RNN(b.shape[1], h, stateful, lastOnly));
        b.shape = lastOnly ? new int[] {h} : new int[] {b.shape[0], h};
    }
}
