package ldnn.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * A layer or a model: named parameters, child modules, train/eval mode, and a forward pass written
 * with tensor ops (autograd supplies the backward). In the spirit of PyTorch's nn.Module.
 *
 * <p>Each layer states its initialization in one method, {@link #resetParameters(Init, Rng)}, and
 * describes itself as a spec token ({@link #spec()}) so a model file can rebuild it.
 */
public abstract class Module {
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** A module in training mode, with no parameters or children yet. */
    protected Module() {
    }

    /** The forward pass. */
    public abstract Tensor forward(Tensor x);

    /** (Re)initializes this layer's own parameters (not its children's). */
    protected void resetParameters(Init init, Rng rng) {
    }

    /** A spec token rebuilding this module, e.g. "dense(1024)", parsed by {@link ModelSpec}. */
    public abstract String spec();

    /** Registers a parameter (a leaf that requires grad) under a name. */
    protected final Tensor param(String name, Tensor value) {
        value.requiresGrad(true);
        params.put(name, value);
        return value;
    }

    /**
     * Writes new values into a registered parameter, in place (re-initialization): a parameter tensor,
     * once registered, is never replaced, so an optimizer or a layer field holding it never goes stale.
     */
    protected static void assign(Tensor param, Tensor values) {
        if (!java.util.Arrays.equals(param.shape(), values.shape())) {
            throw new IllegalArgumentException("assign: expected values of shape " + java.util.Arrays.toString(param.shape())
                    + ", got " + java.util.Arrays.toString(values.shape()));
        }
        System.arraycopy(values.toArray(), 0, param.data(), param.offset(), param.numel());
    }

    /**
     * Registers a buffer: state that is saved and restored with the parameters (model files,
     * checkpoints, the best weights) but not trained by the optimizer, such as batch normalization's
     * running statistics (PyTorch's {@code register_buffer}).
     *
     * @param name  the buffer's name in this module
     * @param value the tensor (kept, not copied)
     * @return value
     */
    protected final Tensor buffer(String name, Tensor value) {
        buffers.put(name, value);
        return value;
    }

    /** Registers a submodule under {@code name}, so that its parameters are named "name.…"; returns it. */
    protected final <M extends Module> M child(String name, M module) {
        children.put(name, module);
        return module;
    }

    /** The direct submodules, by name, in registration order. */
    public final Map<String, Module> children() {
        return java.util.Collections.unmodifiableMap(children);
    }

    /** All parameters, depth first, named by path ("0.weight", "lstm.w_hh"). */
    public final Map<String, Tensor> parameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out) {
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            out.put(prefix + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collect(prefix + e.getKey() + ".", out);
        }
    }

    /**
     * All buffers, depth first, named by path ("1.running_mean").
     *
     * @return all buffers, depth first, named by path ("1.running_mean")
     */
    public final Map<String, Tensor> buffers() {
        Map<String, Tensor> out = state();
        out.keySet().removeAll(parameters().keySet());
        return out;
    }

    /**
     * Everything a saved model holds, by path: each module's parameters, then its buffers, then its
     * children's, depth first: the names and order of PyTorch's {@code state_dict()} for the matching
     * modules. Without buffers (no normalization layer) this is {@link #parameters()}.
     *
     * @return the parameters and buffers by path
     */
    public final Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            out.put(prefix + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
            out.put(prefix + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collectState(prefix + e.getKey() + ".", out);
        }
    }

    /** Every module in the tree with its path ("" for this one), depth first. */
    public final Map<String, Module> modules() {
        Map<String, Module> out = new LinkedHashMap<>();
        walk("", out);
        return out;
    }

    private void walk(String path, Map<String, Module> out) {
        out.put(path, this);
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().walk(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
        }
    }

    /** The number of trainable values in all parameters. */
    public final long parameterCount() {
        long n = 0;
        for (Tensor t : parameters().values()) {
            n += t.numel();
        }
        return n;
    }

    /** Re-initializes every parameter in the tree with the scheme. */
    public void initialize(Init init, Rng rng) {
        resetParameters(init, rng);
        for (Module m : children.values()) {
            m.initialize(init, rng);
        }
    }

    /** Copies values into this model's parameters, by name; shapes must match. */
    public final void loadParameters(Map<String, Tensor> values) {
        load(parameters(), values, "parameters");
    }

    /**
     * Copies values into this model's parameters and buffers ({@link #state()}), by name; shapes must match.
     *
     * @param values tensors by path, as {@link #state()} names them
     */
    public final void loadState(Map<String, Tensor> values) {
        load(state(), values, "tensors");
    }

    private static void load(Map<String, Tensor> mine, Map<String, Tensor> values, String what) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            Tensor src = values.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
                continue;
            }
            Tensor dst = e.getValue();
            if (!java.util.Arrays.equals(src.shape(), dst.shape())) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "': expected shape "
                        + java.util.Arrays.toString(dst.shape()) + ", found " + java.util.Arrays.toString(src.shape()));
            }
            System.arraycopy(src.toArray(), 0, dst.data(), dst.offset(), dst.numel());
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing " + what + " " + missing + " (have " + values.keySet() + ")");
        }
    }

    /** Training mode (dropout active) or evaluation mode, for the whole tree. */
    public void train(boolean on) {
        training = on;
        for (Module m : children.values()) {
            m.train(on);
        }
    }

    /** Evaluation mode: dropout off (the same as {@code train(false)}). */
    public final void eval() {
        train(false);
    }

    /** Whether the module is in training mode. */
    public final boolean isTraining() {
        return training;
    }

    /** Seeds every random layer (dropout) from one generator, in tree order. */
    public final void seedRandomLayers(Rng rng) {
        for (Module m : modules().values()) {
            if (m instanceof RandomLayer r) {
                r.rng().setState(rng.split().state());
            }
        }
    }

    /** True if the tree contains a recurrent layer (the trainer then clips gradient norms by default). */
    public final boolean isRecurrent() {
        for (Module m : modules().values()) {
            if (m instanceof RecurrentLayer) {
                return true;
            }
        }
        return false;
    }

    /** Clears carried state of stateful recurrent layers (at the start of an epoch or a new text). */
    public final void resetState() {
        for (Module m : modules().values()) {
            if (m instanceof RecurrentLayer r) {
                r.clearState();
            }
        }
    }

    /** Layers that draw random numbers in forward (their generator is part of a checkpoint). */
    public interface RandomLayer {
        /** The layer's generator. */
        Rng rng();
    }

    /** Layers with recurrent connections. */
    public interface RecurrentLayer {
        /** Forgets carried state. */
        void clearState();
    }

    @Override
    public String toString() {
        return spec();
    }
}
