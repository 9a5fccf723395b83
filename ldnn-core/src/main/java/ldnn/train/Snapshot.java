package ldnn.train;

import java.util.LinkedHashMap;
import java.util.Map;
import ldnn.nn.Module;
import ldnn.optim.Optimizer;
import ldnn.tensor.Tensor;

/** A copy of a model's parameters (and optionally the optimizer's state) to roll back to. */
final class Snapshot {
    final Map<String, float[]> params = new LinkedHashMap<>();
    final Map<String, Tensor> optimizerState;
    final long optimizerSteps;

    Snapshot(Module model, Optimizer optimizer) {
        for (Map.Entry<String, Tensor> e : model.parameters().entrySet()) {
            params.put(e.getKey(), e.getValue().toArray());
        }
        optimizerState = optimizer == null ? null : optimizer.state();
        optimizerSteps = optimizer == null ? 0 : optimizer.steps();
    }

    void restore(Module model, Optimizer optimizer) {
        for (Map.Entry<String, Tensor> e : model.parameters().entrySet()) {
            float[] src = params.get(e.getKey());
            System.arraycopy(src, 0, e.getValue().data(), e.getValue().offset(), src.length);
        }
        if (optimizer != null && optimizerState != null) {
            optimizer.loadState(optimizerState, optimizerSteps);
        }
    }

    Map<String, Tensor> asTensors(Module model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : model.parameters().entrySet()) {
            out.put(e.getKey(), Tensor.of(params.get(e.getKey()).clone(), e.getValue().shape()));
        }
        return out;
    }
}
