package ldnn.experiments;

import java.util.LinkedHashMap;
import java.util.Map;
import ldnn.nn.Module;
import ldnn.tensor.Tensor;

/**
 * Rounds a trained model's weight matrices to b bits, per row: symmetric uniform levels
 * k·s for k in −(2^(b−1)−1) .. 2^(b−1)−1, with s = max|w| of the row / (2^(b−1)−1). b = 2 leaves three
 * levels {−s, 0, s}. Biases and other 1-d tensors stay float32 (they are a tiny part of the count).
 */
final class Quantizer {
    private Quantizer() {
    }

    /** A copy of every parameter, to restore after quantizing. */
    static Map<String, Tensor> save(Module model) {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        model.parameters().forEach((k, v) -> copy.put(k, v.copy()));
        return copy;
    }

    /** Quantizes the model's weight matrices in place (32 bits: unchanged). */
    static void quantize(Module model, int bits) {
        if (bits >= 32) {
            return;
        }
        if (bits < 2) {
            throw new IllegalArgumentException("quantize: need at least 2 bits (sign and magnitude), got " + bits);
        }
        int levels = (1 << (bits - 1)) - 1;
        for (Tensor p : model.parameters().values()) {
            if (p.rank() < 2) {
                continue;
            }
            int rows = p.size(0), cols = p.numel() / rows;
            float[] w = p.data();
            for (int r = 0; r < rows; r++) {
                float max = 0;
                for (int c = 0; c < cols; c++) {
                    max = Math.max(max, Math.abs(w[r * cols + c]));
                }
                if (max == 0) {
                    continue;
                }
                float step = max / levels;
                for (int c = 0; c < cols; c++) {
                    w[r * cols + c] = Math.round(w[r * cols + c] / step) * step;
                }
            }
        }
    }

    /** Number of distinct values in row 0 of the first weight matrix (a check that rounding happened). */
    static int distinctInFirstRow(Module model) {
        for (Tensor p : model.parameters().values()) {
            if (p.rank() >= 2) {
                int cols = p.numel() / p.size(0);
                return (int) java.util.stream.IntStream.range(0, cols).mapToDouble(c -> p.data()[c]).distinct().count();
            }
        }
        return 0;
    }
}
