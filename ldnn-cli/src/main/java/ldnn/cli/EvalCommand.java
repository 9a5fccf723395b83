package ldnn.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import ldnn.data.BatchSource;
import ldnn.data.DataSource;
import ldnn.data.Dataset;
import ldnn.data.TextBatches;
import ldnn.data.TextCorpus;
import ldnn.io.Json;
import ldnn.model.ModelFile;
import ldnn.nn.Loss;
import ldnn.train.Ensemble;
import ldnn.train.Evaluation;
import ldnn.train.Evaluator;
import ldnn.train.RunFiles;
import ldnn.train.TrainConfig;
import ldnn.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ldnn eval}: a saved model's loss and accuracy on a data set (every member's and the ensemble's). */
@Command(name = "eval", sortOptions = false, description = {
    "Evaluate a model file on data: loss and accuracy (for an ensemble: each member and their average).",
    "A named data set is evaluated on its test set (kjv: its last 10%%), a file or folder on all its examples"
        + " (--held-out: only the part training held out as the test set).", ""})
final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file (model.ldnn in a run folder).")
    Path modelFile;

    @Parameters(index = "1", paramLabel = "DATA", description = "A named data set or a file/folder, as for train.")
    String data;

    @Option(names = "--held-out", defaultValue = "false",
            description = "Evaluate only the test part training held out of this file (its test fraction and seed are in the model file) (default: ${DEFAULT-VALUE}).")
    boolean heldOut;

    @Option(names = "--label", paramLabel = "COLUMN", description = "CSV label column, by name or index (default: the last column).")
    String label;

    @Option(names = "--delimiter", paramLabel = "C",
            description = "CSV delimiter: one character, or tab (default: detected: ',', ';' or tab).")
    String delimiter;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        ModelFile.Loaded m = ModelFile.load(modelFile);
        if (m.note(modelFile) != null) {
            spec.commandLine().getErr().println(m.note(modelFile));
        }
        Loss loss = Loss.parse(m.info().loss());
        RunFiles.DataInfo dataInfo = Json.convert(m.info().training(), RunFiles.Training.class).data();
        double testFraction = dataInfo != null && dataInfo.testFraction() != null ? dataInfo.testFraction() : 0.1;
        long seed = dataInfo != null && dataInfo.seed() != null ? dataInfo.seed() : 1;
        if (m.info().vocab() > 0) {
            TextCorpus text = DataSource.readText(data);
            int[] ids = ModelInputs.encode(text, m.info());
            String what = "all of " + text.name();
            if (heldOut || DataSource.isNamed(data)) {
                int start = (int) ((1 - testFraction) * ids.length);
                ids = Arrays.copyOfRange(ids, start, ids.length);
                what = String.format(Locale.ROOT, "the last %.0f%% of %s", 100 * testFraction, text.name());
            }
            TextBatches src = TextBatches.evaluation(text.name(), ids, 64, m.info().inputShape()[0]);
            Evaluation e = Evaluator.of(m.model(), src, loss);
            out.println(what + ":");
            out.println(RunResults.testLine(e, true, src.characters(), String.format(Locale.ROOT, "the text's own"
                    + " character frequencies (a unigram model fitted on it): %.3f",
                    ldnn.data.TextCorpus.unigramBits(ids, ids, m.info().vocab()))).replaceFirst("^test: ", ""));
            return 0;
        }
        Dataset d = heldOut ? DataArgument.load(data, testFraction, seed, label, delimiter).test()
                : DataSource.readAll(data, label, DataArgument.delimiter(data, delimiter));
        d = ModelInputs.aligned(d, data, m.info());
        BatchSource src = BatchSource.evaluation(d, TrainConfig.EVAL_BATCH_SIZE, m.preprocessor());
        out.println(d.name() + " (" + d.size() + " examples):");
        boolean mirror = m.info().mirrorAtTest();
        if (m.isEnsemble()) {
            Ensemble.Report r = Ensemble.of(List.copyOf(m.members())).withMirrorAveraging(mirror).evaluate(src);
            out.println(r);
            out.println(line(r.ensemble()) + (mirror ? " (members and ensemble on each image and its mirror image)" : ""));
        } else if (mirror) {
            Evaluation both = Ensemble.of(List.copyOf(m.members())).withMirrorAveraging(true).averaged(src);
            out.println(line(both) + " (each image averaged with its mirror image, as the model file says)");
            out.println("the image alone: " + line(Evaluator.of(m.model(), src, loss)));
        } else {
            out.println(line(Evaluator.of(m.model(), src, loss)));
        }
        return 0;
    }

    private static String line(Evaluation e) {
        return String.format(Locale.ROOT, "loss %.4f  accuracy %.2f%% (error %.2f%%) on %d examples", e.loss(),
                100 * (1 - e.error()), 100 * e.error(), e.examples());
    }
}
