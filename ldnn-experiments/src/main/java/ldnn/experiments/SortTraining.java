package ldnn.experiments;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import ldnn.backend.Workspace;
import ldnn.data.Batch;
import ldnn.data.Dataset;
import ldnn.nn.Init;
import ldnn.nn.Sequential;
import ldnn.optim.Adam;
import ldnn.optim.Optimizer;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * Trains an MLP to sort on fresh examples with a plain loop (the curve of accuracy against examples
 * needs evaluations on a fixed schedule): Adam, a fresh validation sample every {@code evalEvery}
 * examples, stop when the budget is spent, the LR has fallen 1000-fold, or validation has every
 * sequence right. What is learned and how the LR moves are the {@link Setup}'s choices.
 */
final class SortTraining {
    static final int BATCH = 256;

    /** How the sorted output is coded. */
    enum Encoding {
        /** One logistic output per output bit (N·B sigmoids, BCE). */
        BITS("N*B sigmoid bits (BCE)"),
        /** One softmax over the 2^B numbers per position (N softmaxes, cross-entropy averaged over positions). */
        SOFTMAX("a 2^B-way softmax per position");

        final String label;

        Encoding(String label) {
            this.label = label;
        }
    }

    /** How the LR moves. */
    enum Schedule {
        /** The recipe's plateau rule: halved after 3 evaluations without a better validation bit accuracy. */
        PLATEAU("halved on a plateau of 3 evaluations"),
        /** Cosine annealing from the initial LR to zero over the example budget. */
        COSINE("cosine-annealed to 0 over the budget");

        final String label;

        Schedule(String label) {
            this.label = label;
        }
    }

    /** The training choices compared by the experiment. */
    record Setup(Encoding encoding, Schedule schedule, double lr, int batch) {
        /** The first full run's choices: sigmoid bits, plateau schedule, Adam 1e-3, batch 256. */
        static final Setup ORIGINAL = new Setup(Encoding.BITS, Schedule.PLATEAU, 1e-3, BATCH);

        String describe() {
            return encoding.label + ", LR " + Fmt.sci(lr) + " " + schedule.label + ", batch " + batch;
        }

        int outputs(SortTask task) {
            return encoding == Encoding.BITS ? task.width() : task.n() << task.bits();
        }
    }

    /** One evaluation point. */
    record Point(long examples, double seconds, SortTask.Accuracy accuracy, double lr) {
    }

    /** The curve (thinned to doublings) and the final accuracy on a separate fresh test sample. */
    record Outcome(List<Point> curve, SortTask.Accuracy test, long examples, double seconds, long parameters) {
    }

    private SortTraining() {
    }

    static Outcome train(SortTask task, int[] hidden, long budget, long evalEvery, int evalSize, double lr, long seed,
                         PrintStream progress) {
        return train(task, hidden, new Setup(Encoding.BITS, Schedule.PLATEAU, lr, BATCH), budget, evalEvery, evalSize,
                seed, progress);
    }

    @SuppressWarnings("try") // the workspace scope is used for its effect
    static Outcome train(SortTask task, int[] hidden, Setup setup, long budget, long evalEvery, int evalSize, long seed,
                         PrintStream progress) {
        Rng rng = new Rng(seed);
        int outputs = setup.outputs(task);
        boolean perPosition = setup.encoding() == Encoding.SOFTMAX;
        Sequential model = Mlp.build(task.width(), hidden, outputs, Init.defaults(), rng.split());
        Optimizer opt = Adam.adam(model.parameters(), setup.lr());
        Dataset val = FreshBatches.sample("validation", task.generator(), evalSize, seed * 7 + 1);
        Dataset test = FreshBatches.sample("test", task.generator(), evalSize, seed * 7 + 2);
        Rng data = rng.split();
        Workspace workspace = new Workspace();
        List<Point> curve = new ArrayList<>();
        long seen = 0, nextRow = evalEvery;
        double best = -1;
        int stale = 0;
        long t0 = System.nanoTime();
        String label = task.describe() + ", " + Mlp.shape(task.width(), hidden, outputs);
        while (seen < budget) {
            long stop = Math.min(budget, seen + evalEvery);
            while (seen < stop) {
                if (setup.schedule() == Schedule.COSINE) {
                    opt.setLr(setup.lr() * 0.5 * (1 + Math.cos(Math.PI * seen / budget)));
                }
                Batch b = task.draw(data, setup.batch(), perPosition);
                workspace.recycle();
                opt.zeroGrad();
                try (var active = workspace.activate()) {
                    Tensor out = model.forward(b.x());
                    Tensor loss = perPosition ? out.reshape(-1, 1 << task.bits()).crossEntropy(b.labels())
                            : out.bceWithLogits(b.targets());
                    if (Double.isFinite(loss.item())) {
                        loss.backward();
                    }
                }
                opt.step();
                seen += setup.batch();
            }
            SortTask.Accuracy a = task.evaluate(model, val, 0f, perPosition);
            double secs = (System.nanoTime() - t0) / 1e9;
            Point p = new Point(seen, secs, a, opt.lr());
            if (seen >= nextRow || seen >= budget || a.exact() == 1) {
                curve.add(p);
                nextRow = Math.max(nextRow * 2, seen);
                progress.printf(Locale.ROOT, "  sort %s: %s examples, %.0f s: bit %.4f slot %.4f exact %.4f (LR %.2g)%n",
                        label, Fmt.count(seen), secs, a.bit(), a.slot(), a.exact(), opt.lr());
            }
            if (a.exact() == 1) {
                break;
            }
            if (setup.schedule() == Schedule.PLATEAU) {
                if (a.bit() > best) {
                    best = a.bit();
                    stale = 0;
                } else if (++stale >= 3) {
                    opt.setLr(opt.lr() / 2);
                    stale = 0;
                    if (opt.lr() < setup.lr() / 1000) {
                        break;
                    }
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Outcome(curve, task.evaluate(model, test, 0f, perPosition), seen, secs, model.parameterCount());
    }
}
