package ldnn.experiments;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import ldnn.data.Batch;
import ldnn.data.BatchSource;
import ldnn.data.Dataset;
import ldnn.nn.Init;
import ldnn.nn.Loss;
import ldnn.nn.Sequential;
import ldnn.optim.Optimizer;
import ldnn.optim.Sgd;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import ldnn.train.Evaluation;
import ldnn.train.Evaluator;
import ldnn.train.TrainConfig;

/**
 * Claim 4 (recipe point 7): in a deep plain net the lazy 0.02·randn init shrinks the signal layer by
 * layer until nothing learns, while scale/√fan_in·randn keeps it level. Shown three ways: activation and
 * gradient scales per layer at init, loss curves of a plain loop, and the recipe trainer's
 * off-the-ground retry rescuing the failing init.
 */
final class DeepInitExperiment implements Experiment {
    static final Init SMALL = Init.normal(0.02), SCALED = Init.scaled(1);

    @Override
    public String name() {
        return "deep-init";
    }

    @Override
    public String description() {
        return "plain deep MLPs (10/20/50 layers): 0.02*randn fails, scaled init trains; the trainer's retry rescues it";
    }

    @Override
    public String fullRunEstimate() {
        return "measured: about 5 min on 2 cores (depths 10, 20, 50 x 2 inits x 5 epochs on 10k images; the trainer twice)";
    }

    @Override
    public ResultTable run(Settings s, PrintStream progress) {
        ResultTable t = new ResultTable(name(), "Initialization scale in deep plain MLPs", s.quick());
        ExperimentData.ImageSplit split = s.data().fashionSplit(s.pick(2000, 10_000), s.pick(500, 5000),
                s.pick(1000, 1000), s.seed());
        Dataset train = flat(split.train()), val = flat(split.validation());
        int width = s.pick(128, 256);
        int[] depths = s.quick() ? new int[] {20} : new int[] {10, 20, 50};
        int deepest = depths[depths.length - 1];
        scalesAtInit(t, train, width, deepest, s.seed());
        int epochs = (int) s.budget(6, 5);
        Section curves = t.section("Plain loop: SGD momentum 0.9, LR 0.01, batch 128, " + epochs + " epochs on "
                + train.size() + " images (training loss per epoch; ln 10 = 2.303)", "hidden layers", "init",
                "loss after each epoch", "validation error");
        for (int depth : depths) {
            for (Init init : new Init[] {SMALL, SCALED}) {
                curve(t, curves, train, val, width, depth, init, epochs, s.seed(), progress);
            }
        }
        DeepInitRescue.run(t, train, val, width, 20, s, progress);
        t.note(split.describe() + "; images flattened to 784 inputs. Nets: 784, then hidden layers of " + width
                + " ReLU units, then 10 logits; no normalization layers, no residuals.");
        t.note("0.02*randn is the essay's lazy default; scaled(1) is 1/sqrt(fan_in)*randn times the ReLU gain sqrt(2) "
                + "(He et al.), ldnn's default.");
        if (s.quick()) {
            t.note("Quick run: 2000 training images, one depth (20); the full run adds 10 and 50 layers.");
        }
        return t;
    }

    static Dataset flat(Dataset d) {
        return d.withX(d.x().reshape(d.size(), -1));
    }

    private static void scalesAtInit(ResultTable t, Dataset train, int width, int depth, long seed) {
        Batch b = train.batch(new Rng(seed).permutation(train.size()), 0, 256);
        LayerScales.Scales small = LayerScales.measure(net(width, depth, SMALL, seed), b);
        LayerScales.Scales scaled = LayerScales.measure(net(width, depth, SCALED, seed), b);
        Section sec = t.section("At initialization, " + depth + " hidden layers: RMS of each layer's output and of "
                + "the loss gradient with respect to it (one batch of 256)", "layer", "activation, 0.02*randn",
                "activation, scaled(1)", "gradient, 0.02*randn", "gradient, scaled(1)");
        for (int i = 0; i < depth; i++) {
            if (i < 2 || (i + 1) % 5 == 0 || i == depth - 1) {
                sec.row(i + 1, Fmt.sci(small.activation()[i]), Fmt.sci(scaled.activation()[i]),
                        Fmt.sci(small.gradient()[i]), Fmt.sci(scaled.gradient()[i]));
            }
        }
        t.metric("init.small.activation_ratio", small.activation()[depth - 1] / small.activation()[0]);
        t.metric("init.scaled.activation_ratio", scaled.activation()[depth - 1] / scaled.activation()[0]);
        t.metric("init.small.gradient_ratio", small.gradient()[0] / small.gradient()[depth - 1]);
        t.metric("init.scaled.gradient_ratio", scaled.gradient()[0] / scaled.gradient()[depth - 1]);
    }

    static Sequential net(int width, int depth, Init init, long seed) {
        return Mlp.build(784, Mlp.repeat(width, depth), 10, init, new Rng(seed * 101 + depth));
    }

    private static void curve(ResultTable t, Section curves, Dataset train, Dataset val, int width, int depth,
                              Init init, int epochs, long seed, PrintStream progress) {
        Sequential model = net(width, depth, init, seed);
        Optimizer opt = new Sgd(model.parameters(), 0.01, 0.9, false, 0);
        BatchSource batches = BatchSource.of(train, 128, true, seed, null, null);
        List<String> losses = new ArrayList<>();
        double last = Double.NaN;
        for (int e = 0; e < epochs; e++) {
            double sum = 0;
            int n = 0;
            try (BatchSource.Batches it = batches.epoch(e)) {
                while (it.hasNext()) {
                    Batch b = it.next();
                    Tensor loss = model.forward(b.x()).crossEntropy(b.labels());
                    sum += loss.item();
                    n++;
                    Loop.step(opt, loss, 0);
                }
            }
            last = sum / n;
            losses.add(String.format(Locale.ROOT, "%.3f", last));
        }
        Evaluation v = Evaluator.of(model, BatchSource.evaluation(val, TrainConfig.EVAL_BATCH_SIZE, null), Loss.CROSS_ENTROPY);
        curves.row(depth, init.toString(), String.join(" ", losses), Fmt.pct(v.error()));
        String key = "train.d" + depth + "." + (init == SMALL ? "small" : "scaled");
        t.metric(key + ".loss", last);
        t.metric(key + ".val_error", v.error());
        progress.printf(Locale.ROOT, "  deep-init %d layers, %s: training loss %s, validation error %.2f%%%n", depth, init,
                String.join(" ", losses), 100 * v.error());
    }
}
