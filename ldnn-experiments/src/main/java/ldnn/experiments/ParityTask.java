package ldnn.experiments;

import ldnn.autograd.GradMode;
import ldnn.data.Batch;
import ldnn.data.Dataset;
import ldnn.nn.Module;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * Full parity of n random bits (±1 inputs; target 1 when an odd number of bits are −1), as a vector
 * [batch, n] for MLPs or as a sequence [batch, n, 1] read one bit per step.
 */
final class ParityTask {
    private ParityTask() {
    }

    static FreshBatches.Generator vectors(int n) {
        return (rng, size) -> draw(rng, size, n, false);
    }

    static FreshBatches.Generator sequences(int n) {
        return (rng, size) -> draw(rng, size, n, true);
    }

    static Batch draw(Rng rng, int size, int n, boolean sequence) {
        float[] x = new float[size * n], y = new float[size];
        for (int e = 0; e < size; e++) {
            int odd = 0;
            for (int i = 0; i < n; i++) {
                boolean minus = rng.nextBoolean();
                x[e * n + i] = minus ? -1f : 1f;
                odd ^= minus ? 1 : 0;
            }
            y[e] = odd;
        }
        Tensor xt = sequence ? Tensor.of(x, size, n, 1) : Tensor.of(x, size, n);
        return new Batch(xt, null, Tensor.of(y, size, 1));
    }

    /** Fraction of examples whose output logit has the target's sign. */
    @SuppressWarnings("try") // the scope is used for its effect: no graph is recorded
    static double accuracy(Module model, Dataset test) {
        boolean was = model.isTraining();
        model.eval();
        long ok = 0;
        try (var ng = GradMode.noGrad()) {
            for (int from = 0; from < test.size(); from += 2000) {
                int to = Math.min(test.size(), from + 2000);
                float[] out = model.forward(test.x().slice(0, from, to).contiguous()).toArray();
                float[] t = test.targets().slice(0, from, to).toArray();
                for (int i = 0; i < out.length; i++) {
                    ok += (out[i] > 0) == (t[i] > 0.5f) ? 1 : 0;
                }
            }
        } finally {
            model.train(was);
            model.resetState();
        }
        return (double) ok / test.size();
    }
}
