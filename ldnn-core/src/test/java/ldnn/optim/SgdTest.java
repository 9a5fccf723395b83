package ldnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Two SGD steps on w = (1, −2, 0.5) with the gradients g1 = (0.5, 1, −2), then g2 = (1, −1, 0.5), at
 * LR 0.1, against the formula of {@link Sgd} worked out by hand:
 * v ← μ·v + (1 − d)·(g + λ·w);  w ← w − lr·v  (Nesterov: w ← w − lr·((1 − d)·(g + λ·w) + μ·v)).
 */
class SgdTest {
    private static final float[] G1 = {0.5f, 1f, -2f}, G2 = {1f, -1f, 0.5f};
    private static final double LR = 0.1;
    /** float32 on values near 1: a few roundings of about 1e-7 each. */
    private static final float TOL = 1e-6f;

    private final Tensor w = Tensor.vector(1f, -2f, 0.5f);
    private final Map<String, Tensor> params = Map.of("w", w);

    @Test
    void plainSgdStepsAgainstTheGradient() {
        Sgd sgd = new Sgd(params, LR, 0, false, 0);
        step(sgd, G1);
        // w1 = w0 − 0.1·g1 = (1 − 0.05, −2 − 0.1, 0.5 + 0.2)
        assertW(0.95f, -2.1f, 0.7f);
        step(sgd, G2);
        // w2 = w1 − 0.1·g2 = (0.95 − 0.1, −2.1 + 0.1, 0.7 − 0.05)
        assertW(0.85f, -2.0f, 0.65f);
    }

    /**
     * ldnn's default: the velocity is a running average of the gradients, starting at zero. (PyTorch's
     * SGD with dampening 0.9 starts its buffer at the first gradient instead, so its first step would
     * be 0.1·g1, ten times this one; from the second step on the two follow the same recursion.)
     */
    @Test
    void averagedMomentumKeepsARunningAverageOfTheGradients() {
        Sgd sgd = Sgd.averaged(params, LR, 0.9, 0);
        step(sgd, G1);
        // v1 = 0.9·0 + 0.1·g1 = (0.05, 0.1, −0.2);  w1 = w0 − 0.1·v1 = (0.995, −2.01, 0.52)
        assertW(0.995f, -2.01f, 0.52f);
        step(sgd, G2);
        // v2 = 0.9·v1 + 0.1·g2 = (0.045 + 0.1, 0.09 − 0.1, −0.18 + 0.05) = (0.145, −0.01, −0.13)
        // w2 = w1 − 0.1·v2 = (0.995 − 0.0145, −2.01 + 0.001, 0.52 + 0.013)
        assertW(0.9805f, -2.009f, 0.533f);
    }

    @Test
    void pyTorchStyleMomentumAddsTheWholeGradientToTheVelocity() {
        Sgd sgd = new Sgd(params, LR, 0.9, 0, false, 0);
        step(sgd, G1);
        // v1 = g1 = (0.5, 1, −2);  w1 = w0 − 0.1·v1 = (0.95, −2.1, 0.7), plain SGD's first step
        assertW(0.95f, -2.1f, 0.7f);
        step(sgd, G2);
        // v2 = 0.9·v1 + g2 = (0.45 + 1, 0.9 − 1, −1.8 + 0.5) = (1.45, −0.1, −1.3)
        // w2 = w1 − 0.1·v2 = (0.95 − 0.145, −2.1 + 0.01, 0.7 + 0.13)
        assertW(0.805f, -2.09f, 0.83f);
    }

    @Test
    void nesterovStepsWithTheGradientPlusTheVelocityLookingAhead() {
        Sgd sgd = new Sgd(params, LR, 0.9, 0, true, 0);
        step(sgd, G1);
        // v1 = g1;  step = g1 + 0.9·v1 = 1.9·g1 = (0.95, 1.9, −3.8);  w1 = w0 − 0.1·step
        assertW(0.905f, -2.19f, 0.88f);
        step(sgd, G2);
        // v2 = 0.9·v1 + g2 = (1.45, −0.1, −1.3);  step = g2 + 0.9·v2 = (2.305, −1.09, −0.67)
        // w2 = w1 − 0.1·step = (0.905 − 0.2305, −2.19 + 0.109, 0.88 + 0.067)
        assertW(0.6745f, -2.081f, 0.947f);
    }

    /** What {@link OptimizerKind#NESTEROV} builds by default: Nesterov with averaged momentum. */
    @Test
    void averagedNesterovDampensTheGradientInBothTerms() {
        Sgd sgd = new Sgd(params, LR, 0.9, 0.9, true, 0);
        step(sgd, G1);
        // v1 = 0.1·g1 = (0.05, 0.1, −0.2);  step = 0.1·g1 + 0.9·v1 = 0.19·g1 = (0.095, 0.19, −0.38)
        assertW(0.9905f, -2.019f, 0.538f);
        step(sgd, G2);
        // v2 = 0.9·v1 + 0.1·g2 = (0.145, −0.01, −0.13);  step = 0.1·g2 + 0.9·v2 = (0.2305, −0.109, −0.067)
        // w2 = w1 − 0.1·step = (0.9905 − 0.02305, −2.019 + 0.0109, 0.538 + 0.0067)
        assertW(0.96745f, -2.0081f, 0.5447f);
    }

    @Test
    void weightDecayAddsLambdaTimesTheWeightsToTheGradient() {
        Sgd sgd = new Sgd(params, LR, 0, false, 0.1);
        step(sgd, G1);
        // g1 + 0.1·w0 = (0.5 + 0.1, 1 − 0.2, −2 + 0.05) = (0.6, 0.8, −1.95);  w1 = w0 − 0.1·that
        assertW(0.94f, -2.08f, 0.695f);
        step(sgd, G2);
        // g2 + 0.1·w1 = (1 + 0.094, −1 − 0.208, 0.5 + 0.0695) = (1.094, −1.208, 0.5695);  w2 = w1 − 0.1·that
        assertW(0.8306f, -1.9592f, 0.63805f);
    }

    @Test
    void weightDecayGoesIntoTheAveragedVelocity() {
        Sgd sgd = Sgd.averaged(params, LR, 0.9, 0.1);
        step(sgd, G1);
        // v1 = 0.1·(g1 + 0.1·w0) = 0.1·(0.6, 0.8, −1.95) = (0.06, 0.08, −0.195);  w1 = w0 − 0.1·v1
        assertW(0.994f, -2.008f, 0.5195f);
        step(sgd, G2);
        // g2 + 0.1·w1 = (1.0994, −1.2008, 0.55195)
        // v2 = 0.9·v1 + 0.1·(1.0994, −1.2008, 0.55195) = (0.16394, −0.04808, −0.120305);  w2 = w1 − 0.1·v2
        assertW(0.977606f, -2.003192f, 0.5315305f);
    }

    private void step(Optimizer o, float[] g) {
        w.setGrad(Tensor.vector(g.clone()));
        o.step();
    }

    private void assertW(float... expected) {
        assertArrayEquals(expected, w.toArray(), TOL);
    }
}
