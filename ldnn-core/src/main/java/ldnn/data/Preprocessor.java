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
}
