package ldnn.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import ldnn.data.DataDoctor;
import ldnn.data.DataSource;
import ldnn.data.DoctorReport;
import ldnn.nn.Sequential;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ldnn doctor}: the data doctor's full report on a data set, before any training. */
@Command(name = "doctor", sortOptions = false, description = {
    "Examine data before training: NaN/Inf values, constant inputs, inputs spanning orders of magnitude, scale,"
        + " label balance, examples shared by the training and test parts, and (with --model) the counting rule:"
        + " a net with N parameters wants 4N-32N training cases. Exit status 1 when it finds an error.",
    ""})
final class DoctorCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATA", description = "A named data set or a file/folder, as for train.")
    String data;

    @Option(names = "--model", paramLabel = "PRESET|SPEC", description = "A model whose parameter count the counting rule uses: " + Presets.HELP + ".")
    String model;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "Fraction of a data file held out as the test set, as train does (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of that split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--label", paramLabel = "COLUMN", description = "CSV label column, by name or index (default: the last column).")
    String label;

    @Option(names = "--delimiter", paramLabel = "C",
            description = "CSV delimiter: one character, or tab (default: detected: ',', ';' or tab).")
    String delimiter;

    @Option(names = "--seq-len", paramLabel = "T", defaultValue = "100", description = "Text: window length for the model (default: ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DataSource d = DataArgument.load(data, testFraction, seed, label, delimiter);
        out.println("data: " + d.describe());
        if (d.isText()) {
            if (model != null) {
                int v = d.corpus().vocabularySize();
                Sequential m = Presets.build(Presets.resolve(model, v), new int[] {seqLen}, v, v, true);
                out.println(DataDoctor.countingRule(m.parameterCount(), d.trainIds().length) + " (cases = characters)");
            }
            return 0;
        }
        long params = 0;
        if (model != null) {
            int k = d.classNames().size();
            Sequential m = Presets.build(Presets.resolve(model, k), d.train().exampleShape(), 0, k, false);
            params = m.parameterCount();
        }
        DoctorReport r = DataDoctor.examine(d.train(), List.of(d.test()), params);
        out.print(r.format());
        if (model == null) {
            out.println("(give --model to apply the counting rule to a model's parameter count)");
        }
        return r.hasErrors() ? 1 : 0;
    }
}
