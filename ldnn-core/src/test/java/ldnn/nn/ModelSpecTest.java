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
}
