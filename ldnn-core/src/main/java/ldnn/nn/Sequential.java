package ldnn.nn;

import java.util.ArrayList;
import java.util.List;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/** Layers applied in order. Initialization gives each layer the gain of the activation that follows it. */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    /** The modules in order, named "0", "1", ... as PyTorch's nn.Sequential names them. */
    public Sequential(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /** The modules in order, named "0", "1", ... */
    public Sequential(List<Module> modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /** Appends a module under the next index; returns this. */
    public Sequential add(Module m) {
        child(String.valueOf(layers.size()), m);
        layers.add(m);
        return this;
    }

    /** The layers, in order. */
    public List<Module> layers() {
        return java.util.Collections.unmodifiableList(layers);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x;
        for (Module m : layers) {
            h = m.forward(h);
        }
        return h;
    }

    /**
     * Each layer is initialized with the scheme and the gain of the activation that follows it (√2 for
     * ReLU), looking past max pooling, which commutes with the activation, and past a normalization
     * layer (conv, bn, relu: the conv's scale hardly matters then, but its gain stays the usual one).
     */
    @Override
    public void initialize(Init init, Rng rng) {
        for (int i = 0; i < layers.size(); i++) {
            int j = i + 1;
            while (j < layers.size() && (layers.get(j) instanceof Pool2d p && p.isMax()
                    || layers.get(j) instanceof BatchNorm || layers.get(j) instanceof LayerNorm)) {
                j++;
            }
            double gain = j < layers.size() && layers.get(j) instanceof Activation a ? a.gain() : 1;
            layers.get(i).initialize(init.withGain(gain), rng);
        }
    }

    @Override
    public String spec() {
        StringBuilder sb = new StringBuilder();
        for (Module m : layers) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(m.spec());
        }
        return sb.toString();
    }
}
