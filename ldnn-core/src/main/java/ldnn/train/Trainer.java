package ldnn.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ldnn.autograd.GradMode;
import ldnn.data.Batch;
import ldnn.data.BatchSource;
import ldnn.nn.Init;
import ldnn.nn.Loss;
import ldnn.nn.Module;
import ldnn.optim.Adam;
import ldnn.optim.Optimizer;
import ldnn.optim.Sgd;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * The recipe trainer. {@link #fit} runs minibatch SGD with the recipe's defaults and checks the recipe
 * while it trains: a plateau LR schedule on the validation error with stop at a tiny LR, the
 * update/weight ratio per layer, gradient clipping for recurrent nets, a divergence guard that rolls
 * back and halves the LR, and a re-initialization with more init pressure when the net never gets off
 * the ground. The model it leaves behind is the best one on validation.
 *
 * <p>{@link #computeGradients} and {@link #applyUpdate} expose one step in two halves, so data-parallel
 * training can average the gradients of several shards in between.
 */
public final class Trainer implements Run {
    /** Steps between the training-step samples in the metrics log. */
    public static final int STEP_LOG_EVERY = 50;

    private final Module model;
    private final TrainConfig cfg;
    private final PrintStream out;
    private Loss loss;
    private Optimizer optimizer;
    private List<Monitor> monitors = new ArrayList<>();
    private GradientClipper clipper;
    private UpdateRatioMonitor ratios;
    private PlateauSchedule schedule;
    private Init init;
    private String initNote;
    private double startLr;
    private RunRecorder recorder;

    private long step;
    private int epoch;
    private String stopReason;
    private Snapshot best, lastGood;
    private Evaluation bestEval;
    private int bestEpoch = -1;
    private int divergences, offGroundAttempts;
    private double referenceLoss = Double.NaN;
    private final List<Double> earlyLosses = new ArrayList<>();
    private List<EpochRecord> history = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>(), events = new ArrayList<>();
    private Progress progress;
    private Tensor lastOutput;
    /** Batches of the current epoch already trained on when a run stops mid-epoch (0 after a whole epoch). */
    private int partialBatches;
    /** Batches to skip at the start of the first epoch of a resumed run. */
    private int resumeSkip;

    public Trainer(Module model, TrainConfig cfg) {
        this(model, cfg, System.out);
    }

    public Trainer(Module model, TrainConfig cfg, PrintStream out) {
        cfg.validate();
        this.model = model;
        this.cfg = cfg;
        this.out = out;
        this.init = cfg.init;
        this.initNote = describeInit(cfg.init);
        this.startLr = cfg.lr;
    }

    /** Writes checkpoints and the metrics log (set by the caller that owns the run folder). */
    public Trainer recorder(RunRecorder r) {
        this.recorder = r;
        return this;
    }

    // ------------------------------------------------------------------ Run (what monitors see)

    @Override
    public Module model() {
        return model;
    }

    @Override
    public Optimizer optimizer() {
        return optimizer;
    }

    @Override
    public TrainConfig config() {
        return cfg;
    }

    @Override
    public long step() {
        return step;
    }

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public void warn(String monitor, String message) {
        String w = "step " + step + ": " + message;
        warnings.add(w);
        if (progress != null) {
            progress.line("warning (" + monitor + ") " + w);
        }
        if (recorder != null) {
            recorder.event(step, epoch, "warning", monitor, message);
        }
    }

    @Override
    public void event(String monitor, String message) {
        events.add("step " + step + ": " + message);
        if (progress != null) {
            progress.line("(" + monitor + ") " + message);
        }
        if (recorder != null) {
            recorder.event(step, epoch, "event", monitor, message);
        }
    }

    @Override
    public void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    private long startNanos;

    @Override
    public double budgetLeft() {
        if (cfg.timeBudget == null || startNanos == 0) {
            return Double.NaN;
        }
        return 1 - (System.nanoTime() - startNanos) / (double) cfg.timeBudget.toNanos();
    }

    @Override
    public void markBest(Evaluation eval) {
        best = new Snapshot(model, null);
        bestEval = eval;
        bestEpoch = epoch;
    }

    // ------------------------------------------------------------------ set-up

    private Optimizer makeOptimizer(double lr) {
        Map<String, Tensor> p = model.parameters();
        return switch (cfg.optimizer) {
            case "sgd" -> new Sgd(p, lr, cfg.momentum, damp(), false, cfg.weightDecay);
            case "nesterov" -> new Sgd(p, lr, cfg.momentum, damp(), true, cfg.weightDecay);
            case "adam" -> new Adam(p, lr, 0.9, 0.999, 1e-8, cfg.weightDecay, false);
            case "adamw" -> new Adam(p, lr, 0.9, 0.999, 1e-8, cfg.weightDecay, true);
            default -> throw new IllegalArgumentException("unknown optimizer " + cfg.optimizer);
        };
    }

    private double damp() {
        return cfg.dampening != null ? cfg.dampening : cfg.momentum;
    }

    private void setUp(boolean initialize) {
        if (initialize) {
            model.initialize(init, new Rng(cfg.seed * 31 + offGroundAttempts));
        }
        model.seedRandomLayers(new Rng(cfg.seed * 17 + 3));
        model.resetState();
        optimizer = makeOptimizer(startLr);
        clipper = new GradientClipper(cfg.clipNormFor(model));
        ratios = new UpdateRatioMonitor(cfg.ratioLow, cfg.ratioHigh, cfg.ratioTarget, cfg.ratioEvery, cfg.ratioPatienceSteps);
        schedule = new PlateauSchedule(cfg.patience, cfg.lrDecayFactor, startLr, cfg.minLrFraction);
        monitors = new ArrayList<>(List.of(clipper, ratios, schedule));
        step = 0;
        epoch = 0;
        best = null;
        bestEval = null;
        bestEpoch = -1;
        history = new ArrayList<>();
        earlyLosses.clear();
        referenceLoss = Double.NaN;
        lastGood = new Snapshot(model, optimizer);
    }

    private Loss lossFor(Batch sample) {
        if (cfg.loss != null) {
            return cfg.loss;
        }
        return sample.labels() != null ? Loss.CROSS_ENTROPY : Loss.MSE;
    }

    // ------------------------------------------------------------------ one step, in two halves

    /**
     * Forward and backward on one batch (training mode): leaves the batch-averaged gradients in the
     * parameters' grad and returns the loss. Does not update anything.
     */
    public double computeGradients(Batch batch) {
        if (optimizer == null) {
            setUp(false);
        }
        if (loss == null) {
            loss = lossFor(batch);
        }
        model.train(true);
        optimizer.zeroGrad();
        lastOutput = model.forward(batch.x());
        Tensor l = loss.compute(lastOutput, batch);
        double lv = l.item();
        if (Double.isFinite(lv)) {
            l.backward();
        }
        return lv;
    }

    /** Clipping, the optimizer step and the monitors, from the gradients now in the parameters. */
    public void applyUpdate(double lossValue) {
        step++;
        for (Monitor m : monitors) {
            m.beforeUpdate(this);
        }
        optimizer.step();
        for (Monitor m : monitors) {
            m.afterUpdate(this, lossValue);
        }
    }

    // ------------------------------------------------------------------ the loop

    /** Trains with the recipe; returns when the LR has become tiny, the budget is spent, or training failed. */
    public TrainResult fit(TrainingData data) {
        return fit(data, null);
    }

    /** Continues a run from its checkpoint (same model, optimizer, schedule, RNG states and data order). */
    public TrainResult fit(TrainingData data, Checkpoint resumeFrom) {
        long t0 = System.nanoTime();
        startNanos = t0;
        progress = new Progress(out, cfg.progress);
        int firstEpoch = 0;
        if (resumeFrom != null) {
            setUp(false);
            firstEpoch = restore(resumeFrom);
            progress.line(String.format(Locale.ROOT, "resumed from %s at epoch %d%s, step %d, LR %.3g",
                    resumeFrom.describe(), firstEpoch + 1, resumeSkip > 0 ? " batch " + (resumeSkip + 1) : "", step,
                    optimizer.lr()));
        } else {
            setUp(true);
            if (cfg.calibrateLr) {
                calibrate(data);
            }
        }
        progress.line("training " + model.parameterCount() + " parameters on " + data.train().describe()
                + "; validation: " + data.validationNote() + "; " + optimizer.describe() + "; BLAS: "
                + ldnn.backend.Blas.get().describe());
        if (recorder != null) {
            recorder.start(cfg, model, data);
            if (resumeFrom != null) {
                recorder.resumed(resumeFrom);
            }
        }
        while (true) {
            try {
                runEpochs(data, firstEpoch, t0);
                break;
            } catch (RestartException r) {
                firstEpoch = 0;
            }
        }
        if (best != null) {
            best.restore(model, null);
        }
        model.resetState();
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<RecipeChecklist.Item> checklist = RecipeChecklist.build(model, cfg, data, monitors,
                optimizer.describe(), initNote, startLr, 1);
        TrainResult result = new TrainResult(List.copyOf(history), bestEval, bestEpoch,
                stopReason == null ? "finished" : stopReason, step, seconds, List.copyOf(warnings),
                List.copyOf(events), checklist);
        progress.line(String.format(Locale.ROOT, "stopped after %d steps (%s): %s; best validation %s at epoch %d",
                step, Progress.time(seconds), result.stopReason(), describe(bestEval), bestEpoch + 1));
        if (recorder != null) {
            recorder.finish(result);
        }
        return result;
    }

    private void runEpochs(TrainingData data, int firstEpoch, long t0) {
        long budgetNanos = cfg.timeBudget == null ? Long.MAX_VALUE : cfg.timeBudget.toNanos();
        long perEpoch = data.train().examples();
        for (epoch = firstEpoch; epoch < cfg.maxEpochs && stopReason == null; epoch++) {
            Window w = new Window();
            int consumed = 0;
            boolean complete;
            try (BatchSource.Batches batches = data.train().epoch(epoch)) {
                long seen = 0;
                for (; resumeSkip > 0 && batches.hasNext(); resumeSkip--) { // a run stopped mid-epoch resumes there
                    seen += batches.next().size();
                    consumed++;
                }
                while (batches.hasNext() && stopReason == null) {
                    Batch b = batches.next();
                    consumed++;
                    double lv = computeGradients(b);
                    if (!healthy(lv)) {
                        recover(lv);
                        continue;
                    }
                    applyUpdate(lv);
                    seen += b.size();
                    w.add(lv, b, lastOutput, loss);
                    sampleStep(lv, w);
                    checkOffTheGround(lv, b);
                    progress.step(epoch, cfg.maxEpochs, seen, perEpoch, w.meanLoss(), optimizer.lr(), w.rate());
                    if (cfg.evalEverySteps > 0 && step % cfg.evalEverySteps == 0) {
                        evaluate(data, w, t0);
                        w = new Window();
                    }
                    if (System.nanoTime() - t0 > budgetNanos) {
                        stop("the time budget of " + Progress.time(budgetNanos / 1e9) + " was spent");
                    }
                }
                complete = !batches.hasNext();
            }
            if (w.steps > 0 || cfg.evalEverySteps == 0) {
                evaluate(data, w, t0);
            }
            partialBatches = complete ? 0 : consumed;
            if (recorder != null) {
                recorder.checkpoint(this, epoch);
            }
        }
        if (stopReason == null) {
            stop("reached the maximum of " + cfg.maxEpochs + " epochs");
        }
    }

    /** Training statistics since the last evaluation. */
    private static final class Window {
        final long start = System.nanoTime();
        long steps, examples, wrong, counted;
        double lossSum;
        double lastRate;

        void add(double lv, Batch b, Tensor output, Loss loss) {
            steps++;
            examples += b.size();
            lossSum += lv;
            long[] e = loss.errors(output, b);
            wrong += e[0];
            counted += e[1];
        }

        double error() {
            return counted == 0 ? Double.NaN : (double) wrong / counted;
        }

        double meanLoss() {
            return steps == 0 ? Double.NaN : lossSum / steps;
        }

        double rate() {
            double s = (System.nanoTime() - start) / 1e9;
            lastRate = s > 0 ? examples / s : 0;
            return lastRate;
        }
    }

    private double stepLossSum;
    private int stepLossCount;

    private void sampleStep(double lv, Window w) {
        stepLossSum += lv;
        stepLossCount++;
        if (recorder == null || step % STEP_LOG_EVERY != 0) {
            return;
        }
        recorder.step(new EpochRecord(epoch, step, stepLossSum / stepLossCount, Double.NaN, Double.NaN, Double.NaN,
                optimizer.lr(), 0, w.lastRate, clipper.lastNorm(), clipper.clipped(), Map.copyOf(ratios.latest())));
        stepLossSum = 0;
        stepLossCount = 0;
    }

    private void evaluate(TrainingData data, Window w, long t0) {
        double rate = w.rate();
        Evaluation val = evaluate(model, data.validation(), loss == null ? Loss.CROSS_ENTROPY : loss);
        for (Monitor m : monitors) {
            m.afterEvaluation(this, val);
        }
        if (Double.isFinite(val.loss())) {
            lastGood = new Snapshot(model, optimizer);
        }
        EpochRecord r = new EpochRecord(epoch, step, w.meanLoss(), w.error(), val.loss(), val.error(),
                optimizer.lr(), (System.nanoTime() - t0) / 1e9, rate, clipper.lastNorm(), clipper.clipped(),
                Map.copyOf(ratios.latest()));
        history.add(r);
        progress.evaluation(r, bestEval == val);
        if (recorder != null) {
            recorder.record(r);
        }
    }

    /**
     * Loss and error of a model on a batch source (evaluation mode, nothing recorded). The loss is the
     * mean over predictions: over examples, or over characters for a sequence model.
     */
    public static Evaluation evaluate(Module model, BatchSource source, Loss loss) {
        boolean was = model.isTraining();
        model.eval();
        model.resetState();
        double lossSum = 0;
        long n = 0, wrong = 0, counted = 0;
        try (var ng = GradMode.noGrad(); BatchSource.Batches it = source.epoch(0)) {
            while (it.hasNext()) {
                Batch b = it.next();
                Tensor out = model.forward(b.x());
                // weight each batch by its predictions (rows x time steps for sequences), not its rows
                long predictions = b.labels() != null ? b.labels().numel() : b.size();
                lossSum += loss.compute(out, b).item() * predictions;
                long[] e = loss.errors(out, b);
                wrong += e[0];
                counted += e[1];
                n += predictions;
            }
        } finally {
            model.resetState();
            model.train(was);
        }
        return new Evaluation(n == 0 ? Double.NaN : lossSum / n, counted == 0 ? Double.NaN : (double) wrong / counted, n);
    }

    // ------------------------------------------------------------------ LR calibration

    /**
     * Optional: a short trial from the initial weights measures the update/weight ratio, and the LR is
     * scaled so its median lands on the target (about 1e-3); then the weights go back to where they started.
     */
    private void calibrate(TrainingData data) {
        int steps = 20;
        double lr = optimizer.lr();
        StringBuilder trials = new StringBuilder();
        for (int trial = 0; trial < 4; trial++) {
            double med = trialRatio(data, steps);
            trials.append(String.format(Locale.ROOT, "%strial of %d steps at LR %.3g: median update/weight ratio %.2e",
                    trial == 0 ? "" : "; ", steps, optimizer.lr(), med));
            if (!(med > 0) || !Double.isFinite(med)) {
                warn("lr-calibration", "could not measure the update/weight ratio (" + trials + "); keeping LR " + lr);
                startLr = lr;
                setUp(false);
                return;
            }
            startLr = optimizer.lr() * cfg.ratioTarget / med;
            setUp(false);
            if (med > cfg.ratioTarget / 2 && med < cfg.ratioTarget * 2) {
                break; // close enough: the ratio is not exactly proportional to the LR, so iterate otherwise
            }
        }
        event("lr-calibration", String.format(Locale.ROOT, "%s; starting at LR %.3g to aim at %.0e", trials, startLr,
                cfg.ratioTarget));
    }

    /** Trains a few steps from the current weights, then puts weights, optimizer and generators back. */
    private double trialRatio(TrainingData data, int steps) {
        Snapshot start = new Snapshot(model, optimizer);
        UpdateRatioMonitor probe = new UpdateRatioMonitor(cfg.ratioLow, cfg.ratioHigh, cfg.ratioTarget, 1, Integer.MAX_VALUE);
        List<Monitor> saved = monitors;
        monitors = List.of(probe);
        try (BatchSource.Batches batches = data.train().epoch(0)) {
            for (int i = 0; i < steps && batches.hasNext(); i++) {
                double lv = computeGradients(batches.next());
                if (!Double.isFinite(lv)) {
                    break;
                }
                applyUpdate(lv);
            }
        } finally {
            monitors = saved;
            start.restore(model, optimizer);
            step = 0;
        }
        return probe.median();
    }

    // ------------------------------------------------------------------ divergence guard

    private boolean healthy(double lv) {
        if (earlyLosses.size() < 10 && Double.isFinite(lv)) {
            earlyLosses.add(lv);
            referenceLoss = earlyLosses.stream().mapToDouble(d -> d).average().orElse(lv);
        }
        return Double.isFinite(lv) && !(lv > cfg.explodeFactor * Math.max(referenceLoss, 1e-3));
    }

    private void recover(double lv) {
        divergences++;
        double lr = optimizer.lr();
        String what = Double.isNaN(lv) ? "NaN" : Double.isInfinite(lv) ? "infinite" : String.format(Locale.ROOT, "%.3g", lv);
        if (divergences > cfg.divergenceRetries) {
            String ratioNote = ratios.latest().isEmpty() ? "" : String.format(Locale.ROOT,
                    " The largest update/weight ratio just before was %.1e (the recipe wants about 1e-3).",
                    ratios.latest().values().stream().mapToDouble(d -> d).max().orElse(0));
            stop(String.format(Locale.ROOT, "training diverged %d times (last: %s loss at step %d, LR %.3g); rolling "
                    + "back and halving the LR did not help.%s Try a smaller --lr, gradient clipping (--clip 5), or "
                    + "check the data for extreme values (ldnn doctor).", divergences, what, step, lr, ratioNote));
            lastGood.restore(model, optimizer);
            return;
        }
        lastGood.restore(model, optimizer);
        optimizer.setLr(lr / 2);
        model.resetState();
        warn("divergence-guard", String.format(Locale.ROOT,
                "%s loss: rolled back to the last good weights and halved the LR to %.3g (%d of %d retries)",
                what, lr / 2, divergences, cfg.divergenceRetries));
    }

    // ------------------------------------------------------------------ never got off the ground

    private static final class RestartException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RestartException() {
            super(null, null, false, false);
        }
    }

    private final List<Double> groundLosses = new ArrayList<>();
    private ConstantBaseline baseline = new ConstantBaseline();

    /**
     * After the warm-up budget, the recent training loss is compared with the loss of the best
     * constant prediction (e.g. the label entropy): a net not clearly below it has not got off the ground.
     */
    private void checkOffTheGround(double lv, Batch b) {
        if (offGroundAttempts >= cfg.offGroundAttempts + 1 || step > cfg.offGroundSteps) {
            return;
        }
        groundLosses.add(lv);
        baseline.add(b);
        if (step < cfg.offGroundSteps) {
            return;
        }
        int n = groundLosses.size(), k = Math.max(5, n / 5);
        double first = baseline.loss(loss);
        double last = groundLosses.subList(n - k, n).stream().mapToDouble(d -> d).average().orElse(0);
        groundLosses.clear();
        baseline = new ConstantBaseline();
        double drop = (first - last) / Math.max(Math.abs(first), 1e-12);
        if (drop >= cfg.offGroundMinDrop) {
            offGroundAttempts = cfg.offGroundAttempts + 1; // it flew: no more checks
            return;
        }
        if (offGroundAttempts >= cfg.offGroundAttempts) {
            warn("off-the-ground", String.format(Locale.ROOT,
                    "the training loss is %2$.4g after %4$d steps, against %1$.4g for a constant prediction (%3$.1f%% lower), even after %5$d "
                    + "re-initializations; the net is not learning. Check the data and labels, or try another architecture.",
                    first, last, 100 * drop, cfg.offGroundSteps, offGroundAttempts));
            offGroundAttempts++;
            return;
        }
        offGroundAttempts++;
        double peak = ratios.peakMedian();
        String why = String.format(Locale.ROOT, "the training loss is %.4g after %d steps, no better than %.4g for a constant "
                + "prediction: the net did not get off the ground", last, cfg.offGroundSteps, first);
        if (peak > cfg.ratioHigh) {
            // updates were too large at some point (units die, the net collapses): a LR problem, not an init problem
            double lr = startLr;
            startLr = lr * Math.max(0.1, cfg.ratioTarget / peak);
            warn("off-the-ground", String.format(Locale.ROOT, "%s; its update/weight ratio peaked at %.1e (above %.0e), "
                    + "so the LR was too high: re-initialized with %s and LR %.3g instead of %.3g (attempt %d of %d)",
                    why, peak, cfg.ratioHigh, init, startLr, lr, offGroundAttempts, cfg.offGroundAttempts));
            events.add("LR lowered to " + startLr + " by the off-the-ground check");
        } else {
            Init before = init;
            init = nextInit(init);
            initNote = describeInit(init) + " (after " + offGroundAttempts + " re-initialization"
                    + (offGroundAttempts == 1 ? "" : "s") + " from " + before + ")";
            warn("off-the-ground", String.format(Locale.ROOT, "%s with init %s; re-initialized with %s (attempt %d of %d)",
                    why, before, init, offGroundAttempts, cfg.offGroundAttempts));
        }
        setUp(true);
        throw new RestartException();
    }

    /** More pressure on the initialization: from a fixed small std to the scaled scheme, then doubling it. */
    static Init nextInit(Init current) {
        if (current.kind() == Init.Kind.NORMAL) {
            return Init.scaled(1);
        }
        return current.times(2);
    }

    private static String describeInit(Init i) {
        return i.kind() == Init.Kind.SCALED ? i + ": " + i.value() + "/sqrt(fan_in)*randn, gain sqrt(2) before ReLU"
                : i + ": " + i.value() + "*randn";
    }

    private static String describe(Evaluation e) {
        if (e == null) {
            return "none";
        }
        return Double.isNaN(e.error()) ? String.format(Locale.ROOT, "loss %.4f", e.loss())
                : String.format(Locale.ROOT, "error %.2f%% (loss %.4f)", 100 * e.error(), e.loss());
    }

    // ------------------------------------------------------------------ checkpoints

    /** The state a checkpoint holds. */
    Checkpoint capture(int completedEpoch) {
        Map<String, Map<String, Object>> ms = new java.util.LinkedHashMap<>();
        for (Monitor m : monitors) {
            ms.put(m.name(), m.state());
        }
        Map<String, long[]> rngs = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Module> e : model.modules().entrySet()) {
            if (e.getValue() instanceof Module.RandomLayer r) {
                rngs.put(e.getKey(), r.rng().state());
            }
        }
        return new Checkpoint(completedEpoch, step, optimizer.lr(), model.parameters(), optimizer.state(),
                optimizer.steps(), best == null ? null : best.asTensors(model), bestEval, bestEpoch, ms, rngs,
                List.copyOf(history), List.copyOf(warnings), List.copyOf(events), divergences, offGroundAttempts,
                init.toString(), partialBatches, null);
    }

    /** Restores a checkpoint; returns the epoch to continue from. */
    private int restore(Checkpoint c) {
        init = Init.parse(c.init());
        initNote = describeInit(init);
        model.loadParameters(c.params());
        optimizer.loadState(c.optimizerState(), c.optimizerSteps());
        optimizer.setLr(c.lr());
        for (Monitor m : monitors) {
            Map<String, Object> s = c.monitors().get(m.name());
            if (s != null && !s.isEmpty()) {
                m.restore(s);
            }
        }
        for (Map.Entry<String, Module> e : model.modules().entrySet()) {
            if (e.getValue() instanceof Module.RandomLayer r && c.rngs().containsKey(e.getKey())) {
                r.rng().setState(c.rngs().get(e.getKey()));
            }
        }
        if (c.bestParams() != null) {
            Map<String, Tensor> now = new java.util.LinkedHashMap<>();
            model.parameters().forEach((k, v) -> now.put(k, v.copy()));
            model.loadParameters(c.bestParams());
            best = new Snapshot(model, null);
            model.loadParameters(now);
        }
        bestEval = c.bestEval();
        bestEpoch = c.bestEpoch();
        step = c.step();
        history = new ArrayList<>(c.history());
        warnings.addAll(c.warnings());
        events.addAll(c.events());
        divergences = c.divergences();
        offGroundAttempts = c.offGroundAttempts();
        lastGood = new Snapshot(model, optimizer);
        resumeSkip = c.batchesDone();
        return c.batchesDone() > 0 ? c.epoch() : c.epoch() + 1;
    }
}
