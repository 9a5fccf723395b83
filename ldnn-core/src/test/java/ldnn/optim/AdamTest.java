package ldnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Two Adam steps on w = (1, −2, 0.5) with the gradients g1 = (0.5, 1, −2), then g2 = (1, −1, 0.5), at
 * LR 0.01 with β1 = 0.9, β2 = 0.999, ε = 1e-8, against the formula worked out by hand:
 * m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  m̂ = m/(1 − β1ᵗ);  v̂ = v/(1 − β2ᵗ);
 * w ← w − lr·(m̂/(√v̂ + ε) + λ·w) for AdamW, with λ·w added to g instead for Adam.
 */
class AdamTest {
    private static final float[] G1 = {0.5f, 1f, -2f}, G2 = {1f, -1f, 0.5f};
    private static final double LR = 0.01;
    /** float32 on values near 1: a few roundings of about 1e-7 each. */
    private static final float TOL = 1e-6f;

    private final Tensor w = Tensor.vector(1f, -2f, 0.5f);
    private final Map<String, Tensor> params = Map.of("w", w);

    /**
     * Bias correction makes the first step lr·g/(|g| + ε) = lr·sign(g) whatever the size of g; the
     * second step shows the moments: for the middle element g1 = 1 and g2 = −1 nearly cancel in m.
     */
    @Test
    void adamCorrectsTheBiasOfItsZeroStartedMoments() {
        Adam adam = Adam.adam(params, LR);
        step(adam, G1);
        // m̂1 = g1, v̂1 = g1²: w1 = w0 − 0.01·sign(g1)
        assertW(0.99f, -2.01f, 0.51f);
        step(adam, G2);
        // first element: m2 = 0.9·(0.1·0.5) + 0.1·1 = 0.145, m̂2 = 0.145/(1 − 0.9²) = 0.76316;
        // v2 = 0.999·(0.001·0.25) + 0.001·1 = 0.00124975, v̂2 = v2/(1 − 0.999²) = 0.62519;
        // w2 = 0.99 − 0.01·0.76316/(√0.62519 + 1e-8) = 0.99 − 0.01·0.96518
        // middle element: m̂2 = (0.09 − 0.1)/0.19 = −0.052632, v̂2 = (0.000999 + 0.001)/0.001999 = 1
        assertW((float) (0.99 - LR * secondStep(0.5, 1)), (float) (-2.01 - LR * secondStep(1, -1)),
                (float) (0.51 - LR * secondStep(-2, 0.5)));
        assertW(0.98034818f, -2.00947368f, 0.51469468f); // the same, as numbers
    }

    /**
     * With the same gradient every step, bias correction makes m̂ = g and v̂ = g² exactly, so every step
     * is lr·sign(g). (It checks that the moments and the correction use the same β: with 1 − β2
     * rounded from the float β2, v̂ came out 1.3e-5 low and the first steps 6e-6 too long.)
     */
    @Test
    void aConstantGradientGivesStepsOfExactlyTheLr() {
        Tensor x = Tensor.vector(0f, 0f, 0f);
        Adam adam = Adam.adam(Map.of("x", x), 1.0);
        for (int t = 1; t <= 10; t++) {
            x.setGrad(Tensor.vector(G1.clone()));
            adam.step();
            float[] expected = {-t, -t, t}; // −t·sign(0.5, 1, −2)
            assertArrayEquals(expected, x.toArray(), 1e-6f * t, "after step " + t);
        }
    }

    /** Plain Adam with weight decay: λ·w joins the gradient before the moments (L2 regularization). */
    @Test
    void adamWithWeightDecayAddsLambdaTimesTheWeightsToTheGradient() {
        Adam adam = new Adam(params, LR, 0.9, 0.999, 1e-8, 0.1, false);
        step(adam, G1);
        // g1 + 0.1·w0 = (0.6, 0.8, −1.95): the same signs as g1, so the same first step as Adam's
        assertW(0.99f, -2.01f, 0.51f);
        step(adam, G2);
        // g2 + 0.1·w1 = (1 + 0.099, −1 − 0.201, 0.5 + 0.051)
        assertW((float) (0.99 - LR * secondStep(0.6, 1.099)), (float) (-2.01 - LR * secondStep(0.8, -1.201)),
                (float) (0.51 - LR * secondStep(-1.95, 0.551)));
    }

    /** AdamW: the decay −lr·λ·w is applied to the weights directly, apart from the moments. */
    @Test
    void adamWDecaysTheWeightsApartFromTheMoments() {
        Adam adamW = Adam.adamW(params, LR, 0.1);
        step(adamW, G1);
        // w1 = w0 − 0.01·(sign(g1) + 0.1·w0) = (1 − 0.01 − 0.001, −2 − 0.01 + 0.002, 0.5 + 0.01 − 0.0005)
        assertW(0.989f, -2.008f, 0.5095f);
        step(adamW, G2);
        // the moments see g alone, as in Adam; then w2 = w1 − 0.01·(m̂2/(√v̂2 + ε) + 0.1·w1)
        assertW((float) (0.989 - LR * (secondStep(0.5, 1) + 0.1 * 0.989)),
                (float) (-2.008 - LR * (secondStep(1, -1) + 0.1 * -2.008)),
                (float) (0.5095 - LR * (secondStep(-2, 0.5) + 0.1 * 0.5095)));
    }

    /** m̂2/(√v̂2 + ε) for one element whose gradients were a, then b (Adam's formula at t = 2, in double). */
    private static double secondStep(double a, double b) {
        double mHat = (0.9 * (0.1 * a) + 0.1 * b) / (1 - 0.9 * 0.9);
        double vHat = (0.999 * (0.001 * a * a) + 0.001 * b * b) / (1 - 0.999 * 0.999);
        return mHat / (Math.sqrt(vHat) + 1e-8);
    }

    private void step(Optimizer o, float[] g) {
        w.setGrad(Tensor.vector(g.clone()));
        o.step();
    }

    private void assertW(float... expected) {
        assertArrayEquals(expected, w.toArray(), TOL);
    }
}
