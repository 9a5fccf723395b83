package ldnn.experiments;

import java.io.PrintStream;
import java.util.Locale;
import ldnn.backend.Workspace;
import ldnn.data.Batch;
import ldnn.data.Dataset;
import ldnn.nn.Init;
import ldnn.nn.Linear;
import ldnn.nn.Sequential;
import ldnn.optim.Adam;
import ldnn.optim.Optimizer;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * An MLP with two hidden layers learning n-bit parity from fresh random examples, with a plain loop:
 * a fixed example budget, a validation check every {@code evalEvery} examples, stop once validation is
 * at least 99.5% right (a margin over the 99% target, so that the separate test sample clears it too).
 * Adam LR 1e-3, batch 128, BCE on one logit. The first layer is either ldnn's standard scaled init
 * or ±1/√n (Rademacher) weights with biases uniform in [−1, 1], the setup of the anchors' pilot.
 */
final class ParityMlp {
    private ParityMlp() {
    }

    /** Examples seen when validation reached 99.5% (-1: never), the final test accuracy, the time. */
    record Outcome(long examplesToTarget, double accuracy, long examples, double seconds) {
    }

    static Outcome train(int n, int hidden, boolean rademacher, long budget, long evalEvery, long seed,
                         PrintStream progress) {
        return train(n, hidden, rademacher, budget, evalEvery, 0, seed, progress);
    }

    /**
     * @param growth 0 for a validation check every {@code evalEvery} examples; else the checks are also at
     *               most this fraction of the examples seen apart (at least {@code evalEvery}), so "examples
     *               to the target" is known to that fraction at every scale
     */
    @SuppressWarnings("try") // the workspace scope is used for its effect
    static Outcome train(int n, int hidden, boolean rademacher, long budget, long evalEvery, double growth, long seed,
                         PrintStream progress) {
        Rng rng = new Rng(seed * 1009 + n);
        Sequential model = Mlp.build(n, new int[] {hidden, hidden}, 1, Init.defaults(), rng.split());
        if (rademacher) {
            rademacherFirstLayer((Linear) model.layers().get(0), rng.split());
        }
        Optimizer opt = Adam.adam(model.parameters(), 1e-3);
        Dataset val = FreshBatches.sample("validation", ParityTask.vectors(n), 4000, seed * 7 + n);
        Rng data = rng.split();
        Workspace workspace = new Workspace();
        long seen = 0, reached = -1, nextEval = evalEvery;
        double acc = 0;
        long t0 = System.nanoTime();
        while (seen < budget) {
            Batch b = ParityTask.draw(data, 128, n, false);
            workspace.recycle();
            opt.zeroGrad();
            try (var active = workspace.activate()) {
                Tensor loss = model.forward(b.x()).bceWithLogits(b.targets());
                if (Double.isFinite(loss.item())) {
                    loss.backward();
                }
            }
            opt.step();
            seen += 128;
            if (seen >= nextEval || seen >= budget) {
                nextEval += Math.max(evalEvery, (long) (growth * seen));
                acc = ParityTask.accuracy(model, val);
                if (acc >= 0.995) {
                    reached = seen;
                    break;
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double test = ParityTask.accuracy(model, FreshBatches.sample("test", ParityTask.vectors(n), 10_000, seed * 11 + n));
        progress.printf(Locale.ROOT, "  parity %d bits, MLP %s%s: %s examples, %.0f s, test accuracy %.2f%%%n", n,
                Mlp.shape(n, new int[] {hidden, hidden}, 1), rademacher ? " (+-1 first layer)" : "", Fmt.count(seen),
                secs, 100 * test);
        return new Outcome(reached, test, seen, secs);
    }

    /** First-layer weights ±1/√n, biases uniform in [−1, 1]: every unit starts correlated with the parity. */
    static void rademacherFirstLayer(Linear first, Rng rng) {
        float[] w = first.weight().data(), b = first.bias().data();
        float scale = (float) (1 / Math.sqrt(first.in()));
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextBoolean() ? scale : -scale;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = 2 * rng.nextFloat() - 1;
        }
    }
}
