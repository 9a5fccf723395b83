package ldnn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Optimizer names parse to kinds, and each kind builds the optimizer the run report describes. */
class OptimizerKindTest {
    private final Map<String, Tensor> params = Map.of("w", Tensor.zeros(3));

    @Test
    void namesParseInAnyCaseAndRoundTripThroughId() {
        assertEquals(OptimizerKind.SGD, OptimizerKind.parse("sgd"));
        assertEquals(OptimizerKind.NESTEROV, OptimizerKind.parse("Nesterov"));
        assertEquals(OptimizerKind.ADAM, OptimizerKind.parse("ADAM"));
        assertEquals(OptimizerKind.ADAMW, OptimizerKind.parse("AdamW"));
        for (OptimizerKind k : OptimizerKind.values()) {
            assertEquals(k, OptimizerKind.parse(k.id()));
        }
        assertEquals("adamw", OptimizerKind.ADAMW.id());
    }

    @Test
    void anUnknownNameIsRefusedListingTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerKind.parse("xyz"));
        assertEquals("optimizer: expected sgd, nesterov, adam or adamw, got 'xyz'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OptimizerKind.parse(null));
        assertEquals("optimizer: expected sgd, nesterov, adam or adamw, got 'null'", e.getMessage());
    }

    @Test
    void sgdKindsBuildSgdWithTheirMomentumDampeningAndWeightDecay() {
        assertEquals("SGD(lr=0.100, momentum=0.9 averaged)", describe(OptimizerKind.SGD, 0.1, 0.9, 0.9, 0));
        assertEquals("SGD(lr=0.100, momentum=0.9)", describe(OptimizerKind.SGD, 0.1, 0.9, 0, 0));
        assertEquals("SGD(lr=0.0500, momentum=0.9, dampening=0.5, weight_decay=1.0E-4)",
                describe(OptimizerKind.SGD, 0.05, 0.9, 0.5, 1e-4));
        assertEquals("SGD(lr=0.100)", describe(OptimizerKind.SGD, 0.1, 0, 0, 0));
        assertEquals("SGD(lr=0.100, momentum=0.9 averaged, nesterov, weight_decay=5.0E-4)",
                describe(OptimizerKind.NESTEROV, 0.1, 0.9, 0.9, 5e-4));
        assertInstanceOf(Sgd.class, OptimizerKind.NESTEROV.create(params, 0.1, 0.9, 0, 0));
    }

    @Test
    void adamKindsBuildAdamWithThePapersConstantsAndIgnoreMomentum() {
        assertEquals("Adam(lr=0.00100, betas=0.9,0.999, eps=1.0E-8)", describe(OptimizerKind.ADAM, 1e-3, 0.9, 0.9, 0));
        assertEquals("Adam(lr=0.00100, betas=0.9,0.999, eps=1.0E-8, weight_decay=0.01)",
                describe(OptimizerKind.ADAM, 1e-3, 0, 0, 0.01));
        assertEquals("AdamW(lr=0.00100, betas=0.9,0.999, eps=1.0E-8, weight_decay=0.01)",
                describe(OptimizerKind.ADAMW, 1e-3, 0.9, 0.9, 0.01));
        assertInstanceOf(Adam.class, OptimizerKind.ADAMW.create(params, 1e-3, 0, 0, 0.01));
    }

    @Test
    void badSettingsAreRefusedByTheOptimizerItBuilds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptimizerKind.NESTEROV.create(params, 0.1, 0, 0, 0));
        assertEquals("SGD: Nesterov momentum needs momentum > 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OptimizerKind.ADAM.create(params, 0, 0, 0, 0));
        assertEquals("learning rate must be > 0, got 0.0", e.getMessage());
    }

    private String describe(OptimizerKind kind, double lr, double momentum, double dampening, double wd) {
        return kind.create(params, lr, momentum, dampening, wd).describe();
    }
}
