package ldnn.nn;

import java.util.ArrayList;
import java.util.List;
import ldnn.tensor.Recurrent;
import ldnn.tensor.Rng;
import ldnn.tensor.ShapeException;
import ldnn.tensor.Tensor;

/**
 * Stacked LSTM over batch-first sequences [batch, time, features], each layer one fused op.
 *
 * <p>Forget-gate bias (recipe point 10): initialized to {@link #DEFAULT_FORGET_BIAS} by default. With
 * small weights a gate sits at σ(bias); at 0 the cell keeps half its content per step and long-range
 * information decays within a few steps, at 2 it keeps 88%. Configurable per layer stack.
 *
 * <p>Options: {@code stateful} carries (h, c) from one call to the next (detached: truncated
 * backpropagation through time, as for language models), {@code lastOnly} returns only the final
 * step's output [batch, hidden] (for sequence classification).
 */
public final class LSTM extends Module implements Module.RecurrentLayer {
    /** The forget-gate bias a new LSTM gets (recipe point 10: large, so that it remembers from the start). */
    public static final double DEFAULT_FORGET_BIAS = 2.0;

    private final int in, hidden, layers;
    private final double forgetBias;
    private final boolean stateful, lastOnly;
    private final List<Tensor[]> weights = new ArrayList<>(); // per layer: w_ih, w_hh, bias
    private Tensor[] carriedH, carriedC;

    /**
     * One LSTM layer over whole sequences, with the default forget-gate bias, its state not carried between batches.
     */
    public LSTM(int in, int hidden) {
        this(in, hidden, 1, DEFAULT_FORGET_BIAS, false, false);
    }

    /**
     * A stack of {@code layers} LSTM layers; {@code stateful} carries the state from one batch to the next (for text),
     * {@code lastOnly} outputs only the last step.
     */
    public LSTM(int in, int hidden, int layers, double forgetBias, boolean stateful, boolean lastOnly) {
        if (in < 1 || hidden < 1 || layers < 1) {
            throw new IllegalArgumentException("LSTM: in, hidden and layers must be >= 1, got " + in + ", " + hidden
                    + ", " + layers);
        }
        this.in = in;
        this.hidden = hidden;
        this.layers = layers;
        this.forgetBias = forgetBias;
        this.stateful = stateful;
        this.lastOnly = lastOnly;
        for (int l = 0; l < layers; l++) {
            int inL = l == 0 ? in : hidden;
            weights.add(new Tensor[] {
                param("weight_ih_l" + l, Tensor.zeros(4 * hidden, inL)),
                param("weight_hh_l" + l, Tensor.zeros(4 * hidden, hidden)),
                param("bias_l" + l, Tensor.zeros(4 * hidden))});
        }
        resetParameters(Init.defaults(), new Rng(0));
    }

    /** Input weights fan-in = layer input size, recurrent weights fan-in = hidden; biases 0 except the forget gate. */
    @Override
    protected void resetParameters(Init init, Rng rng) {
        Init g = init.withGain(1);
        for (int l = 0; l < layers; l++) {
            int inL = l == 0 ? in : hidden;
            Tensor[] w = weights.get(l);
            assign(w[0], g.sample(rng, inL, 4 * hidden, inL));
            assign(w[1], g.sample(rng, hidden, 4 * hidden, hidden));
            Tensor b = Tensor.zeros(4 * hidden);
            for (int j = hidden; j < 2 * hidden; j++) {
                b.data()[j] = (float) forgetBias;
            }
            assign(w[2], b);
        }
        clearState();
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.size(2) != (long) in) {
            throw new ShapeException("LSTM(" + in + " -> " + hidden + "): expected input [batch, time, " + in
                    + "], got " + java.util.Arrays.toString(x.shape()));
        }
        int b = x.size(0);
        if (carriedH == null || carriedH[0].size(0) != b) {
            carriedH = new Tensor[layers];
            carriedC = new Tensor[layers];
            for (int l = 0; l < layers; l++) {
                carriedH[l] = Tensor.zeros(b, hidden);
                carriedC[l] = Tensor.zeros(b, hidden);
            }
        }
        Tensor h = x;
        for (int l = 0; l < layers; l++) {
            Tensor[] w = weights.get(l);
            Recurrent.LstmOutput o = Recurrent.lstm(h, carriedH[l], carriedC[l], w[0], w[1], w[2]);
            h = o.y();
            if (stateful) {
                carriedH[l] = o.lastH();
                carriedC[l] = o.lastC();
            }
        }
        if (!stateful) {
            carriedH = null;
        }
        if (lastOnly) {
            int t = h.size(1);
            return h.slice(1, t - 1, t).reshape(b, hidden);
        }
        return h;
    }

    @Override
    public void clearState() {
        carriedH = null;
        carriedC = null;
    }

    /**
     * The stacked layers.
     *
     * @return the number of layers
     */
    public int layers() {
        return layers;
    }

    /**
     * Whether only the last time step's output is returned.
     *
     * @return true for last=true
     */
    public boolean lastOnly() {
        return lastOnly;
    }

    /**
     * Layer l's input weights [4h, in], recurrent weights [4h, h] and bias [4h], gates in the order i, f, g, o.
     *
     * @param l the layer, from 0
     * @return the three tensors
     */
    public Tensor[] weights(int l) {
        return weights.get(l).clone();
    }

    /** The hidden size. */
    public int hidden() {
        return hidden;
    }

    /** The forget-gate bias the layer is initialized with. */
    public double forgetBias() {
        return forgetBias;
    }

    @Override
    public String spec() {
        StringBuilder sb = new StringBuilder("lstm(").append(hidden);
        if (layers != 1) {
            sb.append(",layers=").append(layers);
        }
        if (forgetBias != DEFAULT_FORGET_BIAS) {
            sb.append(",forget_bias=").append(forgetBias);
        }
        if (stateful) {
            sb.append(",stateful=true");
        }
        if (lastOnly) {
            sb.append(",last=true");
        }
        return sb.append(')').toString();
    }
}
