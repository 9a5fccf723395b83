package ldnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ldnn.tensor.Rng;
import ldnn.tensor.ShapeException;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Every layer through the harness, plus each layer's own promises. */
class LayersTest {
    private static Tensor x(int... shape) {
        return Tensor.randn(new Rng(3), shape);
    }

    @Test
    void linear() {
        LayerHarness.check(new Linear(5, 3), x(4, 5), new int[] {4, 3}, new int[] {5}, 0, true);
    }

    @Test
    void linearOnSequences() {
        LayerHarness.check(new Linear(5, 3), x(2, 4, 5), new int[] {2, 4, 3}, new int[] {4, 5}, 0, true);
    }

    @Test
    void conv2d() {
        LayerHarness.check(new Conv2d(2, 3, 3), x(2, 2, 5, 5), new int[] {2, 3, 5, 5}, new int[] {2, 5, 5}, 0, true);
    }

    @Test
    void pooling() {
        LayerHarness.check(Pool2d.max(2), x(2, 3, 4, 4), new int[] {2, 3, 2, 2}, new int[] {3, 4, 4}, 0, true);
        LayerHarness.check(Pool2d.avg(2), x(2, 3, 4, 4), new int[] {2, 3, 2, 2}, new int[] {3, 4, 4}, 0, true);
    }

    @Test
    void flattenAndActivations() {
        LayerHarness.check(new Flatten(), x(2, 3, 2, 2), new int[] {2, 12}, new int[] {3, 2, 2}, 0, true);
        LayerHarness.check(Activation.tanh(), x(3, 4), new int[] {3, 4}, new int[] {4}, 0, true);
        LayerHarness.check(Activation.sigmoid(), x(3, 4), new int[] {3, 4}, new int[] {4}, 0, true);
    }

    @Test
    void embedding() {
        Tensor ids = Tensor.of(new float[] {0, 3, 3, 1, 4, 2}, 2, 3);
        LayerHarness.check(new Embedding(5, 4), ids, new int[] {2, 3, 4}, new int[] {3}, 5, false);
    }

    @Test
    void lstmAndRnn() {
        LayerHarness.check(new LSTM(3, 4), x(2, 5, 3), new int[] {2, 5, 4}, new int[] {5, 3}, 0, true);
        LayerHarness.check(new LSTM(3, 4, 2, 1.0, false, true), x(2, 5, 3), new int[] {2, 4}, new int[] {5, 3}, 0, true);
        LayerHarness.check(new RNN(3, 4, false, false), x(2, 5, 3), new int[] {2, 5, 4}, new int[] {5, 3}, 0, true);
    }

    @Test
    void dropoutIsIdentityInEvalAndKeepsTheMeanInTraining() {
        Dropout d = new Dropout(0.5);
        Tensor x = Tensor.ones(100, 100);
        d.eval();
        assertArrayEquals(x.toArray(), d.forward(x).toArray());
        d.train(true);
        float[] y = d.forward(x).toArray();
        int zeros = 0;
        double sum = 0;
        for (float v : y) {
            zeros += v == 0 ? 1 : 0;
            sum += v;
            assertTrue(v == 0f || v == 2f, "kept units are scaled by 1/(1-p)");
        }
        assertEquals(0.5, zeros / 10000.0, 0.03);
        assertEquals(1.0, sum / 10000, 0.05, "inverted dropout keeps the expected activation");
    }

    @Test
    void lstmForgetGateBiasIsLargeByDefaultAndConfigurable() {
        LSTM lstm = new LSTM(3, 4);
        float[] b = lstm.parameters().get("bias_l0").toArray();
        for (int j = 0; j < 16; j++) {
            assertEquals(j >= 4 && j < 8 ? (float) LSTM.DEFAULT_FORGET_BIAS : 0f, b[j], "bias entry " + j);
        }
        LSTM custom = new LSTM(3, 4, 1, 5.0, false, false);
        assertEquals(5f, custom.parameters().get("bias_l0").toArray()[5]);
    }

    @Test
    void initSchemesGiveTheStatedScale() {
        Linear l = new Linear(400, 300);
        l.initialize(Init.scaled(1), new Rng(1));
        assertEquals(1 / Math.sqrt(400), std(l.weight()), 0.002);
        l.initialize(Init.normal(0.02), new Rng(1));
        assertEquals(0.02, std(l.weight()), 0.0005);
        Sequential s = new Sequential(new Linear(400, 300), Activation.relu(), new Linear(300, 10));
        s.initialize(Init.scaled(1), new Rng(1));
        assertEquals(Math.sqrt(2) / 20, std(((Linear) s.layers().get(0)).weight()), 0.002, "He gain before ReLU");
        assertEquals(1 / Math.sqrt(300), std(((Linear) s.layers().get(2)).weight()), 0.005, "gain 1 at the output");
    }

    private static double std(Tensor t) {
        double s = 0;
        for (float v : t.toArray()) {
            s += v * v;
        }
        return Math.sqrt(s / t.numel());
    }

    @Test
    void shapeErrorsNameTheLayer() {
        ShapeException e = assertThrows(ShapeException.class, () -> new Linear(5, 3).forward(x(2, 4)));
        assertTrue(e.getMessage().contains("Linear(5 -> 3)") && e.getMessage().contains("[2, 4]"), e.getMessage());
        ShapeException c = assertThrows(ShapeException.class, () -> new Conv2d(3, 8, 5).forward(x(2, 1, 8, 8)));
        assertTrue(c.getMessage().contains("Conv2d(3 -> 8") && c.getMessage().contains("[2, 1, 8, 8]"), c.getMessage());
    }

    /**
     * Parameters are initialized in place: after re-initialization the model holds the same tensor
     * objects, so an optimizer built before it updates the weights the model uses.
     */
    @Test
    void reinitializationWritesIntoTheSameTensorsSoOptimizersNeverHoldStaleOnes() {
        Sequential m = ModelSpec.build("embed(4) lstm(6,layers=2) rnn(5) dense(3)", new int[] {7}, 9);
        java.util.Map<String, ldnn.tensor.Tensor> before = m.parameters();
        ldnn.optim.Sgd sgd = new ldnn.optim.Sgd(before, 0.1, 0, false, 0);
        m.initialize(Init.scaled(1), new ldnn.tensor.Rng(3));
        before.forEach((k, t) -> assertSame(t, m.parameters().get(k), k + " is the same tensor"));
        ldnn.tensor.Tensor w = m.parameters().get("3.weight");
        float[] initialized = w.toArray();
        w.setGrad(ldnn.tensor.Tensor.ones(w.shape()));
        sgd.step();
        assertEquals(initialized[0] - 0.1f, m.parameters().get("3.weight").data()[0], 1e-6f,
                "the optimizer built before initialize moved the model's weight");
    }
}
