package ldnn.nn;

import ldnn.tensor.IntTensor;
import ldnn.tensor.ShapeException;
import ldnn.tensor.Tensor;

/**
 * Losses, each averaged over the batch (recipe point 4: the gradient is divided by the batch size,
 * so the learning rate need not change with it), and the error measure reported next to each.
 */
public enum Loss {
    /** Softmax cross-entropy against class labels; also per time step for [batch, time, classes]. */
    CROSS_ENTROPY,
    /** Mean squared error against float targets. */
    MSE,
    /** Binary cross-entropy on logits against 0/1 targets (multi-label, bit outputs). */
    BCE_WITH_LOGITS;

    /** The batch-averaged loss of an output against class labels (cross-entropy) or float targets. */
    public Tensor compute(Tensor output, IntTensor labels, Tensor targets) {
        return switch (this) {
            case CROSS_ENTROPY -> {
                if (labels == null) {
                    throw new IllegalArgumentException("cross-entropy needs class labels; this data has float targets "
                            + "(use mse or bce)");
                }
                yield output.crossEntropy(labels);
            }
            case MSE -> output.mse(targets(output, targets));
            case BCE_WITH_LOGITS -> output.bceWithLogits(targets(output, targets));
        };
    }

    private static Tensor targets(Tensor output, Tensor targets) {
        if (targets == null) {
            throw new IllegalArgumentException("this loss needs float targets; the data has class labels "
                    + "(use cross-entropy)");
        }
        if (!java.util.Arrays.equals(output.shape(), targets.shape())) {
            throw new ShapeException("the model's output " + java.util.Arrays.toString(output.shape())
                    + " does not match the targets " + java.util.Arrays.toString(targets.shape()));
        }
        return targets;
    }

    /**
     * Number of wrong predictions in the batch and the number of predictions made: argmax vs label
     * for classification, sign vs 0/1 target per output for BCE; for MSE nothing is counted (0, 0).
     */
    public long[] errors(Tensor output, IntTensor labels, Tensor targets) {
        return switch (this) {
            case CROSS_ENTROPY -> {
                IntTensor pred = output.argmax();
                int[] p = pred.data(), l = labels.data();
                long wrong = 0;
                for (int i = 0; i < p.length; i++) {
                    if (p[i] != l[i]) {
                        wrong++;
                    }
                }
                yield new long[] {wrong, p.length};
            }
            case BCE_WITH_LOGITS -> {
                float[] o = output.toArray(), t = targets.toArray();
                long wrong = 0;
                for (int i = 0; i < o.length; i++) {
                    if ((o[i] > 0) != (t[i] > 0.5f)) {
                        wrong++;
                    }
                }
                yield new long[] {wrong, o.length};
            }
            case MSE -> new long[] {0, 0};
        };
    }

    /** The lowercase name used in configs and logs. */
    public String id() {
        return switch (this) {
            case CROSS_ENTROPY -> "cross-entropy";
            case MSE -> "mse";
            case BCE_WITH_LOGITS -> "bce";
        };
    }

    /** The loss named by its id ("cross-entropy", "mse", "bce") or its constant's name, ignoring case. */
    public static Loss parse(String s) {
        for (Loss l : values()) {
            if (l.id().equalsIgnoreCase(s) || l.name().equalsIgnoreCase(s)) {
                return l;
            }
        }
        throw new IllegalArgumentException("loss: expected cross-entropy, mse or bce, got '" + s + "'");
    }
}
