package ldnn.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ldnn.nn.Init;
import ldnn.train.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The recipe's training options. Their defaults are read from a default {@link TrainConfig} (one place
 * for the recipe's numbers) by {@link Defaults}; only options given on the command line are passed on
 * to the config, attributed to "command line", so the checklist says which recipe points were changed.
 */
final class RecipeOptions {
    @Option(names = "--batch-size", paramLabel = "N",
            description = "Minibatch size (default: ${DEFAULT-VALUE}; text: 64 sequences).")
    int batchSize;

    @Option(names = "--lr", paramLabel = "RATE", description = "Initial learning rate (default: ${DEFAULT-VALUE}; text: 0.002 with Adam, 1 with SGD).")
    double lr;

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "sgd (momentum), nesterov, adam or adamw (default: ${DEFAULT-VALUE}; text: adam).")
    String optimizer;

    @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--dampening", paramLabel = "D", description = "SGD dampening: equal to the momentum averages the"
            + " gradients so the LR keeps its plain-SGD meaning; 0 is PyTorch's momentum, 10x larger steps (default: the momentum).")
    Double dampening;

    @Option(names = "--weight-decay", paramLabel = "W", description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--patience", paramLabel = "EVALS",
            description = "Evaluations without a better validation error before the LR is divided (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--lr-decay", paramLabel = "F",
            description = "Factor the LR is divided by on a plateau (default: ${DEFAULT-VALUE}).")
    double lrDecay;

    @Option(names = "--min-lr-fraction", paramLabel = "F",
            description = "Stop when the LR falls below this fraction of the initial LR (default: ${DEFAULT-VALUE}).")
    double minLrFraction;

    @Option(names = "--epochs", paramLabel = "N", description = "Maximum number of epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--time", paramLabel = "DURATION",
            description = "Time budget per net, e.g. 90s, 15m, 2h, 1h30m (default: ${DEFAULT-VALUE}; fashion-mnist and mnist: 14m"
                    + " unless --epochs is given, so the main job ends inside 15 minutes).")
    String time;

    @Option(names = "--clip", paramLabel = "NORM",
            description = "Gradient-norm clipping threshold, 0 = off (default: ${DEFAULT-VALUE}: 5 for recurrent nets, off otherwise).")
    String clip;

    @Option(names = "--init", paramLabel = "SCHEME",
            description = "Weight init: normal(<std>) or scaled(<scale>) (default: ${DEFAULT-VALUE}).")
    String init;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validation-fraction", paramLabel = "F",
            description = "Fraction of the training data held out for validation (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--eval-every", paramLabel = "STEPS",
            description = "Evaluate every this many steps, 0 = once per epoch (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    /**
     * Each option given, checked against its range before anything is loaded: the message names the option,
     * the range and the value (the config's own check would name a setting, not the flag the user typed).
     */
    void check(ParseResult given) {
        range(given, "--batch-size", batchSize, 1, Double.POSITIVE_INFINITY, "a whole number >= 1 (the recipe: 128)");
        if (given.hasMatchedOption("--lr") && !(lr > 0 && Double.isFinite(lr))) {
            throw new IllegalArgumentException("--lr: expected a positive number (the recipe: 0.1), got " + lr);
        }
        range(given, "--momentum", momentum, 0, 1 - 1e-12, "a number in [0, 1) (the recipe: 0.9)");
        if (dampening != null) {
            range(given, "--dampening", dampening, 0, 1 - 1e-12, "a number in [0, 1)");
        }
        range(given, "--weight-decay", weightDecay, 0, Double.MAX_VALUE, "a number >= 0");
        range(given, "--patience", patience, 1, Double.POSITIVE_INFINITY, "a whole number >= 1");
        if (given.hasMatchedOption("--lr-decay") && !(lrDecay > 1 && Double.isFinite(lrDecay))) {
            throw new IllegalArgumentException("--lr-decay: expected a number > 1 (the recipe divides by 2 to 5), got "
                    + lrDecay);
        }
        if (given.hasMatchedOption("--min-lr-fraction") && !(minLrFraction > 0 && minLrFraction < 1)) {
            throw new IllegalArgumentException("--min-lr-fraction: expected a number in (0, 1), got " + minLrFraction);
        }
        range(given, "--epochs", epochs, 1, Double.POSITIVE_INFINITY, "a whole number >= 1");
        if (given.hasMatchedOption("--validation-fraction") && !(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("--validation-fraction: expected a number in (0, 1) (the recipe: 0.1), got "
                    + validationFraction);
        }
        range(given, "--eval-every", evalEvery, 0, Double.POSITIVE_INFINITY, "a whole number >= 0 (0 = once per epoch)");
        if (given.hasMatchedOption("--clip")) {
            double c = clipNorm(clip);
            if (!(c >= 0 && Double.isFinite(c))) {
                throw new IllegalArgumentException("--clip: expected a number >= 0 (0 = off), got '" + clip + "'");
            }
        }
    }

    /** Fails naming the option when it was given outside [lo, hi]. */
    static void range(ParseResult given, String option, double value, double lo, double hi, String expected) {
        if (given.hasMatchedOption(option) && !(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(option + ": expected " + expected + ", got "
                    + Defaults.show(value));
        }
    }

    /** A fresh config: recipe defaults, then every option given on the command line (and only those). */
    TrainConfig toConfig(ParseResult given) {
        TrainConfig c = new TrainConfig().source("command line");
        if (given.hasMatchedOption("--batch-size")) {
            c.batchSize(batchSize);
        }
        if (given.hasMatchedOption("--lr")) {
            c.lr(lr);
        }
        if (given.hasMatchedOption("--optimizer")) {
            c.optimizer(optimizer);
        }
        if (given.hasMatchedOption("--momentum")) {
            c.momentum(momentum);
        }
        if (given.hasMatchedOption("--dampening")) {
            c.dampening(dampening);
        }
        if (given.hasMatchedOption("--weight-decay")) {
            c.weightDecay(weightDecay);
        }
        if (given.hasMatchedOption("--patience")) {
            c.patience(patience);
        }
        if (given.hasMatchedOption("--lr-decay")) {
            c.lrDecayFactor(lrDecay);
        }
        if (given.hasMatchedOption("--min-lr-fraction")) {
            c.minLrFraction(minLrFraction);
        }
        if (given.hasMatchedOption("--epochs")) {
            c.maxEpochs(epochs);
        }
        if (given.hasMatchedOption("--time")) {
            c.timeBudget(duration(time));
        }
        if (given.hasMatchedOption("--clip")) {
            c.clipNorm(clipNorm(clip));
        }
        if (given.hasMatchedOption("--init")) {
            try {
                c.init(Init.parse(init));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--" + e.getMessage(), e);
            }
        }
        if (given.hasMatchedOption("--seed")) {
            c.seed(seed);
        }
        if (given.hasMatchedOption("--validation-fraction")) {
            c.validationFraction(validationFraction);
        }
        if (given.hasMatchedOption("--eval-every")) {
            c.evalEverySteps(evalEvery);
        }
        c.validate();
        return c;
    }

    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s?)?");

    /** "90s", "15m", "2h", "1h30m", or a plain number of seconds. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (text.isBlank() || !m.matches() || (m.group(1) == null && m.group(2) == null && m.group(3) == null)) {
            throw new IllegalArgumentException("--time: expected a duration like 90s, 15m, 2h or 1h30m, got '" + text + "'");
        }
        long s = 3600 * num(m.group(1)) + 60 * num(m.group(2)) + num(m.group(3));
        if (s <= 0) {
            throw new IllegalArgumentException("--time: the budget must be positive, got '" + text + "'");
        }
        return Duration.ofSeconds(s);
    }

    private static long num(String g) {
        return g == null ? 0 : Long.parseLong(g);
    }

    private static double clipNorm(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--clip: expected a number (0 = off), got '" + text + "'");
        }
    }

    /** Option defaults from a default TrainConfig, so --help shows the recipe's values. */
    static final class Defaults implements CommandLine.IDefaultValueProvider {
        private static final TrainConfig.Settings RECIPE = new TrainConfig().settings();

        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec o)) {
                return null;
            }
            TrainConfig.Settings r = RECIPE;
            return switch (o.longestName()) {
                case "--batch-size" -> show(r.batchSize());
                case "--lr" -> show(r.lr());
                case "--optimizer" -> r.optimizer().id();
                case "--momentum" -> show(r.momentum());
                case "--weight-decay" -> show(r.weightDecay());
                case "--patience" -> show(r.patience());
                case "--lr-decay" -> show(r.lrDecayFactor());
                case "--min-lr-fraction" -> show(r.minLrFraction());
                case "--epochs" -> show(r.maxEpochs());
                case "--time" -> r.timeBudgetS() == null ? "none" : r.timeBudgetS() + "s";
                case "--clip" -> r.clipNorm() == null ? "auto" : show(r.clipNorm());
                case "--init" -> r.init();
                case "--seed" -> show(r.seed());
                case "--validation-fraction" -> show(r.validationFraction());
                case "--eval-every" -> show(r.evalEverySteps());
                default -> null;
            };
        }

        /** A recipe number as --help shows it: integral values without ".0". */
        static String show(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.valueOf((long) v) : String.valueOf(v);
        }
    }
}
