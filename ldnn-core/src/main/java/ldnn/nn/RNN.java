package ldnn.nn;

import java.util.ArrayList;
import java.util.List;
import ldnn.tensor.Rng;
import ldnn.tensor.ShapeException;
import ldnn.tensor.Tensor;

/**
 * A plain tanh RNN over batch-first sequences, h_t = tanh(x_t·W_ihᵀ + h_{t-1}·W_hhᵀ + b), written
 * entirely with tensor ops (no hand-written gradient). Same options as {@link LSTM}.
 */
public final class RNN extends Module implements Module.RecurrentLayer {
    private final int in, hidden;
    private final boolean stateful, lastOnly;
    private final Tensor wIh, wHh, bias;
    private Tensor carried;

    /**
     * A tanh RNN layer; {@code stateful} carries the state from one batch to the next, {@code lastOnly} outputs only
     * the last step.
     */
    public RNN(int in, int hidden, boolean stateful, boolean lastOnly) {
        if (in < 1 || hidden < 1) {
            throw new IllegalArgumentException("RNN: in and hidden must be >= 1, got " + in + ", " + hidden);
        }
        this.in = in;
        this.hidden = hidden;
        this.stateful = stateful;
        this.lastOnly = lastOnly;
        wIh = param("weight_ih", Tensor.zeros(hidden, in));
        wHh = param("weight_hh", Tensor.zeros(hidden, hidden));
        bias = param("bias", Tensor.zeros(hidden));
        resetParameters(Init.defaults(), new Rng(0));
    }

    /** Input weights fan-in = in, recurrent weights fan-in = hidden, bias 0. */
    @Override
    protected void resetParameters(Init init, Rng rng) {
        Init g = init.withGain(1);
        assign(wIh, g.sample(rng, in, hidden, in));
        assign(wHh, g.sample(rng, hidden, hidden, hidden));
        assign(bias, Tensor.zeros(hidden));
        carried = null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.size(2) != in) {
            throw new ShapeException("RNN(" + in + " -> " + hidden + "): expected input [batch, time, " + in
                    + "], got " + java.util.Arrays.toString(x.shape()));
        }
        int b = x.size(0), t = x.size(1);
        Tensor proj = x.matmul(wIh.t()).add(bias); // all steps' input projections at once
        Tensor h = carried != null && carried.size(0) == b ? carried : Tensor.zeros(b, hidden);
        List<Tensor> outs = new ArrayList<>();
        for (int s = 0; s < t; s++) {
            h = proj.slice(1, s, s + 1).reshape(b, hidden).add(h.matmul(wHh.t())).tanh();
            if (!lastOnly) {
                outs.add(h.unsqueeze(1));
            }
        }
        carried = stateful ? h.copy() : null; // a copy: h's memory is the step's, reused by the next one
        return lastOnly ? h : Tensor.concat(outs, 1);
    }

    /**
     * The hidden size.
     *
     * @return h
     */
    public int hidden() {
        return hidden;
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
     * The input weights [h, in], recurrent weights [h, h] and bias [h].
     *
     * @return the three tensors
     */
    public Tensor[] weights() {
        return new Tensor[] {wIh, wHh, bias};
    }

    @Override
    public void clearState() {
        carried = null;
    }

    @Override
    public String spec() {
        return "rnn(" + hidden + (stateful ? ",stateful=true" : "") + (lastOnly ? ",last=true" : "") + ")";
    }
}
