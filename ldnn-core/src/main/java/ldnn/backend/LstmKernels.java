package ldnn.backend;

import jdk.incubator.vector.FloatVector;
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
     *
     * <p>The activations are separate {@link Vec} passes (the row is in L1 by then), not one fused loop:
     * their bit-reproducible kernels ({@link VecMath}) are whole loops, because C2 could not inline five
     * of them into one without boxing vectors (see there). The scalar tail of the loop for c does the
     * lanes' operations in the same order, so it is bit-identical to them.
     */
    public static void forward(float[] gates, int go, float[] cPrev, int cpo, float[] c, int co, float[] h, int ho, int hd) {
        Vec.sigmoid(gates, go, gates, go, 2 * hd); // i and f, adjacent
        Vec.tanh(gates, go + 2 * hd, gates, go + 2 * hd, hd);
        Vec.sigmoid(gates, go + 3 * hd, gates, go + 3 * hd, hd);
        int j = 0;
        for (int u = S.loopBound(hd); j < u; j += L) {
            FloatVector i = FloatVector.fromArray(S, gates, go + j);
            FloatVector f = FloatVector.fromArray(S, gates, go + hd + j);
            FloatVector g = FloatVector.fromArray(S, gates, go + 2 * hd + j);
            f.mul(FloatVector.fromArray(S, cPrev, cpo + j)).add(i.mul(g)).intoArray(c, co + j);
        }
        for (; j < hd; j++) {
            c[co + j] = gates[go + hd + j] * cPrev[cpo + j] + gates[go + j] * gates[go + 2 * hd + j];
        }
        Vec.tanh(c, co, h, ho, hd);
        Vec.mul(gates, go + 3 * hd, h, ho, h, ho, hd);
    }

    /**
     * Backward of one step for one row. In: activated gates, cPrev, c, dh (total), dcNext (from t+1).
     * Out: pre-activation gate gradients into dGates, and dc flowing to cPrev into dcPrev. tanh(c) is
     * computed first by {@link Vec#tanh} into the o-gate part of dGates, which the loop reads and then
     * overwrites lane by lane (so the loop itself has no transcendental, and its scalar tail does the
     * lanes' operations in the same order, bit for bit).
     */
    public static void backward(float[] gates, int go, float[] cPrev, int cpo, float[] c, int co,
                                float[] dh, int dho, float[] dcNext, int dcno, float[] dGates, int dgo,
                                float[] dcPrev, int dcpo, int hd) {
        int tco = dgo + 3 * hd;
        Vec.tanh(c, co, dGates, tco, hd);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (int u = S.loopBound(hd); j < u; j += L) {
            FloatVector i = FloatVector.fromArray(S, gates, go + j);
            FloatVector f = FloatVector.fromArray(S, gates, go + hd + j);
            FloatVector g = FloatVector.fromArray(S, gates, go + 2 * hd + j);
            FloatVector o = FloatVector.fromArray(S, gates, go + 3 * hd + j);
            FloatVector tc = FloatVector.fromArray(S, dGates, tco + j);
            FloatVector dhv = FloatVector.fromArray(S, dh, dho + j);
            FloatVector dc = dhv.mul(o).mul(one.sub(tc.mul(tc))).add(FloatVector.fromArray(S, dcNext, dcno + j));
            FloatVector cp = FloatVector.fromArray(S, cPrev, cpo + j);
            dc.mul(g).mul(i).mul(one.sub(i)).intoArray(dGates, dgo + j);
            dc.mul(cp).mul(f).mul(one.sub(f)).intoArray(dGates, dgo + hd + j);
            dc.mul(i).mul(one.sub(g.mul(g))).intoArray(dGates, dgo + 2 * hd + j);
            dhv.mul(tc).mul(o).mul(one.sub(o)).intoArray(dGates, tco + j);
            dc.mul(f).intoArray(dcPrev, dcpo + j);
        }
        for (; j < hd; j++) {
            float i = gates[go + j], f = gates[go + hd + j], g = gates[go + 2 * hd + j], o = gates[go + 3 * hd + j];
            float tc = dGates[tco + j];
            float dhv = dh[dho + j];
            float dc = dhv * o * (1 - tc * tc) + dcNext[dcno + j];
            dGates[dgo + j] = dc * g * i * (1 - i);
            dGates[dgo + hd + j] = dc * cPrev[cpo + j] * f * (1 - f);
            dGates[dgo + 2 * hd + j] = dc * i * (1 - g * g);
            dGates[tco + j] = dhv * tc * o * (1 - o);
            dcPrev[dcpo + j] = dc * f;
        }
    }
}
