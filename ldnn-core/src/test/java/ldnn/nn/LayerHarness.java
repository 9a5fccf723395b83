package ldnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import ldnn.check.GradCheck;
import ldnn.optim.Sgd;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * One call tests a layer (in the spirit of Keras' layer_test): output shape, spec round trip (rebuild
 * from its spec and reload the weights gives the same outputs), gradient check of every parameter and
 * of the input, and one SGD step that lowers a loss.
 */
final class LayerHarness {
    private LayerHarness() {
    }

    /**
     * @param layer       the layer under test (in training mode, seeded)
     * @param input       an example batch
     * @param expected    expected output shape
     * @param exampleShape the input shape without the batch axis, for rebuilding from the spec
     * @param vocab       vocabulary for id inputs (0 if none)
     * @param checkInput  whether to gradient-check the input too (not for integer ids)
     */
    static void check(Module layer, Tensor input, int[] expected, int[] exampleShape, int vocab, boolean checkInput) {
        layer.initialize(Init.defaults(), new Rng(11));
        layer.eval();
        Tensor out = layer.forward(input);
        assertArrayEquals(expected, out.shape(), "output shape of " + layer.spec());

        // spec round trip: rebuild, copy weights, same output
        Sequential built = ModelSpec.build(layer.spec(), exampleShape, vocab);
        Module rebuilt = built.layers().size() == 1 ? built.layers().get(0) : built;
        rebuilt.loadState(layer.state());
        rebuilt.eval();
        assertArrayEquals(out.toArray(), rebuilt.forward(input).toArray(), 1e-6f, "rebuilt from '" + layer.spec() + "'");
        assertTrue(rebuilt.spec().equals(layer.spec()) || rebuilt.spec().endsWith(layer.spec()),
                "spec round trip: " + layer.spec() + " -> " + rebuilt.spec());

        // gradient check of every parameter (and the input)
        layer.train(true);
        Map<String, Tensor> named = new LinkedHashMap<>(layer.parameters());
        Tensor x = input.copy();
        if (checkInput) {
            x.requiresGrad(true);
            named.put("input", x);
        }
        layer.resetState();
        Tensor xin = x;
        GradCheck.Report r = GradCheck.check(() -> {
            layer.resetState();
            return layer.forward(xin);
        }, named, GradCheck.Options.defaults().withMaxEntries(24));
        assertTrue(r.passed(2e-3), () -> layer.spec() + "\n" + r);

        // one training step lowers a loss
        if (!layer.parameters().isEmpty()) {
            Tensor target = Tensor.randn(new Rng(5), expected);
            Sgd opt = new Sgd(layer.parameters(), 0.01, 0, false, 0);
            opt.zeroGrad();
            layer.resetState();
            Tensor loss0 = layer.forward(input).mse(target);
            loss0.backward();
            float[] before = layer.parameters().values().iterator().next().toArray();
            opt.step();
            float[] after = layer.parameters().values().iterator().next().toArray();
            assertNotEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(after), "step changed weights");
            layer.resetState();
            float loss1 = layer.forward(input).mse(target).item();
            assertTrue(loss1 < loss0.item(), layer.spec() + ": loss " + loss0.item() + " -> " + loss1 + " after one step");
        }
    }
}
