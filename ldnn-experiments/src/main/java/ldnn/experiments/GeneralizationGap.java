package ldnn.experiments;

import java.io.PrintStream;
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
import ldnn.train.Evaluator;
import ldnn.train.TrainConfig;
import ldnn.train.Trainer;

/**
 * The counting argument's measurable side: training and test error of MLPs 784-h-10 trained on m
 * images for a fixed number of steps with no early stopping (a plain loop: SGD momentum 0.9, LR 0.05,
 * batch 128), against m relative to the parameter count N, next to the finite-class bound
 * gap ≤ √((b·N·ln 2 + ln(2/δ)) / 2m) for b = 32 and 4 bits per parameter, δ = 0.05.
 */
final class GeneralizationGap {
    private GeneralizationGap() {
    }

    static void sweep(ResultTable t, ExperimentData.ImageSplit split, int[] widths, int[] sizes, int steps, long seed,
                      PrintStream progress) {
        Section sec = t.section("Generalization gap against training-set size m (MLP 784-h-10, " + steps
                + " steps, no early stopping)", "h", "parameters N", "m", "m / N", "train error", "test error",
                "gap", "bound, 32 bits/param", "bound, 4 bits/param");
        Dataset train = DeepInitExperiment.flat(split.train()), test = DeepInitExperiment.flat(split.test());
        boolean withinBound = true;
        for (int h : widths) {
            double firstSmall = Double.NaN;
            for (int m : sizes) {
                if (m > train.size()) {
                    continue;
                }
                Dataset sub = train.range("train " + m, 0, m);
                Sequential model = Mlp.build(784, new int[] {h}, 10, Init.defaults(), new Rng(seed * 31 + h));
                Optimizer opt = new Sgd(model.parameters(), 0.05, 0.9, false, 0);
                BatchSource batches = BatchSource.of(sub, 128, true, seed, null, null);
                int done = 0;
                for (int epoch = 0; done < steps; epoch++) {
                    try (BatchSource.Batches it = batches.epoch(epoch)) {
                        while (it.hasNext() && done < steps) {
                            Batch b = it.next();
                            Tensor loss = model.forward(b.x()).crossEntropy(b.labels());
                            Loop.step(opt, loss, 0);
                            done++;
                        }
                    }
                }
                double trainErr = Evaluator.of(model, BatchSource.evaluation(sub, TrainConfig.EVAL_BATCH_SIZE, null), Loss.CROSS_ENTROPY).error();
                double testErr = Evaluator.of(model, BatchSource.evaluation(test, TrainConfig.EVAL_BATCH_SIZE, null), Loss.CROSS_ENTROPY).error();
                long n = model.parameterCount();
                double gap = testErr - trainErr;
                sec.row(h, n, m, Fmt.num((double) m / n), Fmt.pct(trainErr), Fmt.pct(testErr), Fmt.pct(gap),
                        Fmt.num(bound(32, n, m)), Fmt.num(bound(4, n, m)));
                t.metric("gap.h" + h + ".m" + m, gap);
                withinBound &= gap <= bound(32, n, m);
                if (Double.isNaN(firstSmall) && gap < 0.02) {
                    firstSmall = (double) m / n;
                }
                progress.printf(Locale.ROOT, "  bits gap h=%d m=%d: train %.2f%% test %.2f%%%n", h, m, 100 * trainErr,
                        100 * testErr);
            }
            t.metric("gap.h" + h + ".m_over_n_below_2pp", firstSmall);
        }
        t.target("the measured gap never exceeds the 32-bit counting bound", withinBound ? "every row" : "not every row",
                withinBound);
    }

    /** √((b·N·ln 2 + ln(2/δ)) / 2m), δ = 0.05: above 1 it says nothing. */
    static double bound(int bits, long n, long m) {
        return Math.sqrt((bits * n * Math.log(2) + Math.log(2 / 0.05)) / (2.0 * m));
    }
}
