package ldnn.train;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import ldnn.nn.Init;
import ldnn.nn.Loss;

/**
 * Every training setting, with the recipe's value as its default. Each setter records who changed it
 * (e.g. "--lr" from the command line, "code" from the Java API), so the end-of-run checklist can say
 * which recipe points were overridden and by whom. Validated before any tensor is allocated.
 */
public final class TrainConfig {
    // recipe defaults, one place
    int batchSize = 128;
    double lr = 0.1;
    String optimizer = "sgd";
    double momentum = 0.9;
    Double dampening = null; // null: averaged momentum (dampening = momentum), see ldnn.optim.Sgd
    boolean nesterov = false;
    double weightDecay = 0;
    double validationFraction = 0.1;
    long seed = 1;
    int patience = 2;
    double lrDecayFactor = 2;
    double minLrFraction = 1e-3;
    int maxEpochs = 100;
    Duration timeBudget = null;
    int evalEverySteps = 0;
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
    Path runDir = null;
    boolean progress = true;
    int evalBatchSize = 1000;

    private final Map<String, String> overrides = new LinkedHashMap<>();
    private String source = "code";

    /** Later setters are attributed to this source (e.g. "command line"). */
    public TrainConfig source(String who) {
        this.source = who;
        return this;
    }

    private TrainConfig set(String option, Object value) {
        overrides.put(option, source + ": " + value);
        return this;
    }

    /** Options changed from the recipe defaults, with who changed them and to what. */
    public Map<String, String> overrides() {
        return Collections.unmodifiableMap(overrides);
    }

    public TrainConfig batchSize(int v) {
        batchSize = v;
        return set("batch size", v);
    }

    public TrainConfig lr(double v) {
        lr = v;
        return set("learning rate", v);
    }

    /** "sgd" (momentum 0.9, the default), "nesterov", "adam" or "adamw". */
    public TrainConfig optimizer(String v) {
        optimizer = v.toLowerCase(java.util.Locale.ROOT);
        return set("optimizer", v);
    }

    public TrainConfig momentum(double v) {
        momentum = v;
        return set("momentum", v);
    }

    /** SGD dampening; 0 gives PyTorch's (undampened) momentum. Default: equal to the momentum (averaged). */
    public TrainConfig dampening(double v) {
        dampening = v;
        return set("dampening", v);
    }

    public TrainConfig weightDecay(double v) {
        weightDecay = v;
        return set("weight decay", v);
    }

    public TrainConfig validationFraction(double v) {
        validationFraction = v;
        return set("validation fraction", v);
    }

    public TrainConfig seed(long v) {
        seed = v;
        return set("seed", v);
    }

    public TrainConfig patience(int v) {
        patience = v;
        return set("patience", v);
    }

    public TrainConfig lrDecayFactor(double v) {
        lrDecayFactor = v;
        return set("LR decay factor", v);
    }

    public TrainConfig minLrFraction(double v) {
        minLrFraction = v;
        return set("minimum LR fraction", v);
    }

    public TrainConfig maxEpochs(int v) {
        maxEpochs = v;
        return set("max epochs", v);
    }

    public TrainConfig timeBudget(Duration v) {
        timeBudget = v;
        return set("time budget", Progress.time(v.toMillis() / 1000.0));
    }

    public TrainConfig evalEverySteps(int v) {
        evalEverySteps = v;
        return set("evaluate every", v + " steps");
    }

    /** Global gradient-norm clipping threshold; 0 turns clipping off. */
    public TrainConfig clipNorm(double v) {
        clipNorm = v;
        return set("gradient clipping", v == 0 ? "off" : v);
    }

    public TrainConfig updateRatioBand(double low, double high) {
        ratioLow = low;
        ratioHigh = high;
        return set("update/weight ratio band", "[" + low + ", " + high + "]");
    }

    public TrainConfig calibrateLr(boolean v) {
        calibrateLr = v;
        return set("LR calibration", v);
    }

    public TrainConfig divergenceRetries(int v) {
        divergenceRetries = v;
        return set("divergence retries", v);
    }

    public TrainConfig offGround(int steps, int attempts) {
        offGroundSteps = steps;
        offGroundAttempts = attempts;
        return set("off-the-ground check", steps + " steps, " + attempts + " attempts");
    }

    public TrainConfig init(Init v) {
        init = v;
        return set("init", v);
    }

    public TrainConfig loss(Loss v) {
        loss = v;
        return set("loss", v.id());
    }

    /** Where checkpoints, the metrics log and the model go; null keeps everything in memory. */
    public TrainConfig runDir(Path v) {
        runDir = v;
        return this;
    }

    public TrainConfig progress(boolean v) {
        progress = v;
        return this;
    }

    public int batchSize() {
        return batchSize;
    }

    public double lr() {
        return lr;
    }

    public long seed() {
        return seed;
    }

    public Init init() {
        return init;
    }

    public Path runDir() {
        return runDir;
    }

    public double validationFraction() {
        return validationFraction;
    }

    public int maxEpochs() {
        return maxEpochs;
    }

    /** The clipping threshold a model gets: the one set, else 5 for recurrent models (recipe point 8), else 0 (off). */
    public double clipNormFor(ldnn.nn.Module model) {
        return clipNorm != null ? clipNorm : model.isRecurrent() ? 5 : 0;
    }

    /** Fails with a message naming the option, before any tensor is allocated. */
    public void validate() {
        require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
        require(lr > 0 && Double.isFinite(lr), "learning rate must be > 0, got " + lr);
        require(java.util.List.of("sgd", "nesterov", "adam", "adamw").contains(optimizer),
                "optimizer must be sgd, nesterov, adam or adamw, got '" + optimizer + "'");
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
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("training config: " + message);
        }
    }

    /** All settings, for the run report and the checkpoint. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batch_size", batchSize);
        m.put("lr", lr);
        m.put("optimizer", optimizer);
        m.put("momentum", momentum);
        m.put("dampening", dampening == null ? momentum : dampening);
        m.put("weight_decay", weightDecay);
        m.put("validation_fraction", validationFraction);
        m.put("seed", seed);
        m.put("patience", patience);
        m.put("lr_decay_factor", lrDecayFactor);
        m.put("min_lr_fraction", minLrFraction);
        m.put("max_epochs", maxEpochs);
        m.put("time_budget_s", timeBudget == null ? null : timeBudget.toSeconds());
        m.put("eval_every_steps", evalEverySteps);
        m.put("clip_norm", clipNorm == null ? "auto" : clipNorm);
        m.put("update_ratio_band", ratioLow + ".." + ratioHigh);
        m.put("init", init.toString());
        m.put("loss", loss == null ? "auto" : loss.id());
        return m;
    }
}
