package ldnn.experiments;

import java.util.Arrays;
import ldnn.autograd.GradMode;
import ldnn.data.Batch;
import ldnn.data.Dataset;
import ldnn.nn.Module;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * Sorting N numbers of B bits: the input is the N·B bits as ±1 (number by number, most significant bit
 * first), the target the same layout of the numbers in ascending order, as 0/1 bits. Numbers are
 * uniform in [0, 2^B), duplicates allowed.
 */
record SortTask(int n, int bits) {

    SortTask {
        if (n < 2 || bits < 1 || bits > 20) {
            throw new IllegalArgumentException("sort task: need n >= 2 numbers of 1..20 bits, got " + n + " x " + bits);
        }
    }

    int width() {
        return n * bits;
    }

    String describe() {
        return n + " numbers x " + bits + " bits";
    }

    FreshBatches.Generator generator() {
        return this::draw;
    }

    Batch draw(Rng rng, int size) {
        int w = width();
        float[] x = new float[size * w], y = new float[size * w];
        int[] v = new int[n];
        for (int e = 0; e < size; e++) {
            for (int i = 0; i < n; i++) {
                v[i] = rng.nextInt(1 << bits);
                write(x, e * w + i * bits, v[i], -1f);
            }
            Arrays.sort(v);
            for (int i = 0; i < n; i++) {
                write(y, e * w + i * bits, v[i], 0f);
            }
        }
        return new Batch(Tensor.of(x, size, w), null, Tensor.of(y, size, w));
    }

    /** Bits of value, most significant first, as 1 or {@code zero}. */
    private void write(float[] out, int at, int value, float zero) {
        for (int k = 0; k < bits; k++) {
            out[at + k] = ((value >> (bits - 1 - k)) & 1) == 1 ? 1f : zero;
        }
    }

    /** Bit, slot (a whole number right) and exact (the whole sequence right) accuracy. */
    record Accuracy(double bit, double slot, double exact) {
    }

    /**
     * Accuracy of a model whose outputs are compared with {@code threshold} (0 for logits, ½ for
     * probabilities or 0/1 steps), in batches.
     */
    @SuppressWarnings("try") // the scope is used for its effect: no graph is recorded
    Accuracy evaluate(Module model, Dataset test, float threshold) {
        int w = width(), total = test.size();
        long bitOk = 0, slotOk = 0, exactOk = 0;
        boolean was = model.isTraining();
        model.eval();
        try (var ng = GradMode.noGrad()) {
            for (int from = 0; from < total; from += 2000) {
                int to = Math.min(total, from + 2000);
                float[] out = model.forward(test.x().slice(0, from, to).contiguous()).toArray();
                float[] t = test.targets().slice(0, from, to).toArray();
                for (int e = 0; e < to - from; e++) {
                    boolean all = true;
                    for (int i = 0; i < n; i++) {
                        boolean slot = true;
                        for (int k = 0; k < bits; k++) {
                            int at = e * w + i * bits + k;
                            boolean ok = (out[at] > threshold) == (t[at] > 0.5f);
                            bitOk += ok ? 1 : 0;
                            slot &= ok;
                        }
                        slotOk += slot ? 1 : 0;
                        all &= slot;
                    }
                    exactOk += all ? 1 : 0;
                }
            }
        } finally {
            model.train(was);
        }
        return new Accuracy((double) bitOk / ((long) total * w), (double) slotOk / ((long) total * n),
                (double) exactOk / total);
    }
}
