package ldnn.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ldnn train}: the recipe from a data set to a model file, a run folder and the test accuracy. */
@Command(name = "train", sortOptions = false, defaultValueProvider = RecipeOptions.Defaults.class,
        description = {
            "Train a model with the recipe and report its test accuracy.",
            "",
            "DATA is fashion-mnist, mnist, kjv, or a file or folder: .csv/.tsv (the label column is the last unless"
                + " --label says otherwise), .npz (arrays x [n, ...] and y [n], as np.savez(f, x=X, y=Y) writes them),"
                + " a folder with one subfolder of PNG/JPEG images per class, a folder of IDX files, or a .txt text"
                + " (a character language model). A file gets --test-fraction held out (seeded) as its test set;"
                + " the validation set is held out from the training part. The data doctor runs first.",
            "",
            "The run folder gets config.json, metrics.jsonl, checkpoint.safetensors, summary.json, model.ldnn and"
                + " report.html; `ldnn resume <folder>` continues it.",
            ""})
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATA", description = "A named data set (fashion-mnist, mnist, kjv) or a file/folder.")
    String data;

    @Option(names = "--model", paramLabel = "PRESET|SPEC", description = "Model: " + Presets.HELP + ".")
    String model;

    @Mixin
    RecipeOptions recipe = new RecipeOptions();

    @Option(names = "--ensemble", paramLabel = "K", defaultValue = "1",
            description = "Train K nets that differ in their seed (in parallel) and average them (default: ${DEFAULT-VALUE}).")
    int ensemble;

    @Option(names = "--spark", paramLabel = "MASTER", arity = "0..1", fallbackValue = ClusterTraining.DEFAULT_MASTER,
            description = "Train on Apache Spark: the ensemble's members as Spark tasks (one member per task), or"
                    + " --workers W data-parallel workers in a barrier stage. MASTER is any Spark master URL (spark://,"
                    + " yarn, k8s://, local[N]); without one: the spark-submit master, else local[*] embedded in this"
                    + " process. Needs the ldnn-spark module (the ldnn script adds it) (default: off, one process).")
    String spark;

    @Option(names = "--workers", paramLabel = "W", defaultValue = "1",
            description = "Synchronous data-parallel training on W Spark tasks (with --spark): every global batch of"
                    + " --batch examples is split over the workers and their gradients are summed each step, so batch"
                    + " size, LR and the model are those of one machine (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "Fraction of a data file held out (seeded) as the test set (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--test", paramLabel = "FILE",
            description = "A CSV/TSV or NPZ file to use as the test set; DATA then trains whole (default: --test-fraction"
                    + " of DATA held out).")
    java.nio.file.Path test;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "CSV label column, by name or index (default: the last column).")
    String label;

    @Option(names = "--delimiter", paramLabel = "C",
            description = "CSV delimiter: one character, or tab (default: detected from the first lines: ',', ';' or tab;"
                    + " tab for a .tsv).")
    String delimiter;

    @Option(names = "--no-augment", negatable = false, defaultValue = "false",
            description = "Turn image augmentation off (same as --augment none).")
    boolean noAugment;

    @Option(names = "--augment", paramLabel = "SPEC", description = "Image augmentation: none, or a comma list of"
            + " shift=PX, rotate=DEG, flip, elastic (default: flip for fashion-mnist, whose items are left-right"
            + " symmetric; shift=2,rotate=10 for mnist, since flipped digits are other digits; shift=2 for other images,"
            + " whose mirror images may be other classes: after training without flips, a mirror check says whether"
            + " they would be safe).")
    String augment;

    @Option(names = "--tta", paramLabel = "auto|mirror|none", defaultValue = "auto",
            description = "Test-time augmentation: mirror = predict with the average of each image's and its mirror"
                    + " image's probabilities (test results, eval and predict; saved in the model file); auto = mirror"
                    + " when training flips images (default: ${DEFAULT-VALUE}).")
    String tta;

    @Option(names = "--noise", paramLabel = "F", defaultValue = "0",
            description = "Add Gaussian noise to vector inputs, F times each input's std (default: ${DEFAULT-VALUE} = off).")
    double noise;

    @Option(names = "--seq-len", paramLabel = "T", defaultValue = "100",
            description = "Text: characters per training window (truncated BPTT) (default: ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(names = "--run", paramLabel = "FOLDER",
            description = "Run folder (default: runs/<data>-<yyyyMMdd-HHmmss>).")
    Path run;

    @Option(names = "--force", defaultValue = "false",
            description = "Train even when the data doctor finds errors (default: ${DEFAULT-VALUE}).")
    boolean force;

    @Option(names = {"-q", "--quiet"}, defaultValue = "false",
            description = "No progress lines, only the summary (default: ${DEFAULT-VALUE}).")
    boolean quiet;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return new TrainingRun(this, spec.commandLine().getParseResult(), arguments(), spec.commandLine().getOut())
                .run(null, null);
    }

    /** This command's own arguments (without "ldnn train"), saved in config.json so `ldnn resume` can replay them. */
    private java.util.List<String> arguments() {
        java.util.List<String> all = spec.commandLine().getParseResult().originalArgs();
        int at = spec.parent() == null ? -1 : all.indexOf(spec.name());
        return java.util.List.copyOf(all.subList(at + 1, all.size()));
    }
}
