package ldnn.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The elementwise part of one LSTM time step for one batch row, vectorized over the hidden units.
 * Gate layout per row: [i | f | g | o], each H wide (PyTorch's order).
 */
public final class LstmKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private LstmKernels() {
    }

    /**
     * Activates the gates in place (σ, σ, tanh, σ), then c = f*cPrev + i*g and h = o*tanh(c).
     */
    public static void forward(float[] gates, int go, float[] cPrev, int cpo, float[] c, int co, float[] h, int ho, int hd) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (int u = S.loopBound(hd); j < u; j += L) {
            FloatVector i = sigmoid(FloatVector.fromArray(S, gates, go + j), one);
            FloatVector f = sigmoid(FloatVector.fromArray(S, gates, go + hd + j), one);
            FloatVector g = FloatVector.fromArray(S, gates, go + 2 * hd + j).lanewise(VectorOperators.TANH);
            FloatVector o = sigmoid(FloatVector.fromArray(S, gates, go + 3 * hd + j), one);
            i.intoArray(gates, go + j);
            f.intoArray(gates, go + hd + j);
            g.intoArray(gates, go + 2 * hd + j);
            o.intoArray(gates, go + 3 * hd + j);
            FloatVector cv = f.mul(FloatVector.fromArray(S, cPrev, cpo + j)).add(i.mul(g));
            cv.intoArray(c, co + j);
            o.mul(cv.lanewise(VectorOperators.TANH)).intoArray(h, ho + j);
        }
        for (; j < hd; j++) {
            float i = sig(gates[go + j]), f = sig(gates[go + hd + j]);
            float g = (float) Math.tanh(gates[go + 2 * hd + j]), o = sig(gates[go + 3 * hd + j]);
            gates[go + j] = i;
            gates[go + hd + j] = f;
            gates[go + 2 * hd + j] = g;
            gates[go + 3 * hd + j] = o;
            float cv = f * cPrev[cpo + j] + i * g;
            c[co + j] = cv;
            h[ho + j] = o * (float) Math.tanh(cv);
        }
    }

    /**
     * Backward of one step for one row. In: activated gates, cPrev, c, dh (total), dcNext (from t+1).
     * Out: pre-activation gate gradients into dGates, and dc flowing to cPrev into dcPrev.
     */
    public static void backward(float[] gates, int go, float[] cPrev, int cpo, float[] c, int co,
                                float[] dh, int dho, float[] dcNext, int dcno, float[] dGates, int dgo,
                                float[] dcPrev, int dcpo, int hd) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (int u = S.loopBound(hd); j < u; j += L) {
            FloatVector i = FloatVector.fromArray(S, gates, go + j);
            FloatVector f = FloatVector.fromArray(S, gates, go + hd + j);
            FloatVector g = FloatVector.fromArray(S, gates, go + 2 * hd + j);
            FloatVector o = FloatVector.fromArray(S, gates, go + 3 * hd + j);
            FloatVector tc = FloatVector.fromArray(S, c, co + j).lanewise(VectorOperators.TANH);
            FloatVector dhv = FloatVector.fromArray(S, dh, dho + j);
            FloatVector dc = dhv.mul(o).mul(one.sub(tc.mul(tc))).add(FloatVector.fromArray(S, dcNext, dcno + j));
            FloatVector cp = FloatVector.fromArray(S, cPrev, cpo + j);
            dc.mul(g).mul(i).mul(one.sub(i)).intoArray(dGates, dgo + j);
            dc.mul(cp).mul(f).mul(one.sub(f)).intoArray(dGates, dgo + hd + j);
            dc.mul(i).mul(one.sub(g.mul(g))).intoArray(dGates, dgo + 2 * hd + j);
            dhv.mul(tc).mul(o).mul(one.sub(o)).intoArray(dGates, dgo + 3 * hd + j);
            dc.mul(f).intoArray(dcPrev, dcpo + j);
        }
        for (; j < hd; j++) {
            float i = gates[go + j], f = gates[go + hd + j], g = gates[go + 2 * hd + j], o = gates[go + 3 * hd + j];
            float tc = (float) Math.tanh(c[co + j]);
            float dhv = dh[dho + j];
            float dc = dhv * o * (1 - tc * tc) + dcNext[dcno + j];
            dGates[dgo + j] = dc * g * i * (1 - i);
            dGates[dgo + hd + j] = dc * cPrev[cpo + j] * f * (1 - f);
            dGates[dgo + 2 * hd + j] = dc * i * (1 - g * g);
            dGates[dgo + 3 * hd + j] = dhv * tc * o * (1 - o);
            dcPrev[dcpo + j] = dc * f;
        }
    }

    private static FloatVector sigmoid(FloatVector x, FloatVector one) {
        return one.div(x.neg().lanewise(VectorOperators.EXP).add(one));
    }

    private static float sig(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
}
