package ldnn.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import ldnn.io.AtomicFiles;
import ldnn.model.ModelFile;
import ldnn.nn.Loss;
import ldnn.tensor.Tensor;
import ldnn.train.Ensemble;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ldnn predict}: class probabilities for new inputs, as CSV. */
@Command(name = "predict", sortOptions = false, description = {
    "Predict the classes of new inputs with a model file (an ensemble averages its members' probabilities).",
    "INPUT: a CSV of feature rows (a label column is ignored), a .npy array [n, ...] (or the 'x' array of an .npz),"
        + " an IDX image file (or a folder holding one), a PNG/JPEG image, or a folder of images (subfolders included).",
    "Output CSV: id (row index from 0, or the image's file name), predicted class, then the probability of each class.",
    ""})
final class PredictCommand implements Callable<Integer> {
    private static final int CHUNK = 1000;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file (model.ldnn in a run folder).")
    Path modelFile;

    @Parameters(index = "1", paramLabel = "INPUT", description = "The inputs: a file or folder (see above).")
    Path input;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Write the CSV here, atomically (default: standard output).")
    Path outFile;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelFile.Loaded m = ModelFile.load(modelFile);
        if (m.note(modelFile) != null) {
            spec.commandLine().getErr().println(m.note(modelFile));
        }
        if (m.info().vocab() > 0) {
            throw new IllegalArgumentException(modelFile + " is a character language model; predict takes classifiers"
                    + " (evaluate it on a text with `ldnn eval`)");
        }
        PredictInputs.Inputs in = PredictInputs.read(input, m.info().inputShape());
        List<String> classes = m.info().classNames();
        StringBuilder csv = new StringBuilder("id,predicted");
        for (String c : classes) {
            csv.append(',').append(cell("p(" + c + ")"));
        }
        csv.append('\n');
        Ensemble ensemble = Ensemble.of(List.copyOf(m.members())).withMirrorAveraging(m.info().mirrorAtTest());
        int n = in.ids().size();
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            Tensor x = in.x().slice(0, from, to);
            if (m.preprocessor() != null) {
                x = m.preprocessor().apply(x);
            }
            float[] p = ensemble.predict(x, Loss.CROSS_ENTROPY).toArray(); // one net, or the members averaged
            int k = classes.size();
            for (int i = 0; i < to - from; i++) {
                int best = 0;
                for (int c = 1; c < k; c++) {
                    best = p[i * k + c] > p[i * k + best] ? c : best;
                }
                csv.append(cell(in.ids().get(from + i))).append(',').append(cell(classes.get(best)));
                for (int c = 0; c < k; c++) {
                    csv.append(String.format(Locale.ROOT, ",%.6f", p[i * k + c]));
                }
                csv.append('\n');
            }
        }
        if (outFile != null) {
            AtomicFiles.writeString(outFile, csv.toString());
            spec.commandLine().getErr().println("wrote " + n + " predictions to " + outFile);
        } else {
            spec.commandLine().getOut().print(csv);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** A CSV cell, quoted when it holds a comma, a quote or a line break. */
    static String cell(String s) {
        return s.matches("[^,\"\\r\\n]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
