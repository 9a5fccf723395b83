package ldnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import ldnn.io.Json;
import ldnn.model.ModelFile;
import ldnn.nn.Module;
import ldnn.nn.Sequential;
import ldnn.train.Evaluation;
import ldnn.train.RunFiles;
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
        if (m.note(modelFile) != null) {
            spec.commandLine().getErr().println(m.note(modelFile));
        }
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

    private static void training(PrintWriter out, Map<String, Object> saved) {
        if (saved.isEmpty()) {
            out.println("training:      (no summary saved)");
            return;
        }
        RunFiles.Training t = Json.convert(saved, RunFiles.Training.class);
        if (t.data() != null) {
            out.println("data:          " + t.data().dataset() + "; test set: " + t.data().test());
        }
        StringBuilder sb = new StringBuilder();
        if (t.epochs() > 0) {
            sb.append(t.epochs()).append(t.epochs() == 1 ? " epoch, " : " epochs, ");
        }
        sb.append(t.steps()).append(" steps, ");
        sb.append(String.format(Locale.ROOT, "%.0f s; ", t.seconds()));
        sb.append("stopped: ").append(t.stopReason());
        out.println("training:      " + sb);
        if (t.bestValidation() != null) {
            out.println("validation:    best " + eval(t.bestValidation()) + (t.bestEpoch() >= 0
                    ? " at epoch " + (t.bestEpoch() + 1) : ""));
        }
        if (t.test() != null) {
            out.println("test:          " + eval(t.test().evaluation()) + (t.test().bitsPerCharacter() != null
                    ? String.format(Locale.ROOT, ", %.3f bits per character", t.test().bitsPerCharacter()) : ""));
        }
        if (t.ensemble() != null && t.ensemble().members() != null) {
            List<RunFiles.Training> members = t.ensemble().members();
            for (int i = 0; i < members.size(); i++) {
                if (members.get(i).test() != null) {
                    out.println("  member " + (i + 1) + ":    test " + eval(members.get(i).test().evaluation()));
                }
            }
        }
    }

    private static String eval(Evaluation v) {
        return String.format(Locale.ROOT, "error %.2f%% (loss %.4f)", 100 * v.error(), v.loss());
    }

    private static String printable(String s) {
        return s.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
    }
}
