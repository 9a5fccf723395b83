package ldnn.experiments;

import ldnn.autograd.GradMode;
import ldnn.data.Batch;
import ldnn.data.Dataset;
import ldnn.nn.Init;
import ldnn.nn.LSTM;
import ldnn.nn.Linear;
import ldnn.nn.Sequential;
import ldnn.optim.Adam;
import ldnn.optim.Optimizer;
import ldnn.optim.Sgd;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * One LSTM training run on the adding problem with a plain loop (steps to solve and divergence need
 * per-step control, and the recipe trainer's guard would hide a divergence by rolling it back).
 * LSTM(2 → hidden, forget-gate bias as given) → linear → 1, MSE, batch 32, fresh sequences.
 */
final class LstmRun {
    /** How the run went: step at which test MSE first fell below 0.01 (-1 never), final MSE, divergence. */
    record Outcome(long stepsToSolve, double finalMse, boolean diverged, long steps, double maxGradNorm, double seconds) {
    }

    /**
     * @param optimizer "adam" or "sgd" (SGD with momentum 0.9, the recipe's optimizer)
     * @param clip      global gradient-norm threshold, 0 for none
     * @param untilSolved stop at the first evaluation with MSE below 0.01
     */
    static Outcome train(int length, int hidden, double forgetBias, String optimizer, double lr, double clip,
                         long steps, int evalEvery, boolean untilSolved, long seed) {
        Rng rng = new Rng(seed * 7919 + length);
        Sequential model = new Sequential(new LSTM(2, hidden, 1, forgetBias, false, true), new Linear(hidden, 1));
        model.initialize(Init.defaults(), rng.split());
        Optimizer opt = optimizer.equals("adam") ? Adam.adam(model.parameters(), lr)
                : new Sgd(model.parameters(), lr, 0.9, false, 0);
        Dataset test = FreshBatches.sample("adding test", AddingTask.generator(length), 1000, seed * 13 + length);
        Rng data = rng.split();
        long solved = -1;
        double mse = Double.NaN, maxNorm = 0;
        boolean diverged = false;
        long t0 = System.nanoTime(), step = 0;
        while (step < steps) {
            Batch b = AddingTask.draw(data, 32, length);
            Tensor loss = model.forward(b.x()).mse(b.targets());
            double norm = Loop.step(opt, loss, clip);
            step++;
            if (!Double.isFinite(norm) || !Double.isFinite(loss.item()) || hasNonFinite(model)) {
                diverged = true;
                break;
            }
            maxNorm = Math.max(maxNorm, norm);
            if (step % evalEvery == 0 || step == steps) {
                mse = mse(model, test);
                if (!Double.isFinite(mse)) {
                    diverged = true;
                    break;
                }
                if (solved < 0 && mse < 0.01) {
                    solved = step;
                    if (untilSolved) {
                        break;
                    }
                }
            }
        }
        if (!diverged && !Double.isFinite(mse)) {
            mse = mse(model, test);
        }
        return new Outcome(solved, diverged ? Double.NaN : mse, diverged, step, maxNorm, (System.nanoTime() - t0) / 1e9);
    }

    @SuppressWarnings("try") // the scope is used for its effect: no graph is recorded
    static double mse(Sequential model, Dataset test) {
        try (var ng = GradMode.noGrad()) {
            model.eval();
            double v = model.forward(test.x()).mse(test.targets()).item();
            model.train(true);
            return v;
        }
    }

    private static boolean hasNonFinite(Sequential model) {
        for (Tensor p : model.parameters().values()) {
            for (float v : p.data()) {
                if (!Float.isFinite(v)) {
                    return true;
                }
            }
        }
        return false;
    }
}
