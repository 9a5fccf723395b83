package ldnn.optim;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import ldnn.tensor.Tensor;

/**
 * The optimizers a training run can name. Parsing a name and building the optimizer live here, in one
 * place, so the config, the trainer and the command line never switch on strings.
 */
public enum OptimizerKind {
    /** {@link Sgd} with momentum; ldnn's default is averaged momentum (dampening = momentum). */
    SGD,
    /** {@link Sgd} with Nesterov momentum, with the same dampening as {@link #SGD}. */
    NESTEROV,
    /** {@link Adam} with L2 weight decay added to the gradient. */
    ADAM,
    /** {@link Adam} with decoupled weight decay (Loshchilov and Hutter). */
    ADAMW;

    /** Adam's constants: the paper's, which are also PyTorch's defaults. */
    static final double BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;

    /** The kind named {@code name}, in any case: "sgd", "nesterov", "adam" or "adamw". */
    public static OptimizerKind parse(String name) {
        for (OptimizerKind k : values()) {
            if (k.id().equalsIgnoreCase(String.valueOf(name))) {
                return k;
            }
        }
        throw new IllegalArgumentException("optimizer: expected " + choices() + ", got '" + name + "'");
    }

    /** The name {@link #parse} reads and the run report writes, e.g. "adamw". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A fresh optimizer of this kind over {@code params}. Momentum and dampening are SGD's (Adam's betas
     * are fixed at 0.9 and 0.999, eps at 1e-8), so the Adam kinds ignore them.
     */
    public Optimizer create(Map<String, Tensor> params, double lr, double momentum, double dampening,
                            double weightDecay) {
        return switch (this) {
            case SGD -> new Sgd(params, lr, momentum, dampening, false, weightDecay);
            case NESTEROV -> new Sgd(params, lr, momentum, dampening, true, weightDecay);
            case ADAM -> new Adam(params, lr, BETA1, BETA2, EPS, weightDecay, false);
            case ADAMW -> new Adam(params, lr, BETA1, BETA2, EPS, weightDecay, true);
        };
    }

    /** "sgd, nesterov, adam or adamw". */
    private static String choices() {
        String all = Arrays.stream(values()).map(OptimizerKind::id).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
