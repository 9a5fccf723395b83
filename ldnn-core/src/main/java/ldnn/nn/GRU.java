package ldnn.nn;

import java.util.ArrayList;
import java.util.List;
import ldnn.tensor.Rng;
import ldnn.tensor.ShapeException;
import ldnn.tensor.Tensor;

/**
 * A gated recurrent unit (Cho et al. 2014) over batch-first sequences, PyTorch's formulation and names:
 * r = σ(x·W_irᵀ + b_ir + h·W_hrᵀ + b_hr), z = σ(x·W_izᵀ + b_iz + h·W_hzᵀ + b_hz),
 * n = tanh(x·W_inᵀ + b_in + r ⊙ (h·W_hnᵀ + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h, with the gate blocks in the
 * order r, z, n in {@code weight_ih_l0} [3h, in], {@code weight_hh_l0} [3h, h], {@code bias_ih_l0} and
 * {@code bias_hh_l0} [3h]. Written with tensor ops (autograd supplies the backward); the same options as
 * {@link RNN}.
 */
public final class GRU extends Module implements Module.RecurrentLayer {
    private final int in, hidden;
    private final boolean stateful, lastOnly;
    private final Tensor wIh, wHh, bIh, bHh;
    private Tensor carried;

    /**
     * A GRU layer.
     *
     * @param in       input features per step
     * @param hidden   the state size
     * @param stateful carry the state from one batch to the next (text in order)
     * @param lastOnly output only the last step's state [batch, hidden]
     */
    public GRU(int in, int hidden, boolean stateful, boolean lastOnly) {
        if (in < 1 || hidden < 1) {
            throw new IllegalArgumentException("GRU: in and hidden must be >= 1, got " + in + ", " + hidden);
        }
        this.in = in;
        this.hidden = hidden;
        this.stateful = stateful;
        this.lastOnly = lastOnly;
        wIh = param("weight_ih_l0", Tensor.zeros(3 * hidden, in));
        wHh = param("weight_hh_l0", Tensor.zeros(3 * hidden, hidden));
        bIh = param("bias_ih_l0", Tensor.zeros(3 * hidden));
        bHh = param("bias_hh_l0", Tensor.zeros(3 * hidden));
        resetParameters(Init.defaults(), new Rng(0));
    }

    /** Input weights fan-in = in, recurrent weights fan-in = hidden (gain 1: the gates are not ReLUs), biases 0. */
    @Override
    protected void resetParameters(Init init, Rng rng) {
        Init g = init.withGain(1);
        assign(wIh, g.sample(rng, in, 3 * hidden, in));
        assign(wHh, g.sample(rng, hidden, 3 * hidden, hidden));
        assign(bIh, Tensor.zeros(3 * hidden));
        assign(bHh, Tensor.zeros(3 * hidden));
        carried = null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.size(2) != in) {
            throw new ShapeException("GRU(" + in + " -> " + hidden + "): expected input [batch, time, " + in
                    + "], got " + java.util.Arrays.toString(x.shape()));
        }
        int b = x.size(0), t = x.size(1), h3 = 3 * hidden;
        Tensor gi = x.matmul(wIh.t()).add(bIh); // all steps' input projections at once [b, t, 3h]
        Tensor h = carried != null && carried.size(0) == b ? carried : Tensor.zeros(b, hidden);
        List<Tensor> outs = new ArrayList<>();
        for (int s = 0; s < t; s++) {
            Tensor xi = gi.slice(1, s, s + 1).reshape(b, h3);
            Tensor hh = h.matmul(wHh.t()).add(bHh);
            Tensor r = xi.slice(1, 0, hidden).add(hh.slice(1, 0, hidden)).sigmoid();
            Tensor z = xi.slice(1, hidden, 2 * hidden).add(hh.slice(1, hidden, 2 * hidden)).sigmoid();
            Tensor n = xi.slice(1, 2 * hidden, h3).add(r.mul(hh.slice(1, 2 * hidden, h3))).tanh();
            h = n.add(z.mul(h.sub(n))); // (1 - z) * n + z * h
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
     * The input weights [3h, in], recurrent weights [3h, h] and the two biases [3h], gate blocks r, z, n.
     *
     * @return the four tensors
     */
    public Tensor[] weights() {
        return new Tensor[] {wIh, wHh, bIh, bHh};
    }

    @Override
    public void clearState() {
        carried = null;
    }

    @Override
    public String spec() {
        return "gru(" + hidden + (stateful ? ",stateful=true" : "") + (lastOnly ? ",last=true" : "") + ")";
    }
}
