package ldnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The compact model language. */
class ModelSpecTest {

    @Test
    void theIssuesConvnetBuildsWithImplicitReluAndFlatten() {
        Sequential m = ModelSpec.build("conv(32,5) pool(2) conv(64,5) pool(2) dense(1024) dropout(0.5) dense(10)",
                new int[] {1, 28, 28}, 0);
        assertEquals("conv(32,5) pool(2) relu conv(64,5) pool(2) relu flatten dense(1024) relu dropout(0.5) dense(10)",
                m.spec(), "the implicit ReLU of a conv goes after its max pool");
        assertArrayEquals(new int[] {10}, ModelSpec.outputShape(m, new int[] {1, 28, 28}));
        assertEquals(32 * 25 + 32 + 64 * 32 * 25 + 64 + 3136 * 1024 + 1024 + 10250, m.parameterCount());
    }

    @Test
    void reluAfterMaxPoolIsTheSameFunctionAndTheSameInit() {
        Sequential moved = ModelSpec.build("conv(4,3) pool(2) dense(3)", new int[] {2, 6, 6}, 0);
        Sequential explicit = ModelSpec.build("conv(4,3) relu pool(2) dense(3)", new int[] {2, 6, 6}, 0);
        moved.initialize(Init.defaults(), new ldnn.tensor.Rng(5));
        explicit.initialize(Init.defaults(), new ldnn.tensor.Rng(5));
        assertArrayEquals(moved.parameters().get("0.weight").toArray(), explicit.parameters().get("0.weight").toArray(),
                "both get the ReLU gain");
        ldnn.tensor.Tensor x = ldnn.tensor.Tensor.randn(new ldnn.tensor.Rng(6), 3, 2, 6, 6);
        assertArrayEquals(explicit.forward(x).toArray(), moved.forward(x).toArray(), 1e-6f);
        // avg pooling does not commute with ReLU: the ReLU stays before it
        assertEquals("conv(4,3) relu avgpool(2) flatten dense(3)",
                ModelSpec.build("conv(4,3) avgpool(2) dense(3)", new int[] {2, 6, 6}, 0).spec());
    }

    @Test
    void aTextModel() {
        Sequential m = ModelSpec.build("embed(16) lstm(32,stateful=true) dense(20)", new int[] {10}, 20);
        assertArrayEquals(new int[] {10, 20}, ModelSpec.outputShape(m, new int[] {10}));
        assertTrue(m.isRecurrent());
    }

    @Test
    void typosPointAtTheToken() {
        ModelSpec.SpecException e = assertThrows(ModelSpec.SpecException.class,
                () -> ModelSpec.build("conv(32,5) pol(2) dense(10)", new int[] {1, 28, 28}, 0));
        assertTrue(e.getMessage().contains("unknown layer 'pol'") && e.getMessage().contains("did you mean 'pool'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("\n             ^"), "caret under the token:\n" + e.getMessage());
        ModelSpec.SpecException f = assertThrows(ModelSpec.SpecException.class,
                () -> ModelSpec.build("dense(x)", new int[] {4}, 0));
        assertTrue(f.getMessage().contains("expected a number, got 'x'"), f.getMessage());
        ModelSpec.SpecException g = assertThrows(ModelSpec.SpecException.class,
                () -> ModelSpec.build("dense(10) conv(3,3)", new int[] {4}, 0));
        assertTrue(g.getMessage().contains("conv needs image input"), g.getMessage());
        assertThrows(ModelSpec.SpecException.class, () -> ModelSpec.build("dense(10", new int[] {4}, 0));
    }

    @Test
    void badOptionValuesAndUnknownOptionsPointAtTheOption() {
        String spec = "conv(32,5,stride=x) pool(2) dense(10)";
        ModelSpec.SpecException e = assertThrows(ModelSpec.SpecException.class,
                () -> ModelSpec.build(spec, new int[] {1, 28, 28}, 0));
        assertTrue(e.getMessage().contains("conv: stride must be an integer >= 1, got 'x'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("\n  " + " ".repeat(spec.indexOf("stride")) + "^"), "caret under stride=:\n"
                + e.getMessage());
        for (String[] bad : new String[][] {
            {"lstm(8,layers=0)", "lstm: layers must be an integer >= 1, got '0'"},
            {"lstm(8,forget_bias=big)", "lstm: forget_bias must be a finite number, got 'big'"},
            {"lstm(8,stateful=yes)", "lstm: stateful must be true or false, got 'yes'"},
            {"dense(4,bias=no)", "dense: bias must be true or false, got 'no'"},
            {"dense(4,units=3)", "dense: unknown option 'units'; known: bias"},
            {"relu(alpha=1)", "relu: unknown option 'alpha' (it takes none)"}}) {
            ModelSpec.SpecException x = assertThrows(ModelSpec.SpecException.class,
                    () -> ModelSpec.build("embed(4) " + bad[0], new int[] {6}, 9), bad[0]);
            assertTrue(x.getMessage().contains(bad[1]), bad[0] + ": " + x.getMessage());
        }
    }

    /** Every layer kind in the registry builds, and the model's own spec builds the same model again. */
    @Test
    void everyRegisteredKindRoundTripsThroughItsSpec() {
        java.util.Map<String, String[]> examples = new java.util.LinkedHashMap<>();
        examples.put("dense", new String[] {"dense(7,bias=false) dense(3)", "5"});
        examples.put("conv", new String[] {"conv(4,3,stride=2,pad=1) dense(3)", "2,8,8"});
        // (not after a conv: conv(4,3) pool(2) prints as "conv pool relu", which builds a second ReLU; see the note there)
        examples.put("pool", new String[] {"maxpool(2) avgpool(2,stride=1) flatten dense(3)", "1,8,8"});
        examples.put("relu", new String[] {"dense(6) relu dense(2)", "5"});
        examples.put("tanh", new String[] {"dense(6) tanh dense(2)", "5"});
        examples.put("sigmoid", new String[] {"dense(6) sigmoid dense(2)", "5"});
        examples.put("flatten", new String[] {"flatten dense(2)", "2,3,3"});
        examples.put("dropout", new String[] {"dense(6) dropout(0.25) dense(2)", "5"});
        examples.put("embed", new String[] {"embed(4) lstm(6,layers=2,forget_bias=1.0,last=true) dense(9)", "7"});
        examples.put("lstm", new String[] {"embed(4) lstm(6,stateful=true) dense(9)", "7"});
        examples.put("rnn", new String[] {"embed(4) rnn(5,last=true) dense(9)", "7"});
        examples.put("gru", new String[] {"embed(4) gru(5,stateful=true) dense(9)", "7"});
        examples.put("bn", new String[] {"conv(4,3) bn conv(4,3) batchnorm tanh dense(6) bn dense(2)", "2,6,6"});
        examples.put("ln", new String[] {"embed(4) ln lstm(6) layernorm dense(9)", "7"});
        examples.put("gap", new String[] {"conv(4,3) gap dense(2)", "2,6,6"});
        examples.put("res", new String[] {"res(conv(2,3) bn conv(2,3)) res(conv(4,3,stride=2) relu conv(4,3)) gap"
                + " flatten res(dense(4) dense(6)) dense(2)", "2,8,8"});
        for (LayerKind kind : LayerKind.KINDS) {
            String[] ex = examples.get(kind.names().get(0));
            assertTrue(ex != null, "an example for " + kind.names() + " (add one when adding a kind)");
            int[] shape = java.util.Arrays.stream(ex[1].split(",")).mapToInt(Integer::parseInt).toArray();
            Sequential m = ModelSpec.build(ex[0], shape, 9);
            Sequential again = ModelSpec.build(m.spec(), shape, 9);
            assertEquals(m.spec(), again.spec(), ex[0]);
            assertEquals(m.parameterCount(), again.parameterCount(), ex[0]);
            assertArrayEquals(ModelSpec.outputShape(m, shape), ModelSpec.outputShape(again, shape), ex[0]);
        }
    }

    /** Every positional argument is counted and range-checked, with the spec and a caret under the layer. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "conv(3,5,7,9,11) dense(10)       | conv takes 2 numbers (conv(c,k[,stride=s][,pad=p][,bias=false])), got more: '3,5,7,9,11'",
        "dense(10,20)                     | dense takes one number",
        "relu(1) dense(3)                 | relu takes no arguments",
        "dropout(1.5) dense(3)            | dropout: the drop probability must be in [0, 1), got 1.5",
        "dropout(-0.1) dense(3)           | dropout: the drop probability must be in [0, 1), got -0.1",
        "dense(0)                         | dense: the number of units must be a whole number from 1 to 1048576, got 0",
        "dense(2.5)                       | must be a whole number from 1 to 1048576, got 2.5",
        "dense(1e9)                       | must be a whole number from 1 to 1048576, got 1000000000",
        "dense(Infinity)                  | dense: expected a finite number, got 'Infinity'",
        "dense(NaN)                       | dense: expected a finite number, got 'NaN'",
        "conv(4,3,stride=0) dense(3)      | conv: stride must be an integer >= 1, got '0'",
        "embed(8) lstm(16,forget_bias=NaN) dense(5) | lstm: forget_bias must be a finite number, got 'NaN'",
    })
    void outOfRangeArgumentsAreRefusedNamingTheLayer(String spec, String expected) {
        var e = assertThrows(ModelSpec.SpecException.class, () -> ModelSpec.build(spec.strip(), spec.contains("embed")
                ? new int[] {10} : new int[] {1, 8, 8}, spec.contains("embed") ? 20 : 0));
        assertTrue(e.getMessage().startsWith("model spec: ") && e.getMessage().contains(expected.strip()), e.getMessage());
        assertTrue(e.getMessage().contains("^"), "points at the layer: " + e.getMessage());
    }
}
