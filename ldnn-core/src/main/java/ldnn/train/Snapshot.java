package ldnn.train;

import java.util.LinkedHashMap;
import java.util.Map;
import ldnn.nn.Module;
import ldnn.optim.Optimizer;
import ldnn.tensor.Tensor;

/** A copy of a model's parameters (and optionally the optimizer's state) to go back to. */
final class Snapshot {
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Tensor> optimizerState;
    private final long optimizerSteps;

    Snapshot(Module model, Optimizer optimizer) {
        this(copies(model.state()), optimizer);
    }

    private Snapshot(Map<String, Tensor> params, Optimizer optimizer) {
        this.params.putAll(params);
        optimizerState = optimizer == null ? null : optimizer.state();
        optimizerSteps = optimizer == null ? 0 : optimizer.steps();
    }

    /** A snapshot of weights saved earlier (e.g. read from a checkpoint). */
    static Snapshot ofParameters(Map<String, Tensor> params) {
        return new Snapshot(copies(params), null);
    }

    private static Map<String, Tensor> copies(Map<String, Tensor> params) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    /** Writes the saved values back into the model's (and optimizer's) own tensors. */
    void restore(Module model, Optimizer optimizer) {
        model.loadState(params);
        if (optimizer != null && optimizerState != null) {
            optimizer.loadState(optimizerState, optimizerSteps);
        }
    }

    /** The saved parameters (not to be modified). */
    Map<String, Tensor> parameters() {
        return params;
    }
}
