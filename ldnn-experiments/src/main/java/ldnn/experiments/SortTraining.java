package ldnn.experiments;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * needs evaluations on a fixed schedule): Adam, BCE on the output bits, batch 256, a fresh validation
 * sample every {@code evalEvery} examples, the LR halved when validation bit accuracy has not improved
 * for 3 evaluations (the recipe's schedule), stop when the budget is spent, the LR has fallen 1000-fold,
 * or validation has every sequence right.
 */
final class SortTraining {
    static final int BATCH = 256;

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
        Rng rng = new Rng(seed);
        Sequential model = Mlp.build(task.width(), hidden, task.width(), Init.defaults(), rng.split());
        Optimizer opt = Adam.adam(model.parameters(), lr);
        Dataset val = FreshBatches.sample("validation", task.generator(), evalSize, seed * 7 + 1);
        Dataset test = FreshBatches.sample("test", task.generator(), evalSize, seed * 7 + 2);
        Rng data = rng.split();
        List<Point> curve = new ArrayList<>();
        long seen = 0, nextRow = evalEvery;
        double best = -1;
        int stale = 0;
        long t0 = System.nanoTime();
        String label = task.describe() + ", " + Mlp.shape(task.width(), hidden, task.width());
        while (seen < budget) {
            long stop = Math.min(budget, seen + evalEvery);
            while (seen < stop) {
                Batch b = task.draw(data, BATCH);
                Tensor loss = model.forward(b.x()).bceWithLogits(b.targets());
                Loop.step(opt, loss, 0);
                seen += BATCH;
            }
            SortTask.Accuracy a = task.evaluate(model, val, 0f);
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
            if (a.bit() > best) {
                best = a.bit();
                stale = 0;
            } else if (++stale >= 3) {
                opt.setLr(opt.lr() / 2);
                stale = 0;
                if (opt.lr() < lr / 1000) {
                    break;
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Outcome(curve, task.evaluate(model, test, 0f), seen, secs, model.parameterCount());
    }
}
