package ldnn.experiments;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import ldnn.data.Batch;
import ldnn.nn.Init;
import ldnn.nn.LSTM;
import ldnn.nn.Linear;
import ldnn.nn.Sequential;
import ldnn.optim.Adam;
import ldnn.optim.Optimizer;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * Parity beyond the essay: an LSTM reads the bits one at a time and predicts the parity after the last.
 * Plain loop with a length curriculum: each batch has a random length in [1, L]; L starts at 4 and
 * grows by half whenever a fresh sample of length-L strings is at least 99% right, up to {@code maxLength}.
 * Gradient norm clipped at 5 (recipe point 8), forget-gate bias 1, Adam.
 */
final class BitSerialParity {
    private BitSerialParity() {
    }

    /** Accuracy per test length, strings seen, the final curriculum length and the time. */
    record Outcome(Map<Integer, Double> accuracy, long examples, int reachedLength, double seconds, long parameters) {
    }

    static Outcome train(int hidden, int maxLength, long budget, int[] testLengths, int testSize, long seed,
                         PrintStream progress) {
        Rng rng = new Rng(seed);
        Sequential model = new Sequential(new LSTM(1, hidden, 1, 1.0, false, true), new Linear(hidden, 1));
        model.initialize(Init.defaults(), rng.split());
        Optimizer opt = Adam.adam(model.parameters(), 3e-3);
        Rng data = rng.split();
        int batch = 64, length = Math.min(4, maxLength);
        long seen = 0, nextCheck = 0;
        long t0 = System.nanoTime();
        while (seen < budget) {
            int len = 1 + data.nextInt(length);
            Batch b = ParityTask.draw(data, batch, len, true);
            Tensor loss = model.forward(b.x()).bceWithLogits(b.targets());
            Loop.step(opt, loss, 5);
            seen += batch;
            if (seen >= nextCheck) {
                nextCheck = seen + 16L * batch * 20;
                double acc = ParityTask.accuracy(model, FreshBatches.sample("check", ParityTask.sequences(length), 1000,
                        seed * 31 + seen));
                if (acc >= 0.99 && length == maxLength) {
                    break;
                }
                if (acc >= 0.99) {
                    length = Math.min(maxLength, length + Math.max(1, length / 2));
                    progress.printf(Locale.ROOT, "  parity LSTM(%d): %s strings, %.0f s: %.1f%% right at the current "
                            + "length; training lengths now up to %d%n", hidden, Fmt.count(seen),
                            (System.nanoTime() - t0) / 1e9, 100 * acc, length);
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<Integer, Double> acc = new LinkedHashMap<>();
        for (int n : testLengths) {
            acc.put(n, ParityTask.accuracy(model, FreshBatches.sample("test " + n, ParityTask.sequences(n), testSize,
                    seed * 37 + n)));
        }
        return new Outcome(acc, seen, length, secs, model.parameterCount());
    }
}
