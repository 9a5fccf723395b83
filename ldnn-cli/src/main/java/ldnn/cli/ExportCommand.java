package ldnn.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import ldnn.model.ModelFile;
import ldnn.model.OnnxExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ldnn export}: a model file as an ONNX graph. */
@Command(name = "export", description = {
    "Write a model file as an ONNX graph (opset " + OnnxExport.OPSET + ") that computes what `ldnn predict` does:"
        + " the saved preprocessing, every member of an ensemble (their probabilities averaged), mirror averaging when"
        + " the model uses it, and the softmax. Input 'input' [N, ...] float (raw values, as predict reads them);"
        + " output 'probabilities' [N, classes]. Text models take int64 character ids [N, T] and give probabilities per"
        + " step [N, T, vocabulary]; a stateful LSTM/RNN starts each input from a zero state.", ""})
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file (model.ldnn in a run folder).")
    Path modelFile;

    @Option(names = "--onnx", paramLabel = "OUT", required = true, description = "The ONNX file to write (atomically).")
    Path onnx;

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
        if (onnx.getParent() != null && !Files.isDirectory(onnx.getParent())) {
            throw new IllegalArgumentException("--onnx " + onnx + ": the folder " + onnx.getParent() + " does not exist");
        }
        OnnxExport.write(onnx, m);
        spec.commandLine().getOut().printf("wrote %s (%,d bytes): ONNX opset %d, input 'input' [N, %s], output"
                + " 'probabilities' [N, %d]%s%n", onnx, Files.size(onnx), OnnxExport.OPSET,
                String.join(", ", java.util.Arrays.stream(m.info().inputShape()).mapToObj(String::valueOf).toList()),
                m.info().classNames().size(), m.isEnsemble() ? "; the average of " + m.members().size() + " members" : "");
        return 0;
    }
}
