package ldnn.data;

import java.util.Map;
import ldnn.tensor.Tensor;

/**
 * A transform fitted on the training split only (recipe point 2), saved inside the model file and
 * applied again by predict. Implementations are immutable once fitted.
 */
public interface Preprocessor {

    /** Short name stored in model files, e.g. "standardize". */
    String kind();

    /** Transforms a batch of raw inputs [n, ...] into a new tensor (the input is not modified). */
    Tensor apply(Tensor x);

    /** Small settings (strings) saved with the model. */
    Map<String, String> config();

    /** Fitted statistics saved with the model (as tensors). */
    Map<String, Tensor> state();

    /** One line for logs and the run report. */
    String describe();

    /**
     * The default preprocessing for training inputs: images [n, C, H, W] get {@link ImageStandardizer}
     * (automatic mode), anything else per-dimension {@link Standardizer} with the automatic log rule.
     */
    static Preprocessor fitDefault(Tensor trainX) {
        return trainX.rank() == 4 ? ImageStandardizer.fit(trainX) : Standardizer.fit(trainX);
    }

    /** Rebuilds a saved preprocessor from its kind, config and state (the model-file round trip). */
    static Preprocessor restore(String kind, Map<String, String> config, Map<String, Tensor> state) {
        return switch (kind) {
            case Standardizer.KIND -> Standardizer.restore(config, state);
            case ImageStandardizer.KIND -> ImageStandardizer.restore(config, state);
            default -> throw new IllegalArgumentException("unknown preprocessor kind '" + kind + "' (known: "
                    + Standardizer.KIND + ", " + ImageStandardizer.KIND + ")");
        };
    }
}
