package ldnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Batch normalization, layer normalization, global average pooling and residual blocks: each through
 * the layer harness, against a double-precision reference, and in the spec language.
 */
class NormAndResidualLayersTest {
    private static Tensor x(int... shape) {
        return Tensor.randn(new Rng(3), shape).mul(2f).add(0.5f);
    }

    @Test
    void everyNewLayerPassesTheHarness() {
        LayerHarness.check(new BatchNorm(4), x(6, 4), new int[] {6, 4}, new int[] {4}, 0, true);
        LayerHarness.check(new BatchNorm(3), x(2, 3, 4, 4), new int[] {2, 3, 4, 4}, new int[] {3, 4, 4}, 0, true);
        LayerHarness.check(new LayerNorm(5), x(3, 5), new int[] {3, 5}, new int[] {5}, 0, true);
        LayerHarness.check(new LayerNorm(5), x(2, 4, 5), new int[] {2, 4, 5}, new int[] {4, 5}, 0, true);
        LayerHarness.check(new LayerNorm(2, 3, 3), x(2, 2, 3, 3), new int[] {2, 2, 3, 3}, new int[] {2, 3, 3}, 0, true);
        LayerHarness.check(new GRU(3, 4, false, false), x(2, 5, 3), new int[] {2, 5, 4}, new int[] {5, 3}, 0, true);
        LayerHarness.check(new GRU(3, 4, false, true), x(2, 5, 3), new int[] {2, 4}, new int[] {5, 3}, 0, true);
        LayerHarness.check(new GlobalAvgPool(), x(2, 3, 4, 4), new int[] {2, 3, 1, 1}, new int[] {3, 4, 4}, 0, true);
        Sequential res = ModelSpec.build("res(conv(3,3) bn conv(3,3) bn)", new int[] {3, 5, 5}, 0);
        assertEquals(1, res.layers().size(), "the last block of a spec is its output: no ReLU after it");
        LayerHarness.check(res.layers().get(0), x(2, 3, 5, 5), new int[] {2, 3, 5, 5}, new int[] {3, 5, 5}, 0, true);
        Sequential proj = ModelSpec.build("res(conv(4,3,stride=2) conv(4,3))", new int[] {2, 6, 6}, 0);
        LayerHarness.check(proj.layers().get(0), x(2, 2, 6, 6), new int[] {2, 4, 3, 3}, new int[] {2, 6, 6}, 0, true);
    }

    /** Training mode: the batch's statistics, then the affine map; running statistics move by 0.1 (unbiased variance). */
    @Test
    void batchNormMatchesADoublePrecisionReference() {
        int n = 5, c = 3, hw = 4;
        Tensor input = x(n, c, 2, 2);
        BatchNorm bn = new BatchNorm(c);
        float[] g = {0.5f, 2f, -1f}, b = {0f, 1f, -0.25f};
        System.arraycopy(g, 0, bn.weight().data(), 0, c);
        System.arraycopy(b, 0, bn.bias().data(), 0, c);
        float[] out = bn.forward(input).toArray(), in = input.toArray();
        double[] mean = new double[c], var = new double[c];
        for (int ch = 0; ch < c; ch++) {
            for (int e = 0; e < n; e++) {
                for (int k = 0; k < hw; k++) {
                    mean[ch] += in[(e * c + ch) * hw + k] / (double) (n * hw);
                }
            }
            for (int e = 0; e < n; e++) {
                for (int k = 0; k < hw; k++) {
                    double d = in[(e * c + ch) * hw + k] - mean[ch];
                    var[ch] += d * d / (n * hw);
                }
            }
            for (int e = 0; e < n; e++) {
                for (int k = 0; k < hw; k++) {
                    int at = (e * c + ch) * hw + k;
                    double want = (in[at] - mean[ch]) / Math.sqrt(var[ch] + BatchNorm.EPS) * g[ch] + b[ch];
                    assertEquals(want, out[at], 1e-5, "channel " + ch);
                }
            }
            assertEquals(0.1 * mean[ch], bn.runningMean().toArray()[ch], 1e-6);
            assertEquals(0.9 + 0.1 * var[ch] * (n * hw) / (n * hw - 1), bn.runningVar().toArray()[ch], 1e-6);
        }
        assertEquals(1f, bn.state().get("num_batches_tracked").item());
        // evaluation mode: the running statistics instead of the batch's
        bn.eval();
        float[] ev = bn.forward(input).toArray();
        float[] rm = bn.runningMean().toArray(), rv = bn.runningVar().toArray();
        for (int at = 0; at < in.length; at++) {
            int ch = (at / hw) % c;
            assertEquals((in[at] - rm[ch]) / Math.sqrt(rv[ch] + BatchNorm.EPS) * g[ch] + b[ch], ev[at], 1e-5);
        }
    }

    @Test
    void layerNormNormalizesEachExampleOnItsOwn() {
        Tensor input = x(3, 6);
        float[] out = new LayerNorm(6).forward(input).toArray(), in = input.toArray();
        for (int e = 0; e < 3; e++) {
            double m = 0, v = 0;
            for (int k = 0; k < 6; k++) {
                m += in[e * 6 + k] / 6.0;
            }
            for (int k = 0; k < 6; k++) {
                v += Math.pow(in[e * 6 + k] - m, 2) / 6;
            }
            for (int k = 0; k < 6; k++) {
                assertEquals((in[e * 6 + k] - m) / Math.sqrt(v + LayerNorm.EPS), out[e * 6 + k], 1e-5);
            }
        }
    }

    /** PyTorch's state_dict names and order: parameters, then buffers, module by module. */
    @Test
    void savedNamesArePyTorchs() {
        Sequential m = ModelSpec.build("conv(4,3) bn pool(2) res(conv(4,3) bn conv(4,3) bn) res(conv(8,3,stride=2) bn"
                + " conv(8,3) bn) gap dense(10)", new int[] {1, 8, 8}, 0);
        // a conv right before bn has no bias (PyTorch: Conv2d(..., bias=False)); the projection keeps its own
        assertEquals(List.of("0.weight", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked", "4.body.0.weight", "4.body.1.weight", "4.body.1.bias",
                "4.body.1.running_mean", "4.body.1.running_var", "4.body.1.num_batches_tracked", "4.body.3.weight",
                "4.body.4.weight", "4.body.4.bias", "4.body.4.running_mean", "4.body.4.running_var",
                "4.body.4.num_batches_tracked", "6.body.0.weight", "6.body.1.weight", "6.body.1.bias",
                "6.body.1.running_mean", "6.body.1.running_var", "6.body.1.num_batches_tracked", "6.body.3.weight",
                "6.body.4.weight", "6.body.4.bias", "6.body.4.running_mean", "6.body.4.running_var",
                "6.body.4.num_batches_tracked", "6.proj.weight", "6.proj.bias", "10.weight", "10.bias"),
                List.copyOf(m.state().keySet()));
        assertTrue(m.spec().startsWith("conv(4,3,bias=false) bn relu pool(2)"), m.spec());
        assertEquals(List.of("1.running_mean", "1.running_var", "1.num_batches_tracked"),
                List.copyOf(m.buffers().keySet()).subList(0, 3));
        assertTrue(m.parameters().keySet().stream().noneMatch(k -> k.contains("running")), "buffers are not trained");
        assertArrayEquals(new int[] {10}, ModelSpec.outputShape(m, new int[] {1, 8, 8}));
    }

    @Test
    void theImplicitReluGoesAfterTheNormAndTheSpecRoundTrips() {
        Sequential m = ModelSpec.build("conv(4,3) bn conv(4,3) ln dense(8) bn dense(3)", new int[] {2, 5, 5}, 0);
        List<String> kinds = m.layers().stream().map(l -> l.getClass().getSimpleName()).toList();
        assertEquals(List.of("Conv2d", "BatchNorm", "Activation", "Conv2d", "LayerNorm", "Activation", "Flatten", "Linear",
                "BatchNorm", "Activation", "Linear"), kinds);
        Sequential again = ModelSpec.build(m.spec(), new int[] {2, 5, 5}, 0);
        assertEquals(m.spec(), again.spec());
        assertEquals(m.state().keySet(), again.state().keySet());
        Residual r = (Residual) ModelSpec.build("res(dense(6) dense(6)) dense(2)", new int[] {6}, 0).layers().get(0);
        assertNull(r.proj(), "same shape: the identity shortcut");
        Residual p = (Residual) ModelSpec.build("res(dense(6) dense(4)) dense(2)", new int[] {6}, 0).layers().get(0);
        assertInstanceOf(Linear.class, p.proj());
    }

    @Test
    void badSpecsSayWhatIsWrongAndWhere() {
        String msg = assertThrows(ModelSpec.SpecException.class, () -> ModelSpec.build("res(conv(4,3) pool(2", new int[] {1, 8, 8},
                0)).getMessage();
        assertTrue(msg.contains("'(' without a matching ')'"), msg);
        msg = assertThrows(ModelSpec.SpecException.class, () -> ModelSpec.build("res dense(3)", new int[] {4}, 0)).getMessage();
        assertTrue(msg.contains("res: expected layers in parentheses"), msg);
        msg = assertThrows(ModelSpec.SpecException.class, () -> ModelSpec.build("res(conv(4,3) flatten) dense(2)",
                new int[] {1, 8, 8}, 0)).getMessage();
        assertTrue(msg.contains("which no projection adds back"), msg);
        msg = assertThrows(ModelSpec.SpecException.class, () -> ModelSpec.build("res(dense(4) frob) dense(2)",
                new int[] {4}, 0)).getMessage();
        assertTrue(msg.contains("unknown layer 'frob'") && msg.endsWith("\n" + " ".repeat(15) + "^"), msg);
        String deep = "res(".repeat(40) + "dense(4)" + ")".repeat(40);
        msg = assertThrows(ModelSpec.SpecException.class, () -> ModelSpec.build(deep, new int[] {4}, 0)).getMessage();
        assertTrue(msg.contains("nested more than 16 deep"), msg);
        msg = assertThrows(IllegalArgumentException.class, () -> new BatchNorm(3).forward(x(1, 3))).getMessage();
        assertTrue(msg.contains("more than one value per feature"), msg);
        msg = assertThrows(IllegalArgumentException.class, () -> new BatchNorm(3).forward(x(2, 4))).getMessage();
        assertTrue(msg.contains("expected input [batch, 3]"), msg);
    }

    @Test
    void aResidualNetWithBatchNormLearns() {
        Sequential m = ModelSpec.build("conv(4,3) bn res(conv(4,3) bn conv(4,3) bn) gap dense(2)", new int[] {1, 6, 6}, 0);
        m.initialize(Init.defaults(), new Rng(2));
        // class 1: a bright centre; class 0: a bright border
        Rng rng = new Rng(9);
        int n = 64;
        float[] xs = new float[n * 36];
        int[] ys = new int[n];
        for (int e = 0; e < n; e++) {
            ys[e] = e % 2;
            for (int i = 0; i < 36; i++) {
                int r = i / 6, c = i % 6;
                boolean centre = r >= 2 && r <= 3 && c >= 2 && c <= 3;
                xs[e * 36 + i] = (centre == (ys[e] == 1) ? 1f : 0f) + 0.3f * (float) rng.nextGaussian();
            }
        }
        Tensor input = Tensor.of(xs, n, 1, 6, 6);
        var labels = ldnn.tensor.IntTensor.of(ys);
        var opt = ldnn.optim.Adam.adam(m.parameters(), 0.01);
        float first = 0, last = 0;
        for (int step = 0; step < 60; step++) {
            opt.zeroGrad();
            Tensor loss = m.forward(input).crossEntropy(labels);
            loss.backward();
            opt.step();
            first = step == 0 ? loss.item() : first;
            last = loss.item();
        }
        m.eval();
        int[] pred = m.forward(input).argmax().data();
        int right = 0;
        for (int e = 0; e < n; e++) {
            right += pred[e] == ys[e] ? 1 : 0;
        }
        assertTrue(last < first / 4 && right >= 60, "loss " + first + " -> " + last + ", " + right + "/64 right in eval mode");
    }
}
