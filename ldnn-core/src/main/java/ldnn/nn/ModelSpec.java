package ldnn.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The compact model language, e.g. {@code conv(32,5) pool(2) conv(64,5) pool(2) dense(1024) dropout(0.5) dense(10)}.
 * Sizes of inputs are inferred from the example shape. The layer kinds, their options and the
 * language's implicit activations are in {@link LayerKind} (one entry per kind). Every error, in parsing
 * or building, points at the offending token or option with a caret.
 */
public final class ModelSpec {
    private ModelSpec() {
    }

    /** The largest size (units, channels, kernel, hidden size) a spec may give: larger is a typo, not a model. */
    static final int MAX_SIZE = 1 << 20;

    /** The deepest a block (res) may sit inside others: deeper is a typo or a fuzzer, not a model. */
    static final int MAX_NESTING = 16;

    private static String show(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** A parse or build error, with the token's position in the spec. */
    public static final class SpecException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        SpecException(String spec, int pos, String message) {
            super("model spec: " + message + "\n  " + spec + "\n  " + " ".repeat(Math.max(0, pos)) + "^");
        }
    }

    /** One parsed token: its name, positional numbers, key=value options, and where each sits in the spec. */
    record Token(String name, List<Double> args, Map<String, String> options, int pos, Map<String, Integer> optionPos,
                 List<Token> body) {
        double arg(int i, String spec, String what) {
            if (i >= args.size()) {
                throw new SpecException(spec, pos, name + ": missing " + what);
            }
            return args.get(i);
        }

        int intArg(int i, String spec, String what) {
            double v = arg(i, spec, what);
            if (v != Math.rint(v) || v < 1 || v > MAX_SIZE) {
                throw new SpecException(spec, pos, name + ": " + what + " must be a whole number from 1 to " + MAX_SIZE
                        + ", got " + show(v));
            }
            return (int) v;
        }

        /** A probability-like argument in [0, 1). */
        double fraction(int i, String spec, String what) {
            double v = arg(i, spec, what);
            if (!(v >= 0 && v < 1)) {
                throw new SpecException(spec, pos, name + ": " + what + " must be in [0, 1), got " + show(v));
            }
            return v;
        }

        /** An integer option (>= min), or its default; a bad value is an error under the option. */
        int intOption(String key, int def, int min, String spec) {
            String v = options.get(key);
            if (v == null) {
                return def;
            }
            try {
                int n = Integer.parseInt(v);
                if (n >= min) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new SpecException(spec, optionPos.get(key), name + ": " + key + " must be an integer >= " + min
                    + ", got '" + v + "'");
        }

        double doubleOption(String key, double def, String spec) {
            String v = options.get(key);
            if (v == null) {
                return def;
            }
            try {
                double d = Double.parseDouble(v);
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new SpecException(spec, optionPos.get(key), name + ": " + key + " must be a finite number, got '" + v
                    + "'");
        }

        boolean boolOption(String key, boolean def, String spec) {
            String v = options.get(key);
            if (v == null) {
                return def;
            }
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(v);
            }
            throw new SpecException(spec, optionPos.get(key), name + ": " + key + " must be true or false, got '" + v + "'");
        }
    }

    static List<Token> parse(String spec) {
        List<Token> out = parse(spec, 0, spec.length(), 0);
        if (out.isEmpty()) {
            throw new SpecException(spec, 0, "empty spec");
        }
        return out;
    }

    /** The tokens of spec[from, n), positions counted in the whole spec; a block layer's body is parsed in turn. */
    private static List<Token> parse(String spec, int from, int n, int depth) {
        List<Token> out = new ArrayList<>();
        int i = from;
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
            LayerKind kind = LayerKind.named(name);
            if (kind == null) {
                throw new SpecException(spec, start, "unknown layer '" + name + "'" + suggest(name)
                        + "; known: " + String.join(", ", LayerKind.allNames()));
            }
            List<Double> args = new ArrayList<>();
            Map<String, String> opts = new LinkedHashMap<>();
            Map<String, Integer> optPos = new LinkedHashMap<>();
            if (kind.block()) {
                if (i >= n || spec.charAt(i) != '(') {
                    throw new SpecException(spec, start, name + ": expected layers in parentheses, e.g. "
                            + kind.usage().split("   ")[0]);
                }
                int close = matching(spec, i, n);
                if (depth >= MAX_NESTING) {
                    throw new SpecException(spec, start, name + ": blocks nested more than " + MAX_NESTING + " deep");
                }
                List<Token> body = parse(spec, i + 1, close, depth + 1);
                if (body.isEmpty()) {
                    throw new SpecException(spec, i, name + ": expected at least one layer inside the parentheses");
                }
                out.add(new Token(name, args, opts, start, optPos, body));
                i = close + 1;
                continue;
            }
            if (i < n && spec.charAt(i) == '(') {
                int close = spec.indexOf(')', i);
                if (close >= n) {
                    close = -1;
                }
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
                        String key = t.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                        int keyPos = argPos + a.indexOf(t.charAt(0));
                        if (!kind.options().contains(key)) {
                            throw new SpecException(spec, keyPos, name + ": unknown option '" + key + "'"
                                    + (kind.options().isEmpty() ? " (it takes none)" : "; known: "
                                    + String.join(", ", kind.options())));
                        }
                        opts.put(key, t.substring(eq + 1).trim());
                        optPos.put(key, keyPos);
                    } else {
                        if (!opts.isEmpty()) {
                            throw new SpecException(spec, argPos, name + ": positional argument '" + t
                                    + "' after a key=value option");
                        }
                        double v;
                        try {
                            v = Double.parseDouble(t);
                        } catch (NumberFormatException e) {
                            throw new SpecException(spec, argPos, name + ": expected a number, got '" + t + "'");
                        }
                        if (!Double.isFinite(v)) {
                            throw new SpecException(spec, argPos, name + ": expected a finite number, got '" + t + "'");
                        }
                        if (args.size() == kind.positional()) {
                            throw new SpecException(spec, argPos, name + " takes " + (kind.positional() == 0
                                    ? "no arguments" : kind.positional() == 1 ? "one number" : kind.positional()
                                    + " numbers") + " (" + kind.usage().split("   ")[0] + "), got more: '" + inner.trim()
                                    + "'");
                        }
                        args.add(v);
                    }
                    argPos += a.length() + 1;
                }
                i = close + 1;
            }
            out.add(new Token(name, args, opts, start, optPos, null));
        }
        return out;
    }

    /** The index of the ')' that closes the '(' at open, before n. */
    private static int matching(String spec, int open, int n) {
        int depth = 0;
        for (int j = open; j < n; j++) {
            char c = spec.charAt(j);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return j;
            }
        }
        throw new SpecException(spec, open, "'(' without a matching ')'");
    }

    private static String suggest(String name) {
        String best = null;
        int bestD = 3;
        for (String k : LayerKind.allNames()) {
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
     * vectors, [channels, height, width] for images, [time] of ids for text (then vocab > 0). Each token
     * is built by its {@link LayerKind}.
     */
    public static Sequential build(String spec, int[] exampleShape, int vocab) {
        if (exampleShape.length == 0 || java.util.Arrays.stream(exampleShape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("model spec '" + spec + "': the input shape must have at least one"
                    + " dimension, all of size >= 1, got " + java.util.Arrays.toString(exampleShape));
        }
        LayerKind.Building b = new LayerKind.Building(spec, parse(spec), exampleShape, vocab);
        for (; b.index < b.tokens.size(); b.index++) {
            Token t = b.token();
            LayerKind.named(t.name()).builder().add(t, b);
        }
        return new Sequential(b.layers);
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
