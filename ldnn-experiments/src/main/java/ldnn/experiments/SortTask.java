package ldnn.experiments;

import java.util.Arrays;
import ldnn.autograd.GradMode;
import ldnn.data.Batch;
import ldnn.data.Dataset;
import ldnn.nn.Module;
import ldnn.tensor.IntTensor;
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
        return draw(rng, size, false);
    }

    /**
     * A batch; with {@code values} also the sorted numbers as class labels, n per example (row e·n + i
     * is position i of example e), for the one-softmax-per-position encoding.
     */
    Batch draw(Rng rng, int size, boolean values) {
        int w = width();
        float[] x = new float[size * w], y = new float[size * w];
        int[] v = new int[n];
        int[] sorted = values ? new int[size * n] : null;
        for (int e = 0; e < size; e++) {
            for (int i = 0; i < n; i++) {
                v[i] = rng.nextInt(1 << bits);
                write(x, e * w + i * bits, v[i], -1f);
            }
            Arrays.sort(v);
            for (int i = 0; i < n; i++) {
                write(y, e * w + i * bits, v[i], 0f);
                if (values) {
                    sorted[e * n + i] = v[i];
                }
            }
        }
        return new Batch(Tensor.of(x, size, w), values ? IntTensor.of(sorted) : null, Tensor.of(y, size, w));
    }

    /** The bits of numbers, as 1 and -1 (a threshold of 0 reads them). */
    private float[] asBits(int[] numbers) {
        float[] out = new float[numbers.length * bits];
        for (int i = 0; i < numbers.length; i++) {
            write(out, i * bits, numbers[i], -1f);
        }
        return out;
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
    Accuracy evaluate(Module model, Dataset test, float threshold) {
        return evaluate(model, test, threshold, false);
    }

    /**
     * Accuracy of a model with one output per bit (compared with {@code threshold}) or, with
     * {@code perPosition}, 2^bits logits per position (the largest one names the number there).
     */
    @SuppressWarnings("try") // the scope is used for its effect: no graph is recorded
    Accuracy evaluate(Module model, Dataset test, float threshold, boolean perPosition) {
        int w = width(), total = test.size();
        long bitOk = 0, slotOk = 0, exactOk = 0;
        boolean was = model.isTraining();
        model.eval();
        try (var ng = GradMode.noGrad()) {
            for (int from = 0; from < total; from += 2000) {
                int to = Math.min(total, from + 2000);
                Tensor o = model.forward(test.x().slice(0, from, to).contiguous());
                float[] out = perPosition ? asBits(o.reshape(-1, 1 << bits).argmax().data()) : o.toArray();
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
