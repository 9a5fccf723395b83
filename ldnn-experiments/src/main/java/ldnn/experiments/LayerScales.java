package ldnn.experiments;

import java.util.ArrayList;
import java.util.List;
import ldnn.data.Batch;
import ldnn.nn.Activation;
import ldnn.nn.Module;
import ldnn.nn.Sequential;
import ldnn.tensor.Tensor;

/**
 * Per-layer scales of a plain MLP at one batch: the RMS of each hidden layer's output (after its ReLU)
 * and the RMS of the loss gradient with respect to that output (kept with {@link Tensor#retainGrad()}).
 * Nothing is updated; the model's gradients are cleared afterwards.
 */
final class LayerScales {
    private LayerScales() {
    }

    /** Activation RMS and gradient RMS of hidden layer i (0-based) at index i. */
    record Scales(double[] activation, double[] gradient, double loss) {
    }

    static Scales measure(Sequential model, Batch batch) {
        List<Tensor> hidden = new ArrayList<>();
        Tensor h = batch.x().flatten(1);
        List<Module> layers = model.layers();
        for (Module m : layers) {
            h = m.forward(h);
            if (m instanceof Activation) {
                h.retainGrad();
                hidden.add(h);
            }
        }
        Tensor loss = h.crossEntropy(batch.labels());
        loss.backward();
        double[] act = new double[hidden.size()], grad = new double[hidden.size()];
        for (int i = 0; i < hidden.size(); i++) {
            Tensor a = hidden.get(i);
            act[i] = a.norm() / Math.sqrt(a.numel());
            grad[i] = a.grad() == null ? 0 : a.grad().norm() / Math.sqrt(a.numel());
        }
        for (Tensor p : model.parameters().values()) {
            p.zeroGrad();
        }
        return new Scales(act, grad, loss.item());
    }
}
