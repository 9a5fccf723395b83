package ldnn.train;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ldnn.nn.Init;
import ldnn.nn.Loss;
import ldnn.nn.Module;
import ldnn.optim.OptimizerKind;

/**
 * Every training setting, with the recipe's value as its default (this class is the one place for
 * them). Each setter records who changed it (e.g. "command line", "code" from the Java API, "ldnn
 * train for text"), keyed by {@link Setting}, so the end-of-run checklist can say which recipe points
 * were changed and by whom. Validated before any tensor is allocated.
 */
public final class TrainConfig {
    /**
     * The evaluation batch size unless set: larger than training's, since evaluation keeps no graph, and
     * small enough that one batch's activations (kept for reuse by the next evaluation) stay small: about
     * 75 MB for the Fashion-MNIST convnet at 250, against 300 MB at 1000, at the same speed.
     */
    public static final int EVAL_BATCH_SIZE = 250;

    // recipe defaults, one place
    int batchSize = 128;
    double lr = 0.1;
    OptimizerKind optimizer = OptimizerKind.SGD;
    double momentum = 0.9;
    Double dampening = null; // null: averaged momentum (dampening = momentum), see ldnn.optim.Sgd
    double weightDecay = 0;
    double validationFraction = 0.1;
    long seed = 1;
    int patience = 2;
    double lrDecayFactor = 2;
    double minLrFraction = 1e-3;
    int maxEpochs = 100;
    Duration timeBudget = null;
    /** A character model: losses are per character, and progress lines also give bits per character. */
    boolean perCharacter;
    int evalEverySteps = 0;
    int evalEveryEpochs = 1;
    Double clipNorm = null; // null: 5 for recurrent models, off otherwise
    double ratioLow = 1e-4, ratioHigh = 1e-2, ratioTarget = 1e-3;
    int ratioEvery = 10;
    int ratioPatienceSteps = 50;
    boolean calibrateLr = false;
    int divergenceRetries = 5;
    double explodeFactor = 1e3;
    int offGroundSteps = 300;
    int offGroundAttempts = 3;
    double offGroundMinDrop = 0.02;
    Init init = Init.defaults();
    Loss loss = null; // null: cross-entropy for labels, mse for float targets
    boolean progress = true;
    int evalBatchSize = EVAL_BATCH_SIZE;

    /** The settings a user can change, each with the recipe point it belongs to (null: none). */
    public enum Setting {
        /** Examples per training step (recipe: 128). */
        BATCH_SIZE("batch size", "batch_size", RecipePoint.MINIBATCHES),
        /** The starting learning rate (recipe: 0.1 for SGD). */
        LEARNING_RATE("learning rate", "lr", RecipePoint.LR_SCHEDULE),
        /** SGD with momentum (the recipe), Nesterov, Adam or AdamW. */
        OPTIMIZER("optimizer", "optimizer", RecipePoint.LR_SCHEDULE),
        /** SGD's momentum (recipe: 0.9). */
        MOMENTUM("momentum", "momentum", RecipePoint.LR_SCHEDULE),
        /** SGD's dampening (default: equal to the momentum). */
        DAMPENING("dampening", "dampening", RecipePoint.LR_SCHEDULE),
        /** Evaluations without improvement before the LR is divided. */
        PATIENCE("patience", "patience", RecipePoint.LR_SCHEDULE),
        /** What the LR is divided by on a plateau (recipe: 2). */
        LR_DECAY_FACTOR("LR decay factor", "lr_decay_factor", RecipePoint.LR_SCHEDULE),
        /** Training stops when the LR falls below this fraction of the starting LR. */
        MIN_LR_FRACTION("minimum LR fraction", "min_lr_fraction", RecipePoint.LR_SCHEDULE),
        /** Short trials before training that aim the update/weight ratio at 1e-3 by scaling the LR. */
        LR_CALIBRATION("LR calibration", null, RecipePoint.LR_SCHEDULE),
        /** L2 weight decay (decoupled for AdamW). */
        WEIGHT_DECAY("weight decay", "weight_decay", null),
        /** The fraction of the training data held out for validation (recipe: 10%). */
        VALIDATION_FRACTION("validation fraction", "validation_fraction", RecipePoint.VALIDATION),
        /** The seed of initialization, shuffling, dropout and augmentation. */
        SEED("seed", "seed", null),
        /** The most passes over the training data. */
        MAX_EPOCHS("max epochs", "max_epochs", null),
        /** The most wall-clock time a run may train. */
        TIME_BUDGET("time budget", "time_budget_s", null),
        /** Evaluate every so many steps as well as at the end of each epoch. */
        EVAL_EVERY("evaluate every", "eval_every_steps", null),
        /** The global gradient-norm threshold (default: 5 for recurrent nets, off otherwise). */
        GRADIENT_CLIPPING("gradient clipping", "clip_norm", RecipePoint.GRADIENT_CLIPPING),
        /** The band of update/weight ratios outside which the ratio monitor warns (default [1e-4, 1e-2]). */
        UPDATE_RATIO_BAND("update/weight ratio band", "update_ratio_band", RecipePoint.UPDATE_RATIO),
        /** Rollbacks with a halved LR before a diverging run stops. */
        DIVERGENCE_RETRIES("divergence retries", null, null),
        /** Warm-up steps and restarts of the check that the net learns at all. */
        OFF_GROUND_CHECK("off-the-ground check", null, RecipePoint.INITIALIZATION),
        /** The weight initialization scheme. */
        INIT("init", "init", RecipePoint.INITIALIZATION),
        /** The loss (default: cross-entropy for labels, mean squared error for float targets). */
        LOSS("loss", "loss", RecipePoint.LOSS_AVERAGED);

        private final String label, settingsKey;
        private final RecipePoint point;

        Setting(String label, String settingsKey, RecipePoint point) {
            this.label = label;
            this.settingsKey = settingsKey;
            this.point = point;
        }

        /** How people call it, e.g. "learning rate". */
        public String label() {
            return label;
        }

        /** Its field in {@link Settings} as config.json names it (null: not listed there). */
        public String settingsKey() {
            return settingsKey;
        }

        /** The recipe point a change of this setting changes (null: none). */
        public RecipePoint point() {
            return point;
        }

        /** The setting of a label (config.json files before format 2 keyed overrides by label); null if none. */
        public static Setting byLabel(String label) {
            for (Setting s : values()) {
                if (s.label.equalsIgnoreCase(label)) {
                    return s;
                }
            }
            return null;
        }
    }

    private final Map<Setting, RecipeChecklist.Change> changes = new EnumMap<>(Setting.class);
    private String source = "code";

    /**
     * The recipe's defaults: batches of 128, SGD with momentum 0.9 at LR 0.1 halved when validation stalls,
     * 10% held out, seed 1, at most 100 epochs.
     */
    public TrainConfig() {
    }

    /** Later setters are attributed to this source (e.g. "command line"). */
    public TrainConfig source(String who) {
        this.source = who;
        return this;
    }

    private TrainConfig set(Setting setting, Object value) {
        changes.put(setting, new RecipeChecklist.Change(setting, source, String.valueOf(value)));
        return this;
    }

    /** Settings changed from the recipe defaults, with who changed them and to what. */
    public Map<Setting, RecipeChecklist.Change> overrides() {
        return Collections.unmodifiableMap(changes);
    }

    /** True if the setting was changed from the recipe default (by anyone). */
    public boolean isSet(Setting s) {
        return changes.containsKey(s);
    }

    /** Examples per training step (default 128). */
    public TrainConfig batchSize(int v) {
        batchSize = v;
        return set(Setting.BATCH_SIZE, v);
    }

    /** The learning rate to start from (default 0.1); the plateau schedule lowers it from there. */
    public TrainConfig lr(double v) {
        lr = v;
        return set(Setting.LEARNING_RATE, v);
    }

    /** The optimizer (default SGD with momentum 0.9). */
    public TrainConfig optimizer(OptimizerKind v) {
        optimizer = v;
        return set(Setting.OPTIMIZER, v.id());
    }

    /** "sgd" (momentum 0.9, the default), "nesterov", "adam" or "adamw". */
    public TrainConfig optimizer(String name) {
        return optimizer(OptimizerKind.parse(name));
    }

    /** SGD's momentum, in [0, 1) (default 0.9). */
    public TrainConfig momentum(double v) {
        momentum = v;
        return set(Setting.MOMENTUM, v);
    }

    /** SGD dampening; 0 gives PyTorch's (undampened) momentum. Default: equal to the momentum (averaged). */
    public TrainConfig dampening(double v) {
        dampening = v;
        return set(Setting.DAMPENING, v);
    }

    /** L2 weight decay, 0 or more (default 0; decoupled from the gradient for AdamW). */
    public TrainConfig weightDecay(double v) {
        weightDecay = v;
        return set(Setting.WEIGHT_DECAY, v);
    }

    /**
     * The fraction of the training data {@link TrainingData#holdOut} keeps back for validation, in (0, 1) (default
     * 0.1).
     */
    public TrainConfig validationFraction(double v) {
        validationFraction = v;
        return set(Setting.VALIDATION_FRACTION, v);
    }

    /** The seed of the validation split, initialization, shuffling, dropout and augmentation (default 1). */
    public TrainConfig seed(long v) {
        seed = v;
        return set(Setting.SEED, v);
    }

    /** Evaluations without a better validation score before the LR is divided (default 2). */
    public TrainConfig patience(int v) {
        patience = v;
        return set(Setting.PATIENCE, v);
    }

    /** What the LR is divided by when validation stalls, above 1 (default 2; the recipe says 2 or 5). */
    public TrainConfig lrDecayFactor(double v) {
        lrDecayFactor = v;
        return set(Setting.LR_DECAY_FACTOR, v);
    }

    /** Training stops once the LR falls below this fraction of the starting LR, in (0, 1) (default 1e-3). */
    public TrainConfig minLrFraction(double v) {
        minLrFraction = v;
        return set(Setting.MIN_LR_FRACTION, v);
    }

    /** The most passes over the training data (default 100); the plateau schedule usually stops sooner. */
    public TrainConfig maxEpochs(int v) {
        maxEpochs = v;
        return set(Setting.MAX_EPOCHS, v);
    }

    /** Wall-clock time the run may train (default none); near the end the LR is lowered at every stall. */
    public TrainConfig timeBudget(Duration v) {
        timeBudget = v;
        return set(Setting.TIME_BUDGET, Progress.time(v.toMillis() / 1000.0));
    }

    /**
     * Evaluate (and checkpoint) every {@code v} epochs instead of every epoch: for training sets so small that
     * an epoch is a step or two, so that the plateau schedule judges the LR after enough training.
     */
    public TrainConfig evalEveryEpochs(int v) {
        if (v < 1) {
            throw new IllegalArgumentException("evalEveryEpochs must be >= 1, got " + v);
        }
        evalEveryEpochs = v;
        return this;
    }

    /** Epochs between evaluations (default 1). */
    public int evalEveryEpochs() {
        return evalEveryEpochs;
    }

    /**
     * Also evaluate (and checkpoint) every {@code v} steps within an epoch; 0 (the default) evaluates once per epoch.
     */
    public TrainConfig evalEverySteps(int v) {
        evalEverySteps = v;
        return set(Setting.EVAL_EVERY, v + " steps");
    }

    /** Global gradient-norm clipping threshold; 0 turns clipping off. */
    public TrainConfig clipNorm(double v) {
        clipNorm = v;
        return set(Setting.GRADIENT_CLIPPING, v == 0 ? "off" : v);
    }

    /** The band of update/weight ratios the ratio monitor accepts (default [1e-4, 1e-2]; the recipe aims at 1e-3). */
    public TrainConfig updateRatioBand(double low, double high) {
        ratioLow = low;
        ratioHigh = high;
        return set(Setting.UPDATE_RATIO_BAND, "[" + low + ", " + high + "]");
    }

    /**
     * Before training, scale the LR so that the median update/weight ratio of a few short trials lands near 1e-3
     * (default off).
     */
    public TrainConfig calibrateLr(boolean v) {
        calibrateLr = v;
        return set(Setting.LR_CALIBRATION, v);
    }

    /**
     * How many times a diverging run is rolled back to its last good weights with a halved LR before it stops (default
     * 5).
     */
    public TrainConfig divergenceRetries(int v) {
        divergenceRetries = v;
        return set(Setting.DIVERGENCE_RETRIES, v);
    }

    /**
     * The off-the-ground check: after {@code steps} warm-up steps (at least 20; default 300) a net whose loss is not
     * clearly below the best constant prediction restarts from fresh weights, at most {@code attempts} times (default
     * 3).
     */
    public TrainConfig offGround(int steps, int attempts) {
        offGroundSteps = steps;
        offGroundAttempts = attempts;
        return set(Setting.OFF_GROUND_CHECK, steps + " steps, " + attempts + " attempts");
    }

    /** The weight initialization (default {@link Init#defaults()}: the recipe's scaled scheme). */
    public TrainConfig init(Init v) {
        init = v;
        return set(Setting.INIT, v);
    }

    /** The loss (default: cross-entropy when the data has labels, mean squared error for float targets). */
    public TrainConfig loss(Loss v) {
        loss = v;
        return set(Setting.LOSS, v.id());
    }

    /** Whether the trainer prints progress lines while it trains (default true). */
    public TrainConfig progress(boolean v) {
        progress = v;
        return this;
    }

    /**
     * The recipe's settings for a character language model, unless already set: batches of 64
     * sequences and Adam at LR 0.002 (on the KJV text, SGD at LR 1, the char-rnn setting, was at 2.37
     * bits per character after 3 minutes and Adam at 1.85; see EXPERIMENTS.md, "Defaults on data ldnn
     * has never seen"). An explicitly chosen SGD gets LR 1 (at LR 0.1 an LSTM language model's
     * update/weight ratio is ~1e-4, learning too slowly).
     */
    public TrainConfig textDefaults(String by) {
        perCharacter = true;
        String was = source;
        source = by;
        if (!isSet(Setting.BATCH_SIZE)) {
            batchSize(64);
        }
        if (!isSet(Setting.OPTIMIZER)) {
            optimizer(OptimizerKind.ADAM);
        }
        if (!isSet(Setting.LEARNING_RATE)) {
            lr(optimizer == OptimizerKind.ADAM || optimizer == OptimizerKind.ADAMW ? 0.002 : 1.0);
        }
        source = was;
        return this;
    }

    /** Examples per training step. */
    public int batchSize() {
        return batchSize;
    }

    /** The learning rate training starts from. */
    public double lr() {
        return lr;
    }

    /** The time budget (null: none). */
    public Duration timeBudget() {
        return timeBudget;
    }

    /** The run's seed. */
    public long seed() {
        return seed;
    }

    /** The weight initialization scheme. */
    public Init init() {
        return init;
    }

    /** The fraction of the training data held out for validation. */
    public double validationFraction() {
        return validationFraction;
    }

    /** The most passes over the training data. */
    public int maxEpochs() {
        return maxEpochs;
    }

    /** Examples per evaluation batch ({@link #EVAL_BATCH_SIZE}). */
    public int evalBatchSize() {
        return evalBatchSize;
    }

    /** The optimizer kind. */
    public OptimizerKind optimizer() {
        return optimizer;
    }

    /** The clipping threshold a model gets: the one set, else 5 for recurrent models (recipe point 8), else 0 (off). */
    public double clipNormFor(Module model) {
        return clipNorm != null ? clipNorm : model.isRecurrent() ? 5 : 0;
    }

    /** SGD dampening as used: the one set, else the momentum (averaged momentum). */
    double dampeningValue() {
        return dampening != null ? dampening : momentum;
    }

    /** Fails with a message naming the option, before any tensor is allocated. */
    public void validate() {
        require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
        require(lr > 0 && Double.isFinite(lr), "learning rate must be > 0, got " + lr);
        require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
        require(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
        require(dampening == null || (dampening >= 0 && dampening < 1), "dampening must be in [0, 1), got " + dampening);
        require(validationFraction > 0 && validationFraction < 1,
                "validation fraction must be in (0, 1), got " + validationFraction);
        require(patience >= 1, "patience must be >= 1, got " + patience);
        require(lrDecayFactor > 1, "LR decay factor must be > 1 (the recipe: 2 or 5), got " + lrDecayFactor);
        require(minLrFraction > 0 && minLrFraction < 1, "minimum LR fraction must be in (0, 1), got " + minLrFraction);
        require(maxEpochs >= 1, "max epochs must be >= 1, got " + maxEpochs);
        require(clipNorm == null || clipNorm >= 0, "gradient clipping threshold must be >= 0, got " + clipNorm);
        require(ratioLow > 0 && ratioLow < ratioHigh, "update ratio band must satisfy 0 < low < high");
        require(divergenceRetries >= 0, "divergence retries must be >= 0");
        require(offGroundSteps >= 20 && offGroundAttempts >= 0, "off-the-ground check needs >= 20 steps");
        require(evalEverySteps >= 0, "evaluate-every must be >= 0");
        require(evalBatchSize >= 1, "evaluation batch size must be >= 1");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("training config: " + message);
        }
    }

    /**
     * All settings as written to config.json and shown by {@code --help}: numbers as numbers; a null
     * {@code clipNorm} means "5 for recurrent nets, off otherwise", a null {@code loss} "from the data".
     */
    public record Settings(int batchSize, double lr, OptimizerKind optimizer, double momentum, double dampening,
                           double weightDecay, double validationFraction, long seed, int patience,
                           double lrDecayFactor, double minLrFraction, int maxEpochs, Long timeBudgetS,
                           int evalEverySteps, Double clipNorm, List<Double> updateRatioBand, String init,
                           String loss) {
    }

    /** Every setting's current value, as written to config.json. */
    public Settings settings() {
        return new Settings(batchSize, lr, optimizer, momentum, dampeningValue(), weightDecay, validationFraction,
                seed, patience, lrDecayFactor, minLrFraction, maxEpochs,
                timeBudget == null ? null : timeBudget.toSeconds(), evalEverySteps, clipNorm,
                List.of(ratioLow, ratioHigh), init.toString(), loss == null ? null : loss.id());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "TrainConfig%s", settings());
    }
}
