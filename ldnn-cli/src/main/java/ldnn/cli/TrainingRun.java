package ldnn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import ldnn.data.Augmenter;
import ldnn.data.BatchSource;
import ldnn.data.DataDoctor;
import ldnn.data.DataSource;
import ldnn.data.DoctorReport;
import ldnn.data.Finding;
import ldnn.data.GaussianNoise;
import ldnn.data.ImageAugmenter;
import ldnn.data.Preprocessor;
import ldnn.data.TextBatches;
import ldnn.model.ModelFile;
import ldnn.nn.Sequential;
import ldnn.train.Checkpoint;
import ldnn.train.Ensemble;
import ldnn.train.MemoryNeed;
import ldnn.train.RunFiles;
import ldnn.train.RunFolder;
import ldnn.train.RunLock;
import ldnn.train.TrainConfig;
import ldnn.train.TrainResult;
import ldnn.train.Trainer;
import ldnn.train.TrainingData;
import picocli.CommandLine.ParseResult;

/**
 * One training run as `ldnn train` and `ldnn resume` do it: load the data, build the model, run the data
 * doctor, fit the preprocessing on the training split, train (one net or an ensemble) into a run
 * folder, then hand over to {@link RunResults} for the test evaluation, model file, summary and report.
 * Nothing is written before the data and the model spec have been checked.
 */
final class TrainingRun {
    /** Everything the trainer needs, prepared from the data and options. */
    record Prepared(String spec, int[] exampleShape, int vocab, List<String> classNames, Supplier<Sequential> factory,
                    Preprocessor preprocessor, Function<TrainConfig, TrainingData> dataFor, BatchSource validation,
                    BatchSource test, long testUnits, boolean text, boolean mirrorAtTest, Double unigramBits) {
        /** How test predictions are made, as the model file records it. */
        String testTime() {
            return mirrorAtTest ? ModelFile.MIRROR : ModelFile.NO_TTA;
        }
    }

    private final TrainCommand o;
    private final ParseResult given;
    private final List<String> arguments;
    private final PrintWriter out;
    private Integer epochsOverride;
    private String timeOverride;
    /** The training split's size once the data is prepared (labelled data; -1 before, or for text). */
    private int trainSize = -1;

    /** Steps an evaluation should follow at least: fewer, and the plateau schedule judges the LR on noise. */
    static final int MIN_STEPS_PER_EVALUATION = 50;

    /** @param arguments the train command's arguments as given (saved for resume) */
    TrainingRun(TrainCommand options, ParseResult given, List<String> arguments, PrintWriter out) {
        this.o = options;
        this.given = given;
        this.arguments = arguments;
        this.out = out;
    }

    /** The time budget of a named image data set when neither --time nor --epochs is given (per ensemble member). */
    static final Duration DEFAULT_IMAGE_BUDGET = Duration.ofMinutes(14);

    /** Budget changes for a resumed run (`ldnn resume --epochs 20 --time 10m`). */
    TrainingRun budget(Integer epochs, String time) {
        this.epochsOverride = epochs;
        this.timeOverride = time;
        return this;
    }

    /** A fresh config from the options (each ensemble member gets its own). */
    TrainConfig config(boolean text) {
        TrainConfig c = o.recipe.toConfig(given);
        if (text) {
            c.textDefaults("ldnn train for text");
        }
        String named = o.data.toLowerCase(Locale.ROOT);
        if ((named.equals("fashion-mnist") || named.equals("mnist"))
                && !c.isSet(TrainConfig.Setting.TIME_BUDGET) && !c.isSet(TrainConfig.Setting.MAX_EPOCHS)) {
            // the main job's promise: a convnet on 2 cores finishes, with its test result, inside 15 minutes
            c.source("ldnn train for " + named).timeBudget(DEFAULT_IMAGE_BUDGET);
        }
        c.source("ldnn resume");
        if (epochsOverride != null) {
            c.maxEpochs(epochsOverride);
        }
        if (timeOverride != null) {
            c.timeBudget(RecipeOptions.duration(timeOverride));
        }
        c.source("command line").progress(!o.quiet);
        smallData(c);
        c.validate();
        return c;
    }

    /**
     * A training split so small that an epoch is a few steps (101 rows at batch 128: one step) would have
     * the plateau schedule judge the LR after every step or two; it is judged every few epochs instead, so
     * that each evaluation follows at least {@link #MIN_STEPS_PER_EVALUATION} steps, and the epoch limit
     * grows to match. Not when --epochs or --eval-every says otherwise. Returns what it did, or null.
     */
    private String smallData(TrainConfig c) {
        if (trainSize < 1 || c.isSet(TrainConfig.Setting.MAX_EPOCHS) || c.isSet(TrainConfig.Setting.EVAL_EVERY)
                || c.evalEveryEpochs() > 1) {
            return null;
        }
        int steps = (trainSize + c.batchSize() - 1) / c.batchSize();
        if (steps >= MIN_STEPS_PER_EVALUATION) {
            return null;
        }
        int k = (MIN_STEPS_PER_EVALUATION + steps - 1) / steps;
        int epochs = c.maxEpochs() * k;
        c.evalEveryEpochs(k).source("ldnn train for small data").maxEpochs(epochs).source("command line");
        return String.format(Locale.ROOT, "small data: %d training examples make %d step%s per epoch, so the LR schedule"
                + " is judged every %d epochs (%d steps), for at most %d epochs", trainSize, steps, steps == 1 ? "" : "s",
                k, k * steps, epochs);
    }

    /**
     * A resumed session of a run: with `--epochs` or `--time` training goes on even from the run's last
     * checkpoint, and `--time` is a budget for this session, on top of what the run already spent (the
     * budget counts over all sessions); without them the run continues exactly as it would have.
     */
    Checkpoint forSession(TrainConfig cfg, Checkpoint cp) {
        if (cp == null || (epochsOverride == null && timeOverride == null)) {
            return cp;
        }
        if (timeOverride != null) {
            cfg.source("ldnn resume --time").timeBudget(RecipeOptions.duration(timeOverride)
                    .plusMillis((long) (cp.secondsSpent() * 1000))).source("command line");
        }
        return cp.continued();
    }

    /** Trains (from scratch, or continuing a checkpoint in its run folder) and reports; returns the exit code. */
    int run(Checkpoint resumeFrom, Path resumeDir) throws IOException {
        checkRanges();
        checkCluster();
        boolean text = DataSource.isText(o.data);
        if (o.ensemble > 1 && text) {
            throw new IllegalArgumentException("--ensemble: ensembles of character language models are not supported"
                    + " (Ensemble averages per batch and resets a stateful net's state each window); train single models");
        }
        TrainConfig cfg = config(text);
        resumeFrom = forSession(cfg, resumeFrom);
        Path dir = resumeDir != null ? resumeDir : newRunFolder(DataSource.shortName(o.data));
        DataSource data = DataArgument.load(o.data, o.testFraction, cfg.seed(), o.label, o.delimiter, o.test);
        checkApplicable(data);
        say("data: " + data.describe());
        Prepared p = prepare(data, cfg);
        String small = smallData(cfg);
        if (small != null) {
            say(small);
        }
        int atOnce = o.ensemble == 1 ? 1 : Math.min(Runtime.getRuntime().availableProcessors(), o.ensemble);
        if (o.spark == null) {
            MemoryNeed.of(p.factory().get(), p.exampleShape(), cfg, atOnce).check("this run");
        }
        RunLock lock = RunLock.acquire(dir);
        try {
            return run(resumeFrom, resumeDir, cfg, new RunFolder(dir, launch(data, p)), data, p);
        } catch (IOException | java.io.UncheckedIOException e) { // a checkpoint, log or model file not written
            throw new IOException(e.getMessage() + "; once the cause is fixed, continue the run with `ldnn resume "
                    + dir + "`", e);
        } finally {
            lock.close();
        }
    }

    private int run(Checkpoint resumeFrom, Path resumeDir, TrainConfig cfg, RunFolder folder, DataSource data, Prepared p)
            throws IOException {
        Path dir = folder.dir();
        // the run keeps the split it trains on (p); the loaded set as a whole would be a second copy of
        // the training examples for as long as the run lasts (188 MB for Fashion-MNIST)
        data = data.withoutExamples();
        PrintStream progress = o.quiet ? Console.silent() : Console.stream(out);
        RunResults results = new RunResults(dir, p, data, o, out);
        if (o.spark != null) {
            return onCluster(p, cfg, folder, results, progress);
        }
        if (o.ensemble == 1) {
            if (resumeFrom == null) {
                folder.startOver(); // (resumed after a kill before its first checkpoint: the run starts again)
            }
            Sequential model = p.factory().get();
            TrainingData td = p.dataFor().apply(cfg);
            folder.start(cfg, model, td); // config.json first: from here on, `ldnn resume` can continue the run
            TrainResult r = new Trainer(model, cfg, progress).recorder(folder).fit(td, resumeFrom);
            progress.flush();
            return results.single(model, r);
        }
        folder.start(cfg, p.factory().get(), p.dataFor().apply(cfg));
        long t0 = System.nanoTime();
        int cores = Runtime.getRuntime().availableProcessors();
        Path members = folder.dir().resolve(TrainJob.MEMBERS);
        say("training an ensemble of " + o.ensemble + " nets (seeds " + cfg.seed() + ".." + (cfg.seed() + o.ensemble - 1)
                + "), " + Math.min(cores, o.ensemble) + " at a time; members checkpoint into " + members);
        Ensemble e = Ensemble.train(o.ensemble, () -> p.factory().get(), () -> config(false), p.dataFor(), cores,
                o.quiet ? null : progress, i -> TrainJob.memberDir(members, i), this::forSession);
        progress.flush();
        return results.ensemble(e, (System.nanoTime() - t0) / 1e9);
    }

    /** Every option given, against its range, before anything is loaded. */
    private void checkRanges() {
        o.recipe.check(given);
        RecipeOptions.range(given, "--ensemble", o.ensemble, 1, 1000, "a whole number from 1 to 1000 (the recipe: ~10)");
        if (o.ensemble < 1) {
            throw new IllegalArgumentException("--ensemble: expected a whole number from 1 to 1000, got " + o.ensemble);
        }
        RecipeOptions.range(given, "--test-fraction", o.testFraction, 1e-9, 1 - 1e-9, "a number in (0, 1)");
        RecipeOptions.range(given, "--noise", o.noise, 0, 100, "a number >= 0 (times each input's std; 0 = off)");
        RecipeOptions.range(given, "--seq-len", o.seqLen, 1, 1 << 20, "a whole number >= 1");
    }

    /** Options that do not apply to this data say so, instead of being ignored without a word. */
    private void checkApplicable(DataSource data) {
        String kind = data.kind().name().toLowerCase(Locale.ROOT);
        String what = o.data + " is " + (data.kind() == DataSource.Kind.VECTORS ? "a table of vectors" : kind);
        if (data.kind() != DataSource.Kind.TEXT && given.hasMatchedOption("--seq-len")) {
            throw new IllegalArgumentException("--seq-len applies to text (a character language model); " + what);
        }
        if (data.kind() != DataSource.Kind.IMAGES) {
            for (String image : List.of("--augment", "--no-augment")) {
                if (given.hasMatchedOption(image)) {
                    throw new IllegalArgumentException(image + " applies to images; " + what
                            + (data.kind() == DataSource.Kind.VECTORS ? " (vectors get --noise)" : ""));
                }
            }
            if (given.hasMatchedOption("--tta") && !"auto".equalsIgnoreCase(o.tta.strip())
                    && !"none".equalsIgnoreCase(o.tta.strip())) {
                throw new IllegalArgumentException("--tta " + o.tta + " applies to images; " + what);
            }
        }
        if (data.kind() != DataSource.Kind.VECTORS && given.hasMatchedOption("--noise")) {
            throw new IllegalArgumentException("--noise applies to vector inputs (a table); " + what
                    + (data.kind() == DataSource.Kind.IMAGES ? " (images get shifts, rotations and flips: --augment)" : ""));
        }
        if (given.hasMatchedOption("--label") && !o.data.toLowerCase(Locale.ROOT).matches(".*\\.(csv|tsv)")) {
            throw new IllegalArgumentException("--label names a column of a CSV file; " + o.data + " is not one");
        }
        if (given.hasMatchedOption("--test-fraction") && given.hasMatchedOption("--test")) {
            throw new IllegalArgumentException("--test-fraction does not apply: --test gives the test set");
        }
        if (given.hasMatchedOption("--test-fraction") && !data.testNote().contains(" held out ")
                && data.kind() != DataSource.Kind.TEXT) {
            throw new IllegalArgumentException("--test-fraction does not apply: " + o.data + " brings its own test set ("
                    + data.testNote() + ")");
        }
    }

    /** The options of a run on Spark, checked before anything is loaded. */
    private void checkCluster() {
        if (o.workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, got " + o.workers);
        }
        if (o.workers > 1 && o.spark == null) {
            throw new IllegalArgumentException("--workers " + o.workers + ": data-parallel training runs on Apache Spark;"
                    + " add --spark (local[*] embedded when no master is given) or --spark MASTER");
        }
        if (o.workers > 1 && o.ensemble > 1) {
            throw new IllegalArgumentException("--workers " + o.workers + " with --ensemble " + o.ensemble + ": train the"
                    + " members one per Spark task (--ensemble K --spark) or one net on several workers, not both");
        }
        if (o.spark != null && o.spark.isBlank()) {
            throw new IllegalArgumentException("--spark: expected a Spark master URL (spark://HOST:7077, local[4], yarn,"
                    + " ...) or nothing, got an empty string");
        }
    }

    /** --spark: the members (one per task) or the data-parallel workers run on Spark; the rest is as locally. */
    private int onCluster(Prepared p, TrainConfig cfg, RunFolder folder, RunResults results, PrintStream progress)
            throws IOException {
        ClusterTraining cluster = ClusterTraining.find();
        TrainJob job = new TrainJob(arguments, folder.dir().toAbsolutePath().normalize().toString(),
                DataSource.isNamed(o.data) ? o.data : Path.of(o.data).toAbsolutePath().normalize().toString(), o.quiet,
                epochsOverride, timeOverride);
        long t0 = System.nanoTime();
        if (o.ensemble == 1) {
            say("training on Spark: " + o.workers + " data-parallel worker" + (o.workers == 1 ? "" : "s")
                    + ", each computing 1/" + o.workers + " of every batch of " + cfg.batchSize()
                    + "; gradients summed every step");
            TrainJob.Trained t = cluster.dataParallel(o.spark, job, o.workers, progress);
            progress.flush();
            Sequential model = p.factory().get();
            t.loadInto(model);
            return results.single(model, t.result());
        }
        folder.start(cfg, p.factory().get(), p.dataFor().apply(cfg));
        say("training an ensemble of " + o.ensemble + " nets on Spark, one member per task (seeds "
                + cfg.seed() + ".." + (cfg.seed() + o.ensemble - 1) + "); members checkpoint into "
                + folder.dir().resolve(TrainJob.MEMBERS));
        List<TrainJob.Trained> trained = cluster.ensemble(o.spark, job, o.ensemble, progress);
        progress.flush();
        List<Sequential> models = new java.util.ArrayList<>();
        for (TrainJob.Trained t : trained) {
            Sequential m = p.factory().get();
            t.loadInto(m);
            models.add(m);
        }
        List<Long> seeds = java.util.stream.LongStream.range(cfg.seed(), cfg.seed() + o.ensemble).boxed().toList();
        Ensemble e = Ensemble.of(models, trained.stream().map(TrainJob.Trained::result).toList(), seeds);
        return results.ensemble(e, (System.nanoTime() - t0) / 1e9);
    }

    /** The model, preprocessing and batches for this data (the data doctor runs first). */
    Prepared prepare(DataSource data, TrainConfig cfg) {
        return data.isText() ? prepareText(data, cfg) : prepareLabelled(data, cfg);
    }

    /** The run's options, for {@link TrainJob}. */
    TrainCommand options() {
        return o;
    }

    /** How this run was launched, as config.json records it. */
    RunFiles.Launch launchOf(DataSource data, Prepared p) {
        return launch(data, p);
    }

    private Prepared prepareLabelled(DataSource data, TrainConfig cfg) {
        List<String> classes = data.classNames();
        int[] shape = data.train().exampleShape();
        TrainingData.Split split = TrainingData.holdOut(data.train(), cfg);
        trainSize = split.train().size();
        String spec = o.model == null && data.kind() == DataSource.Kind.VECTORS
                ? Presets.mlpFor(trainSize, classes.size())
                : Presets.resolve(modelOption(data.kind()), classes.size());
        Sequential check = Presets.build(spec, shape, 0, classes.size(), false);
        if (given.hasMatchedOption("--batch-size") && cfg.batchSize() > split.train().size()) {
            throw new IllegalArgumentException("--batch-size " + cfg.batchSize() + " is larger than the training split ("
                    + split.train().size() + " examples after the validation and test sets are held out): every epoch"
                    + " would be one step of the whole set; use at most " + split.train().size() + " (the recipe: 128)");
        }
        DoctorReport doctor = DataDoctor.examine(split.train(), List.of(split.validation(), data.test()),
                check.parameterCount());
        brief(doctor);
        Preprocessor pre = Preprocessor.fitDefault(split.train().x());
        Augmenter aug = augmenter(data.kind(), split);
        boolean mirror = mirrorAtTest(data.kind(), aug);
        say("model: " + spec + " (" + check.parameterCount() + " parameters); preprocessing: " + pre.describe()
                + "; augmentation: " + (aug == null ? "none" : aug.describe())
                + (mirror ? "; test predictions average each image and its mirror image" : ""));
        return new Prepared(spec, shape, 0, classes, () -> Presets.build(spec, shape, 0, classes.size(), false),
                pre, c -> TrainingData.of(split.train(), split.validation(), split.note(), c, pre, aug),
                BatchSource.evaluation(split.validation(), cfg.evalBatchSize(), pre),
                BatchSource.evaluation(data.test(), cfg.evalBatchSize(), pre),
                data.test().size(), false, mirror, null);
    }

    /** --tta: mirror averaging at test time (auto: when training mirrors images, so a mirror image is a fair view). */
    private boolean mirrorAtTest(DataSource.Kind kind, Augmenter aug) {
        String t = o.tta == null ? "auto" : o.tta.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "auto" -> aug instanceof ImageAugmenter a && a.flips();
            case "none" -> false;
            case "mirror" -> {
                if (kind != DataSource.Kind.IMAGES) {
                    throw new IllegalArgumentException("--tta mirror is for images; this data is " + kind.name()
                            .toLowerCase(Locale.ROOT));
                }
                yield true;
            }
            default -> throw new IllegalArgumentException("--tta: expected auto, mirror or none, got '" + o.tta + "'");
        };
    }

    private Augmenter augmenter(DataSource.Kind kind, TrainingData.Split split) {
        if (kind == DataSource.Kind.IMAGES) {
            if (o.noise > 0) {
                throw new IllegalArgumentException("--noise is for vector inputs; images get shifts and rotations"
                        + " (turn them off with --no-augment)");
            }
            if (o.noAugment) {
                return null;
            }
            return ImageAugmentation.parse(o.augment != null ? o.augment : ImageAugmentation.defaultFor(o.data));
        }
        if (o.noise < 0) {
            throw new IllegalArgumentException("--noise must be >= 0, got " + o.noise);
        }
        return o.noise > 0 ? GaussianNoise.relativeTo(split.train().x(), o.noise) : null;
    }

    private Prepared prepareText(DataSource data, TrainConfig cfg) {
        int vocab = data.corpus().vocabularySize(), t = o.seqLen;
        if (t < 1) {
            throw new IllegalArgumentException("--seq-len must be >= 1, got " + t);
        }
        int[] shape = {t};
        String spec = Presets.resolve(modelOption(DataSource.Kind.TEXT), vocab);
        Sequential check = Presets.build(spec, shape, vocab, vocab, true);
        int[] ids = data.trainIds();
        int nVal = (int) Math.round(ids.length * cfg.validationFraction());
        int[] train = Arrays.copyOfRange(ids, 0, ids.length - nVal), val = Arrays.copyOfRange(ids, ids.length - nVal, ids.length);
        say("doctor: " + DataDoctor.countingRule(check.parameterCount(), train.length) + " (cases = characters)");
        String note = String.format(Locale.ROOT, "the last %.0f%% of the training text held out (%d characters)",
                100 * cfg.validationFraction(), val.length);
        String name = data.corpus().name();
        TrainingData td = new TrainingData(TextBatches.training(name + " (train)", train, cfg.batchSize(), t),
                TextBatches.evaluation(name + " (validation)", val, cfg.batchSize(), t), note, null, null);
        TextBatches test = TextBatches.evaluation(name + " (test)", data.testIds(), cfg.batchSize(), t);
        say("model: " + spec + " (" + check.parameterCount() + " parameters); " + td.train().describe()
                + String.format(Locale.ROOT, "; the baseline to beat: a unigram model of the training text gives %.3f bits"
                + " per character on the validation text", ldnn.data.TextCorpus.unigramBits(train, val, vocab)));
        List<String> chars = Arrays.stream(data.corpus().vocabulary()).mapToObj(Character::toString).toList();
        return new Prepared(spec, shape, vocab, chars, () -> Presets.build(spec, shape, vocab, vocab, true),
                null, c -> td, td.validation(), test, test.characters(), true, mirrorAtTest(data.kind(), null),
                ldnn.data.TextCorpus.unigramBits(train, data.testIds(), vocab));
    }

    private String modelOption(DataSource.Kind kind) {
        return o.model != null ? o.model : Presets.defaultFor(kind);
    }

    /** The data doctor, briefly: errors stop the run (unless --force); warnings and the counting rule are shown. */
    private void brief(DoctorReport r) {
        List<Finding> errors = r.at(Finding.Severity.ERROR);
        if (!errors.isEmpty() && !o.force) {
            throw new IllegalArgumentException("data doctor: " + errors.get(0).message()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more errors: run `ldnn doctor`)" : "")
                    + "; fix the data, or train anyway with --force");
        }
        for (Finding f : r.findings()) {
            boolean handled = f.check().equals("scale") || f.check().equals("log"); // the default preprocessing does both
            if (f.severity() == Finding.Severity.ERROR || (f.severity() == Finding.Severity.WARNING && !handled)
                    || f.check().equals("counting")) {
                say("doctor: " + f);
            }
        }
    }

    private RunFiles.Launch launch(DataSource data, Prepared p) {
        return new RunFiles.Launch("ldnn train " + String.join(" ", arguments.stream().map(TrainingRun::shellQuote).toList()),
                arguments, data.name(),
                DataSource.isNamed(o.data) ? o.data : Path.of(o.data).toAbsolutePath().normalize().toString(),
                data.testNote(), o.testFraction, data.kind().name().toLowerCase(Locale.ROOT), modelOption(data.kind()),
                o.ensemble, p.testTime());
    }

    /** The folder a new run will write (not created yet: nothing is written before the data and model are checked). */
    private Path newRunFolder(String dataName) {
        if (o.run != null) {
            if (Files.exists(o.run.resolve(RunFiles.CHECKPOINT))) {
                throw new IllegalArgumentException(o.run + " already holds a run; continue it with `ldnn resume " + o.run
                        + "` or choose another --run folder");
            }
            return o.run;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = Path.of("runs", dataName + "-" + stamp);
        for (int i = 2; Files.exists(dir); i++) {
            dir = Path.of("runs", dataName + "-" + stamp + "-" + i);
        }
        return dir;
    }

    static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./:=,+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}
