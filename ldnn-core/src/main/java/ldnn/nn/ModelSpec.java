package ldnn.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The compact model language, e.g. {@code conv(32,5) pool(2) conv(64,5) pool(2) dense(1024) dropout(0.5) dense(10)}.
 * Sizes of inputs are inferred from the example shape. Hidden dense and conv layers get a ReLU unless
 * an activation token follows (a conv followed by a max pool gets it after the pool, which gives the same
 * function for a quarter of the work); the last layer stays linear (it produces logits). A dense after image
 * features flattens them first. Errors point at the offending token.
 *
 * <pre>
 * dense(n[,bias=false])      linear(n) is the same
 * conv(c,k[,stride=s][,pad=p])   pad defaults to k/2 ("same" at stride 1)
 * pool(k[,stride=s])  avgpool(k[,stride=s])
 * relu  tanh  sigmoid  flatten  dropout(p)
 * embed(d)                   vocabulary from the data
 * lstm(h[,layers=n][,forget_bias=b][,stateful=true][,last=true])
 * rnn(h[,stateful=true][,last=true])
 * </pre>
 */
public final class ModelSpec {
    private ModelSpec() {
    }

    /** A parse or build error, with the token's position in the spec. */
    public static final class SpecException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        SpecException(String spec, int pos, String message) {
            super("model spec: " + message + "\n  " + spec + "\n  " + " ".repeat(Math.max(0, pos)) + "^");
        }
    }

    /** One parsed token. */
    record Token(String name, List<Double> args, Map<String, String> options, int pos) {
        double arg(int i, String spec, String what) {
            if (i >= args.size()) {
                throw new SpecException(spec, pos, name + ": missing " + what);
            }
            return args.get(i);
        }

        int intArg(int i, String spec, String what) {
            double v = arg(i, spec, what);
            if (v != Math.rint(v) || v < 1) {
                throw new SpecException(spec, pos, name + ": " + what + " must be a positive integer, got " + v);
            }
            return (int) v;
        }

        String option(String key, String def) {
            return options.getOrDefault(key, def);
        }
    }

    private static final List<String> KNOWN = List.of("dense", "linear", "conv", "pool", "maxpool", "avgpool",
            "relu", "tanh", "sigmoid", "flatten", "dropout", "embed", "lstm", "rnn");

    static List<Token> parse(String spec) {
        List<Token> out = new ArrayList<>();
        int i = 0, n = spec.length();
        while (i < n) {
            char ch = spec.charAt(i);
            if (Character.isWhitespace(ch) || ch == '-' || ch == '>' || ch == '|') {
                i++;
                continue;
            }
            int start = i;
            while (i < n && (Character.isLetterOrDigit(spec.charAt(i)) || spec.charAt(i) == '_')) {
                i++;
            }
            if (i == start) {
                throw new SpecException(spec, i, "unexpected character '" + ch + "'");
            }
            String name = spec.substring(start, i).toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(name)) {
                throw new SpecException(spec, start, "unknown layer '" + name + "'" + suggest(name)
                        + "; known: " + String.join(", ", KNOWN));
            }
            List<Double> args = new ArrayList<>();
            Map<String, String> opts = new LinkedHashMap<>();
            if (i < n && spec.charAt(i) == '(') {
                int close = spec.indexOf(')', i);
                if (close < 0) {
                    throw new SpecException(spec, i, name + ": '(' without a matching ')'");
                }
                String inner = spec.substring(i + 1, close);
                int argPos = i + 1;
                for (String a : inner.split(",", -1)) {
                    String t = a.trim();
                    if (t.isEmpty()) {
                        throw new SpecException(spec, argPos, name + ": empty argument");
                    }
                    int eq = t.indexOf('=');
                    if (eq >= 0) {
                        opts.put(t.substring(0, eq).trim().toLowerCase(Locale.ROOT), t.substring(eq + 1).trim());
                    } else {
                        if (!opts.isEmpty()) {
                            throw new SpecException(spec, argPos, name + ": positional argument '" + t
                                    + "' after a key=value option");
                        }
                        try {
                            args.add(Double.parseDouble(t));
                        } catch (NumberFormatException e) {
                            throw new SpecException(spec, argPos, name + ": expected a number, got '" + t + "'");
                        }
                    }
                    argPos += a.length() + 1;
                }
                i = close + 1;
            }
            out.add(new Token(name, args, opts, start));
        }
        if (out.isEmpty()) {
            throw new SpecException(spec, 0, "empty spec");
        }
        return out;
    }

    private static String suggest(String name) {
        String best = null;
        int bestD = 3;
        for (String k : KNOWN) {
            int d = distance(name, k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1),
                        d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * Builds the model for examples of the given shape (without the batch axis): [features] for
     * vectors, [channels, height, width] for images, [time] of ids for text (then vocab > 0).
     */
    public static Sequential build(String spec, int[] exampleShape, int vocab) {
        List<Token> tokens = parse(spec);
        List<Module> layers = new ArrayList<>();
        int[] shape = exampleShape.clone();
        boolean ids = false, reluAfterPool = false;
        for (int k = 0; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            boolean last = k == tokens.size() - 1;
            Token next = last ? null : tokens.get(k + 1);
            boolean explicitAct = next != null && List.of("relu", "tanh", "sigmoid").contains(next.name());
            switch (t.name()) {
                case "dense", "linear" -> {
                    if (shape.length == 3) {
                        layers.add(new Flatten());
                        shape = new int[] {shape[0] * shape[1] * shape[2]};
                    }
                    int out = t.intArg(0, spec, "the number of units");
                    boolean bias = !"false".equalsIgnoreCase(t.option("bias", "true"));
                    layers.add(new Linear(shape[shape.length - 1], out, bias));
                    shape = shape.clone();
                    shape[shape.length - 1] = out;
                    if (!last && !explicitAct && !isTerminalHead(tokens, k)) {
                        layers.add(Activation.relu());
                    }
                }
                case "conv" -> {
                    if (shape.length != 3) {
                        throw new SpecException(spec, t.pos(), "conv needs image input [channels, height, width], "
                                + "the input here has shape " + Arrays.toString(shape));
                    }
                    int c = t.intArg(0, spec, "the number of channels"), kk = t.intArg(1, spec, "the kernel size");
                    int stride = Integer.parseInt(t.option("stride", "1"));
                    int pad = Integer.parseInt(t.option("pad", String.valueOf(kk / 2)));
                    Conv2d conv = new Conv2d(shape[0], c, kk, stride, pad);
                    int h = conv.outSize(shape[1]), w = conv.outSize(shape[2]);
                    if (h < 1 || w < 1) {
                        throw new SpecException(spec, t.pos(), "conv(" + c + "," + kk + ") does not fit an input of "
                                + shape[1] + "x" + shape[2]);
                    }
                    layers.add(conv);
                    shape = new int[] {c, h, w};
                    if (!last && !explicitAct) {
                        // before a max pool, the implicit ReLU goes after it: relu(maxpool(x)) = maxpool(relu(x)),
                        // and on the pooled tensor the ReLU touches a quarter of the memory
                        boolean maxPoolNext = next != null && (next.name().equals("pool") || next.name().equals("maxpool"));
                        if (maxPoolNext) {
                            reluAfterPool = true;
                        } else {
                            layers.add(Activation.relu());
                        }
                    }
                }
                case "pool", "maxpool", "avgpool" -> {
                    if (shape.length != 3) {
                        throw new SpecException(spec, t.pos(), t.name() + " needs image input, got shape "
                                + Arrays.toString(shape));
                    }
                    int kk = t.intArg(0, spec, "the window size");
                    int stride = Integer.parseInt(t.option("stride", String.valueOf(kk)));
                    Pool2d p = t.name().equals("avgpool") ? Pool2d.avg(kk, stride) : Pool2d.max(kk, stride);
                    int h = p.outSize(shape[1]), w = p.outSize(shape[2]);
                    if (h < 1 || w < 1) {
                        throw new SpecException(spec, t.pos(), t.name() + "(" + kk + ") does not fit an input of "
                                + shape[1] + "x" + shape[2]);
                    }
                    layers.add(p);
                    shape = new int[] {shape[0], h, w};
                    if (reluAfterPool) {
                        layers.add(Activation.relu());
                        reluAfterPool = false;
                    }
                }
                case "relu" -> layers.add(Activation.relu());
                case "tanh" -> layers.add(Activation.tanh());
                case "sigmoid" -> layers.add(Activation.sigmoid());
                case "flatten" -> {
                    layers.add(new Flatten());
                    int f = 1;
                    for (int d : shape) {
                        f *= d;
                    }
                    shape = new int[] {f};
                }
                case "dropout" -> layers.add(new Dropout(t.arg(0, spec, "the drop probability")));
                case "embed" -> {
                    if (vocab < 1) {
                        throw new SpecException(spec, t.pos(), "embed needs integer-id input (text); this data has none");
                    }
                    int d = t.intArg(0, spec, "the embedding size");
                    layers.add(new Embedding(vocab, d));
                    ids = true;
                    shape = Arrays.copyOf(shape, shape.length + 1);
                    shape[shape.length - 1] = d;
                }
                case "lstm", "rnn" -> {
                    if (shape.length != 2) {
                        throw new SpecException(spec, t.pos(), t.name() + " needs sequences [time, features], got "
                                + "shape " + Arrays.toString(shape) + (ids ? "" : " (text input needs embed(d) first)"));
                    }
                    int h = t.intArg(0, spec, "the hidden size");
                    boolean stateful = Boolean.parseBoolean(t.option("stateful", "false"));
                    boolean lastOnly = Boolean.parseBoolean(t.option("last", "false"));
                    if (t.name().equals("lstm")) {
                        int nl = Integer.parseInt(t.option("layers", "1"));
                        double fb = Double.parseDouble(t.option("forget_bias", String.valueOf(LSTM.DEFAULT_FORGET_BIAS)));
                        layers.add(new LSTM(shape[1], h, nl, fb, stateful, lastOnly));
                    } else {
                        layers.add(new RNN(shape[1], h, stateful, lastOnly));
                    }
                    shape = lastOnly ? new int[] {h} : new int[] {shape[0], h};
                }
                default -> throw new SpecException(spec, t.pos(), "unknown layer '" + t.name() + "'");
            }
        }
        return new Sequential(layers);
    }

    /** True when only dropout tokens follow token k: that dense is the output layer and stays linear. */
    private static boolean isTerminalHead(List<Token> tokens, int k) {
        for (int j = k + 1; j < tokens.size(); j++) {
            String n = tokens.get(j).name();
            if (!n.equals("dropout")) {
                return false;
            }
        }
        return true;
    }

    /** Output shape of the model for one example (without the batch axis). */
    public static int[] outputShape(Module model, int[] exampleShape) {
        try (var ng = ldnn.autograd.GradMode.noGrad()) {
            int[] s = new int[exampleShape.length + 1];
            s[0] = 1;
            System.arraycopy(exampleShape, 0, s, 1, exampleShape.length);
            boolean was = model.isTraining();
            model.eval();
            int[] out = model.forward(ldnn.tensor.Tensor.zeros(s)).shape();
            model.train(was);
            model.resetState();
            return Arrays.copyOfRange(out, 1, out.length);
        }
    }
}
