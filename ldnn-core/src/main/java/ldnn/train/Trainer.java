package ldnn.train;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ldnn.backend.Blas;
import ldnn.backend.Workspace;
import ldnn.data.Batch;
import ldnn.data.BatchSource;
import ldnn.nn.Init;
import ldnn.nn.Loss;
import ldnn.nn.Module;
import ldnn.optim.Optimizer;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * The recipe trainer. {@link #fit} runs minibatch SGD with the recipe's defaults; every recipe check
 * is a {@link Monitor} (the divergence guard, clipping, the update/weight ratio, the off-the-ground
 * retry, the plateau schedule, best-model selection) and the loop only carries out what they decide.
 * The model it leaves behind is the best one on validation.
 *
 * <p>{@link #computeGradients} and {@link #applyUpdate} expose one step in two halves. With
 * {@link #dataParallel} the trainer itself sums the gradients of all workers' shards in between, so
 * every monitor sees the global batch's gradient and loss, as on one machine.
 */
public final class Trainer implements Run {
    /** Steps between the training-step samples in the metrics log. */
    public static final int STEP_LOG_EVERY = 50;

    private final Module model;
    private final TrainConfig cfg;
    private final BestModel best = new BestModel();
    private final List<Monitor> monitors;
    private final RunLog log;
    private Loss loss;
    private Optimizer optimizer;
    private Measurements measurements = new Measurements();
    private double startLr;
    private String startLrNote = "";
    private long step, startNanos;
    /** Seconds trained in earlier sessions of this run (a resumed run counts its time budget over all of them). */
    private double secondsBefore;
    private int epoch, resumeSkip, partialBatches;
    private String stopReason;
    private Batch lastBatch;
    private Tensor lastOutput;
    /**
     * The memory of one step's forward and backward (activations, their gradients, dropout masks),
     * reused from step to step; lent from the start of {@link #computeGradients} until the next call.
     */
    private final Workspace workspace = new Workspace();
    private final HeapTrim heapTrim = new HeapTrim();
    /** Seconds from the start of this process to the end of its first training step (NaN before it). */
    private double firstStepSeconds = Double.NaN;
    /** The other workers of a data-parallel run (null: training alone). */
    private GradientExchange exchange;
    /** The gradients of all parameters and three numbers (loss sum, examples, budget spent), packed for the exchange. */
    private float[] packed;

    /** A trainer that prints its progress to standard output (unless {@link TrainConfig#progress} turns it off). */
    public Trainer(Module model, TrainConfig cfg) {
        this(model, cfg, System.out);
    }

    /**
     * A trainer for {@code model}, printing to {@code out}; the configuration is validated here, before anything is
     * allocated.
     */
    public Trainer(Module model, TrainConfig cfg, PrintStream out) {
        cfg.validate();
        this.model = model;
        this.cfg = cfg;
        this.log = new RunLog(out, cfg.progress, cfg.perCharacter);
        this.startLr = cfg.lr;
        // order matters within a hook: the guard decides before clipping touches the gradients
        this.monitors = List.of(DivergenceGuard.of(cfg), new GradientClipper(cfg.clipNormFor(model)),
                UpdateRatioMonitor.of(cfg), OffTheGroundCheck.of(cfg), PlateauSchedule.of(cfg), best);
    }

    /**
     * Synchronous data-parallel training: this trainer gets its worker's shard of every global batch
     * (see {@link ldnn.data.ShardedBatches}); after each backward the shard gradients, weighted by
     * shard size, are summed across the workers into the global batch's mean gradient, and so is the
     * loss. Every worker then applies the same update, and the decision to stop for the time budget is
     * taken together. The batch size and LR are the one-machine run's, whatever the number of workers.
     */
    public Trainer dataParallel(GradientExchange x) {
        if (cfg.calibrateLr && x.workers() > 1) {
            throw new IllegalArgumentException("data-parallel training: LR calibration (--calibrate-lr) runs on one"
                    + " worker's batches only; give the LR instead");
        }
        this.exchange = x.workers() > 1 ? x : null;
        return this;
    }

    /** Writes checkpoints and the metrics log (set by the caller that owns the run folder). */
    public Trainer recorder(RunRecorder r) {
        log.recorder(r);
        return this;
    }

    @Override public Module model() { return model; }
    @Override public Optimizer optimizer() { return optimizer; }
    @Override public TrainConfig config() { return cfg; }
    @Override public Loss loss() { return loss; }
    @Override public long step() { return step; }
    @Override public int epoch() { return epoch; }
    @Override public double startLr() { return startLr; }
    @Override public Measurements measurements() { return measurements; }

    @Override
    public double budgetLeft() {
        if (cfg.timeBudget == null || startNanos == 0) {
            return Double.NaN;
        }
        return 1 - elapsedNanos() / (double) cfg.timeBudget.toNanos();
    }

    /** Nanoseconds trained so far, earlier sessions of a resumed run included. */
    private long elapsedNanos() {
        return System.nanoTime() - startNanos + (long) (secondsBefore * 1e9);
    }

    @Override
    public void warn(String monitor, String message) {
        log.warning(new Note(step, epoch, monitor, message));
    }

    @Override
    public void event(String monitor, String message) {
        log.event(new Note(step, epoch, monitor, message));
    }

    /** Fresh weights from {@code init} (seeded by the attempt), a fresh optimizer at the start LR, step 0. */
    private void start(Init init, int attempt) {
        if (init != null) {
            model.initialize(init, new Rng(cfg.seed * 31 + attempt));
        }
        model.seedRandomLayers(new Rng(cfg.seed * 17 + 3));
        model.resetState();
        optimizer = cfg.optimizer.create(model.parameters(), startLr, cfg.momentum, cfg.dampeningValue(), cfg.weightDecay);
        step = 0;
        epoch = 0;
        log.restarted();
        measurements = new Measurements();
    }

    /** Keeps the weights, but starts the optimizer and the step count over at this LR (LR calibration). */
    void startOver(double lr) {
        startLr = lr;
        start(null, 0);
    }

    /**
     * Forward and backward on one batch (training mode): leaves the batch-averaged gradients in the
     * parameters' grad and returns the loss. Does not update anything.
     */
    public double computeGradients(Batch batch) {
        if (optimizer == null) {
            start(null, 0);
        }
        if (loss == null) {
            loss = cfg.loss != null ? cfg.loss : batch.labels() != null ? Loss.CROSS_ENTROPY : Loss.MSE;
        }
        model.train(true);
        optimizer.zeroGrad();
        lastBatch = batch;
        // the last step's activations and gradients go back to the workspace: this step reuses them
        workspace.recycle();
        if (batch.size() == 0) {
            lastOutput = null; // a data-parallel worker's empty shard (a last batch smaller than the workers)
            return 0;
        }
        try (var active = workspace.activate()) {
            lastOutput = model.forward(batch.x());
            Tensor l = loss.compute(lastOutput, batch.labels(), batch.targets());
            double lv = l.item();
            if (Double.isFinite(lv)) {
                l.backward();
            }
            return lv;
        }
    }

    /** The optimizer step with the monitors around it, from the gradients of the last batch. */
    public Decision applyUpdate(double lossValue) {
        return applyUpdate(lossValue, monitors);
    }

    Decision applyUpdate(double lossValue, List<? extends Monitor> watching) {
        step++;
        watching.forEach(m -> m.beforeUpdate(this));
        optimizer.step();
        Monitor.Step s = new Monitor.Step(lossValue, lastBatch, lastOutput);
        return Decision.ask(watching, m -> m.afterUpdate(this, s));
    }

    /** Trains with the recipe; returns when the LR has become tiny, the budget is spent, or training failed. */
    public TrainResult fit(TrainingData data) {
        return fit(data, null);
    }

    /**
     * Continues a run from its checkpoint (same model, optimizer, monitors, RNG states and data order), to
     * the weights an uninterrupted run would have ended with. A run's last checkpoint says why it stopped,
     * and training does not go on from it; to train further (a larger budget), pass
     * {@link Checkpoint#continued()}. The time budget counts the time of every session of the run.
     */
    public TrainResult fit(TrainingData data, Checkpoint resumeFrom) {
        startNanos = System.nanoTime();
        int firstEpoch = 0;
        if (resumeFrom != null) {
            firstEpoch = restore(resumeFrom);
            log.line(String.format(Locale.ROOT, "resumed from %s at epoch %d%s, step %d, LR %.3g", resumeFrom.describe(),
                    firstEpoch + 1, resumeSkip > 0 ? " batch " + (resumeSkip + 1) : "", step, optimizer.lr()));
        } else {
            start(cfg.init, 0);
            if (cfg.calibrateLr) {
                double from = startLr;
                startOver(LrCalibration.calibrate(this, data));
                startLrNote = String.format(Locale.ROOT, " (calibrated from %.3g)", from);
            }
        }
        log.line("training " + model.parameterCount() + " parameters on " + data.train().describe() + "; validation: "
                + data.validationNote() + "; " + optimizer.describe() + "; BLAS: " + Blas.get().describe());
        log.recorder().start(cfg, model, data);
        if (resumeFrom != null) {
            log.recorder().resumed(resumeFrom);
        }
        for (Decision d = runEpochs(data, firstEpoch); d instanceof Decision.Restart r; d = runEpochs(data, 0)) {
            if (r.lr() != startLr) {
                startLrNote = String.format(Locale.ROOT, " (lowered from %.3g by the off-the-ground check)", startLr);
            }
            startLr = r.lr();
            start(r.init(), r.attempt());
            monitors.forEach(m -> m.restarted(this));
        }
        best.restoreBest(this);
        model.resetState();
        double seconds = elapsedNanos() / 1e9;
        RecipeChecklist checklist = RecipeChecklist.of(model, cfg, data, monitors,
                String.format(Locale.ROOT, "started at LR %.3g%s; %s", startLr, startLrNote, optimizer.describe()));
        Checkpoint.Log l = log.snapshot();
        TrainResult result = new TrainResult(l.history(), best.evaluation(), best.epoch(),
                stopReason == null ? "finished" : stopReason, step, seconds, l.warnings(), l.events(), checklist,
                firstStepSeconds);
        log.line(String.format(Locale.ROOT, "stopped after %d steps (%s): %s; best validation %s at epoch %d", step,
                Progress.time(seconds), result.stopReason(), best.evaluation() == null ? "none" : best.evaluation().describe()
                        + (cfg.perCharacter ? String.format(Locale.ROOT, " (%.3f bits/char)", best.evaluation().loss() / Math.log(2))
                        : ""), best.epoch() + 1));
        log.recorder().finish(result);
        return result;
    }

    /** Trains epochs until a stop; returns a restart decision if a monitor asked for one. */
    private Decision runEpochs(TrainingData data, int firstEpoch) {
        long budgetNanos = cfg.timeBudget == null ? Long.MAX_VALUE : cfg.timeBudget.toNanos();
        TrainingWindow w = new TrainingWindow();
        for (epoch = firstEpoch; epoch < cfg.maxEpochs && stopReason == null; epoch++) {
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
                    boolean budgetSpent = false;
                    if (exchange != null) {
                        float[] sums = exchangeGradients(lv, b.size(), elapsedNanos() > budgetNanos);
                        lv = sums[0] / sums[1];
                        budgetSpent = sums[2] > 0;
                    }
                    double stepLoss = lv;
                    Decision d = Decision.ask(monitors, m -> m.lossComputed(this, stepLoss));
                    boolean updated = d == Decision.CONTINUE;
                    if (updated) {
                        d = applyUpdate(lv);
                        ldnn.io.FaultPoints.reachUnchecked("step");
                        if (Double.isNaN(firstStepSeconds)) {
                            firstStepSeconds = secondsSinceProcessStart();
                        }
                        seen += b.size();
                        w.add(lv, b, lastOutput, loss);
                        double rate = w.lastRate;
                        log.step(step, lv, mean -> record(mean, Double.NaN, Double.NaN, Double.NaN, Double.NaN, rate, Double.NaN));
                        log.progress().step(epoch, cfg.maxEpochs, seen, data.train().examples(), w.meanLoss(), optimizer.lr(), w.rate());
                    }
                    if (d instanceof Decision.Restart) {
                        return d;
                    }
                    act(d);
                    if (updated && cfg.evalEverySteps > 0 && step % cfg.evalEverySteps == 0) {
                        act(evaluate(data, w));
                        w = new TrainingWindow();
                    }
                    if (exchange != null ? budgetSpent : elapsedNanos() > budgetNanos) {
                        act(new Decision.Stop("the time budget of " + Progress.time(budgetNanos / 1e9) + " was spent"));
                    }
                }
                complete = !batches.hasNext();
            }
            // small data: the schedule is judged (and the run checkpointed) every evalEveryEpochs epochs
            if (cfg.evalEveryEpochs > 1 && (epoch + 1) % cfg.evalEveryEpochs != 0 && epoch + 1 < cfg.maxEpochs
                    && stopReason == null && complete) {
                continue;
            }
            if (w.steps > 0 || cfg.evalEverySteps == 0) {
                act(evaluate(data, w));
            }
            w = new TrainingWindow();
            partialBatches = complete ? 0 : consumed;
            log.recorder().checkpoint(capture(epoch));
        }
        if (stopReason == null) {
            act(new Decision.Stop("reached the maximum of " + cfg.maxEpochs + " epochs"));
        }
        return Decision.CONTINUE;
    }

    /**
     * Sums the shard gradients across the workers into the global batch's mean gradient (each shard's
     * mean gradient weighted by its size), in place; returns {loss sum, examples, budget-spent votes}.
     */
    private float[] exchangeGradients(double shardLoss, int shardSize, boolean budgetSpent) {
        java.util.Collection<Tensor> params = model.parameters().values();
        int n = 3;
        for (Tensor p : params) {
            n += p.numel();
        }
        if (packed == null || packed.length != n) {
            packed = new float[n];
        }
        int at = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null || shardSize == 0) {
                java.util.Arrays.fill(packed, at, at + p.numel(), 0f);
            } else {
                float[] gd = g.isContiguous() ? g.data() : g.toArray();
                int go = g.isContiguous() ? g.offset() : 0;
                ldnn.backend.Vec.mulScalar(gd, go, shardSize, packed, at, p.numel());
            }
            at += p.numel();
        }
        packed[at] = shardSize == 0 ? 0f : (float) (shardLoss * shardSize);
        packed[at + 1] = shardSize;
        packed[at + 2] = budgetSpent ? 1f : 0f;
        exchange.sum(packed, n);
        float examples = packed[at + 1];
        if (!(examples > 0)) {
            throw new IllegalStateException("data-parallel step " + (step + 1) + ": the workers' shards held no examples");
        }
        float inv = 1f / examples;
        at = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null || !g.isContiguous()) {
                g = Tensor.zeros(p.shape());
                p.setGrad(g);
            }
            ldnn.backend.Vec.mulScalar(packed, at, inv, g.data(), g.offset(), p.numel());
            at += p.numel();
        }
        return new float[] {packed[at], packed[at + 1], packed[at + 2]};
    }

    /** Seconds since this process started (the JVM's start where the OS does not say). */
    static double secondsSinceProcessStart() {
        java.util.Optional<java.time.Instant> start = ProcessHandle.current().info().startInstant();
        return start.isPresent() ? java.time.Duration.between(start.get(), java.time.Instant.now()).toNanos() / 1e9
                : java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
    }

    /** Carries out a stop (the first reason stays). */
    private void act(Decision d) {
        if (d instanceof Decision.Stop s && stopReason == null) {
            stopReason = s.reason();
        }
    }

    private EpochRecord record(double trainLoss, double trainError, double valLoss, double valError, double seconds,
                               double rate, double allocPerStep) {
        return new EpochRecord(epoch, step, trainLoss, trainError, valLoss, valError, optimizer.lr(), seconds, rate,
                measurements.gradNorm(), measurements.clippedSteps(), measurements.updateRatios(), allocPerStep);
    }

    private Decision evaluate(TrainingData data, TrainingWindow w) {
        double rate = w.rate(), allocPerStep = w.allocatedBytesPerStep();
        Evaluation val = Evaluator.of(model, data.validation(), loss == null ? Loss.CROSS_ENTROPY : loss);
        heapTrim.atEpochEnd();
        // a character model is judged by its loss (bits per character), not by next-character error
        Evaluation judged = cfg.perCharacter ? new Evaluation(val.loss(), Double.NaN, val.examples()) : val;
        Decision d = Decision.ask(monitors, m -> m.afterEvaluation(this, judged));
        EpochRecord r = record(w.meanLoss(), w.error(), val.loss(), val.error(), elapsedNanos() / 1e9, rate,
                allocPerStep);
        log.evaluation(r, best.isBest(judged));
        return d;
    }

    /** The state a checkpoint holds. */
    Checkpoint capture(int completedEpoch) {
        Map<String, MonitorState> states = new LinkedHashMap<>();
        monitors.forEach(m -> states.put(m.name(), m.state()));
        return new Checkpoint(completedEpoch, partialBatches, step, optimizer.lr(), startLr, model.state(),
                optimizer.state(), optimizer.steps(), states, Checkpoint.randomStates(model), log.snapshot(), stopReason, null);
    }

    /** Restores a checkpoint; returns the epoch to continue from. */
    private int restore(Checkpoint c) {
        startLr = c.startLr();
        start(null, 0);
        model.loadState(c.params());
        optimizer.loadState(c.optimizerState(), c.optimizerSteps());
        optimizer.setLr(c.lr());
        monitors.forEach(m -> m.restore(c.monitors().getOrDefault(m.name(), MonitorState.NONE)));
        c.restoreRandomStates(model);
        step = c.step();
        log.restore(c.log());
        resumeSkip = c.batchesDone();
        stopReason = c.stopReason(); // the run's last checkpoint: nothing more to train
        secondsBefore = c.secondsSpent();
        return c.batchesDone() > 0 ? c.epoch() : c.epoch() + 1;
    }
}
