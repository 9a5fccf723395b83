package ldnn.experiments;

import java.io.PrintStream;
import java.util.Map;
import ldnn.nn.Module;
import ldnn.tensor.Tensor;
import ldnn.train.Evaluation;
import ldnn.train.TrainConfig;
import ldnn.train.TrainResult;

/**
 * Claim 3, the counting argument: N float32 parameters pick one of at most 2^(32N) functions, so with
 * many more than 32N examples (4N if 4 bits per weight carry the information) training and test error
 * stay close. Measured: the gap against m/N, and the accuracy lost when trained weights are rounded to
 * fewer bits.
 */
final class BitsExperiment implements Experiment {
    @Override
    public String name() {
        return "bits";
    }

    @Override
    public String description() {
        return "counting argument: generalization gap against m/N; accuracy lost when weights are rounded to b bits";
    }

    @Override
    public String fullRunEstimate() {
        return "measured: about 2 min on 2 cores (15 gap runs of 5000 steps; one MLP trained by the recipe, quantized 7 ways)";
    }

    @Override
    public ResultTable run(Settings s, PrintStream progress) {
        ResultTable t = new ResultTable(name(), "Bits per parameter: generalization gap and weight rounding "
                + "(Fashion-MNIST)", s.quick());
        ExperimentData.ImageSplit split = s.data().fashionSplit(s.pick(2000, 0), s.pick(500, 6000), s.pick(2000, 0),
                s.seed());
        GeneralizationGap.sweep(t, split, s.quick() ? new int[] {16, 64} : new int[] {16, 64, 256},
                s.quick() ? new int[] {250, 1000, 2000} : new int[] {1000, 3000, 10_000, 30_000, 54_000},
                (int) s.budget(150, 5000), s.seed(), progress);
        quantization(t, split, s, progress);
        t.note(split.describe() + ".");
        t.note("The bound is the finite-class (Hoeffding + union) bound for 2^(bN) functions, 95% confidence; it "
                + "exceeds 1 (says nothing) until m is about 16 bN.");
        return t;
    }

    private static void quantization(ResultTable t, ExperimentData.ImageSplit split, Settings s, PrintStream progress) {
        String spec = s.quick() ? "dense(128) dense(10)" : "dense(256) dense(256) dense(10)";
        Module model = ImageNets.build(spec);
        TrainResult r = ImageNets.train(model, split, new TrainConfig().seed(s.seed()).maxEpochs((int) s.budget(8, 30)),
                progress, "bits " + spec);
        Map<String, Tensor> trained = Quantizer.save(model);
        Section sec = t.section("Weights rounded to b bits per row after training (" + spec + ", "
                + model.parameterCount() + " parameters, recipe trainer, " + r.history().size() + " epochs)",
                "bits per weight", "distinct values in a row", "test error", "change vs 32 bits");
        double base = Double.NaN;
        for (int bits : new int[] {32, 16, 8, 6, 4, 3, 2}) {
            model.loadParameters(trained);
            Quantizer.quantize(model, bits);
            Evaluation e = ImageNets.test(model, split.test());
            if (bits == 32) {
                base = e.error();
            }
            sec.row(bits, Quantizer.distinctInFirstRow(model), Fmt.pct(e.error()),
                    bits == 32 ? "-" : String.format(java.util.Locale.ROOT, "%+.2f pp", 100 * (e.error() - base)));
            t.metric("quant.b" + bits + ".error", e.error());
        }
        model.loadParameters(trained);
        double e32 = t.metric("quant.b32.error"), e8 = t.metric("quant.b8.error"), e4 = t.metric("quant.b4.error");
        double e2 = t.metric("quant.b2.error");
        if (s.quick()) {
            t.target("quick: 8-bit weights within 1 pp of 32-bit", Fmt.pct(e8) + " vs " + Fmt.pct(e32),
                    Math.abs(e8 - e32) <= 0.01);
            t.target("quick: 2-bit weights are worse than 32-bit", Fmt.pct(e2) + " vs " + Fmt.pct(e32), e2 > e32);
        } else {
            t.target("4-bit weights lose at most 0.5 pp", Fmt.pct(e4) + " vs " + Fmt.pct(e32), e4 - e32 <= 0.005);
            t.target("2-bit weights are clearly worse (> 1 pp)", Fmt.pct(e2) + " vs " + Fmt.pct(e32), e2 - e32 > 0.01);
        }
        t.note("Rounding: symmetric uniform levels per row of each weight matrix, step = max|w| / (2^(b-1) - 1); "
                + "biases stay float32. The model rounded is the recipe trainer's best on validation.");
    }
}
