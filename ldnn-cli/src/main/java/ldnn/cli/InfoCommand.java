package ldnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import ldnn.model.ModelFile;
import ldnn.nn.Module;
import ldnn.nn.Sequential;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ldnn info}: what a model file holds, without loading any data. */
@Command(name = "info", description = {
    "Show a model file: architecture, parameters per layer, input shape, classes, preprocessing, and a summary of"
        + " its training (epochs, best validation, test result, why it stopped).", ""})
final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file (model.ldnn in a run folder).")
    Path modelFile;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ModelFile.Loaded m = ModelFile.load(modelFile);
        ModelFile.Info info = m.info();
        Sequential model = m.model();
        out.println("model file:    " + modelFile + (m.isEnsemble() ? " (an ensemble of " + m.members().size() + " nets)" : ""));
        out.println("spec:          " + info.spec());
        out.println("input:         " + (info.vocab() > 0 ? "sequences of " + info.inputShape()[0]
                + " character ids (vocabulary of " + info.vocab() + ")" : "examples of shape " + Arrays.toString(info.inputShape())));
        out.println((info.vocab() > 0 ? "vocabulary:    " : "classes:       ") + info.classNames().size() + ": "
                + ModelInputs.abbreviate(info.classNames().stream().map(InfoCommand::printable).toList()));
        out.println("loss:          " + info.loss());
        out.println("preprocessing: " + (m.preprocessor() == null ? "none" : m.preprocessor().describe()));
        out.println("predictions: " + (m.info().mirrorAtTest()
                ? "the average over each image and its mirror image (trained with flips)" : "from the input as given"));
        out.println("layers:");
        out.printf(Locale.ROOT, "  %3s  %-32s %12s%n", "#", "layer", "parameters");
        List<Module> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            out.printf(Locale.ROOT, "  %3d  %-32s %,12d%n", i, layers.get(i).spec(), layers.get(i).parameterCount());
        }
        out.printf(Locale.ROOT, "  total %,d parameters%s%n", model.parameterCount(),
                m.isEnsemble() ? String.format(Locale.ROOT, " per net, %,d in all", model.parameterCount() * m.members().size()) : "");
        training(out, info.training());
        return 0;
    }

    private static void training(PrintWriter out, Map<String, Object> t) {
        if (t.isEmpty()) {
            out.println("training:      (no summary saved)");
            return;
        }
        if (t.get("data") instanceof Map<?, ?> d) {
            out.println("data:          " + d.get("dataset") + "; test set: " + d.get("test"));
        }
        StringBuilder sb = new StringBuilder();
        if (t.get("epochs") instanceof Number e) {
            sb.append(e).append(e.intValue() == 1 ? " epoch, " : " epochs, ");
        }
        if (t.get("steps") instanceof Number s) {
            sb.append(s).append(" steps, ");
        }
        if (t.get("seconds") instanceof Number s) {
            sb.append(String.format(Locale.ROOT, "%.0f s; ", s.doubleValue()));
        }
        sb.append("stopped: ").append(t.get("stop_reason"));
        out.println("training:      " + sb);
        if (t.get("best_validation") instanceof Map<?, ?> v) {
            out.println("validation:    best " + eval(v) + (t.get("best_epoch") instanceof Number b
                    ? " at epoch " + (b.intValue() + 1) : ""));
        }
        if (t.get("test") instanceof Map<?, ?> v) {
            out.println("test:          " + eval(v) + (v.get("bits_per_character") instanceof Number b
                    ? String.format(Locale.ROOT, ", %.3f bits per character", b.doubleValue()) : ""));
        }
        if (t.get("ensemble") instanceof Map<?, ?> e && e.get("members") instanceof List<?> members) {
            for (int i = 0; i < members.size(); i++) {
                if (members.get(i) instanceof Map<?, ?> mm && mm.get("test") instanceof Map<?, ?> test) {
                    out.println("  member " + (i + 1) + ":    test " + eval(test));
                }
            }
        }
    }

    private static String eval(Map<?, ?> v) {
        double loss = v.get("loss") instanceof Number n ? n.doubleValue() : Double.NaN;
        double error = v.get("error") instanceof Number n ? n.doubleValue() : Double.NaN;
        return String.format(Locale.ROOT, "error %.2f%% (loss %.4f)", 100 * error, loss);
    }

    private static String printable(String s) {
        return s.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
    }
}
