package ldnn.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import ldnn.check.GradCheck;
import ldnn.check.OpCases;
import ldnn.nn.Init;
import ldnn.nn.ModelSpec;
import ldnn.nn.Sequential;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Numerical gradient checks from the command line: every registered op, or a whole model spec. */
@Command(name = "gradcheck", sortOptions = false, description = {
    "Check gradients against central differences computed in double precision (recipe point 9).",
    "  ldnn gradcheck ops                                          every registered op (what CI runs)",
    "  ldnn gradcheck \"conv(8,3) pool(2) dense(10)\" --input-shape 1,12,12   a model: the cross-entropy of a tiny"
        + " random batch, every parameter tensor",
    ""})
final class GradcheckCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ops|SPEC", description = "'ops', or a model spec (or preset) to check.",
            defaultValue = "ops")
    String what;

    @Option(names = "--input-shape", paramLabel = "DIMS", split = ",",
            description = "Shape of one example for a spec, e.g. 1,28,28 (images) or 20 (vectors; for text: time steps).")
    int[] inputShape;

    @Option(names = "--classes", paramLabel = "K",
            description = "Number of classes (default: the spec's output size; sizes a preset's output layer).")
    Integer classes;

    @Option(names = "--vocab", paramLabel = "V", defaultValue = "0",
            description = "Vocabulary size for specs that start with embed(d) (default: ${DEFAULT-VALUE} = no ids).")
    int vocab;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "2", description = "Examples in the random batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--entries", paramLabel = "N", defaultValue = "64",
            description = "Entries checked per parameter tensor, sampled (default: ${DEFAULT-VALUE}).")
    int entries;

    @Option(names = "--tolerance", description = "Largest relative error accepted (default: ${DEFAULT-VALUE}).",
            defaultValue = "1e-3")
    double tolerance;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the weights and the batch (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (what.equals("ops")) {
            return ops(out);
        }
        if (inputShape == null) {
            throw new IllegalArgumentException("--input-shape is needed to check a model spec, e.g. --input-shape 1,28,28");
        }
        String s = Presets.resolve(what, classes == null ? (vocab > 0 ? vocab : 10) : classes);
        Sequential model = ModelSpec.build(s, inputShape, vocab);
        model.initialize(Init.defaults(), new Rng(seed));
        model.seedRandomLayers(new Rng(seed + 1));
        int[] outShape = ModelSpec.outputShape(model, inputShape);
        int k = outShape[outShape.length - 1];
        if (classes != null && classes != k) {
            throw new IllegalArgumentException("model spec: its output has " + k + " values per example, but --classes is "
                    + classes + ": the last layer must be dense(" + classes + ")\n  " + s);
        }
        Rng rng = new Rng(seed + 2);
        int[] xShape = new int[inputShape.length + 1];
        xShape[0] = batch;
        System.arraycopy(inputShape, 0, xShape, 1, inputShape.length);
        Tensor x = vocab > 0 ? ids(rng, xShape, vocab) : Tensor.randn(rng, xShape);
        int[] labelShape = new int[outShape.length];
        labelShape[0] = batch;
        System.arraycopy(outShape, 0, labelShape, 1, outShape.length - 1);
        int[] y = new int[Arrays.stream(labelShape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextInt(k);
        }
        IntTensor labels = new IntTensor(y, labelShape);
        model.train(true);
        out.println("gradient check of " + model.spec() + " (" + model.parameterCount() + " parameters) on "
                + batch + " random examples of shape " + Arrays.toString(inputShape) + ", cross-entropy over " + k + " classes");
        out.flush();
        GradCheck.Report r = GradCheck.check(() -> {
            model.resetState();
            return model.forward(x).crossEntropy(labels);
        }, model.parameters(), GradCheck.Options.defaults().withMaxEntries(entries));
        out.println(r);
        boolean ok = r.passed(tolerance);
        out.printf(java.util.Locale.ROOT, "%s: worst gradient error %.1e, worst forward error %.1e (tolerance %.0e)%n",
                ok ? "passed" : "FAILED", r.worstGradError(), r.worstForwardError(), tolerance);
        return ok ? 0 : 1;
    }

    private static Tensor ids(Rng rng, int[] shape, int vocab) {
        float[] v = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextInt(vocab);
        }
        return Tensor.of(v, shape);
    }

    private int ops(PrintWriter out) {
        int failed = 0, n = 0;
        for (OpCases.Case c : OpCases.all()) {
            GradCheck.Report r = c.run(42);
            boolean ok = r.passed(tolerance);
            n++;
            if (!ok) {
                failed++;
            }
            out.printf("%-4s %-60s grad err %.1e   forward err %.1e%n", ok ? "ok" : "FAIL", c,
                    r.worstGradError(), r.worstForwardError());
        }
        out.printf("%d cases, %d failed (tolerance %.0e)%n", n, failed, tolerance);
        return failed == 0 ? 0 : 1;
    }
}
