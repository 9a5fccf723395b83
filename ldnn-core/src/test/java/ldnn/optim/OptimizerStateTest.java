package ldnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A checkpoint holds all of an optimizer's state: stopping after k steps, saving {@code state()} and
 * {@code steps()}, and continuing in a fresh optimizer that loaded them gives bit for bit the same
 * weights as never stopping (the momentum, Adam's moments and its bias correction all carry over).
 */
class OptimizerStateTest {
    private static final int BEFORE = 5, AFTER = 7;

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("sgd averaged", OptimizerKind.SGD, 0.005, 0.9, 0.9, 0.0),
                Arguments.of("sgd pytorch-style, weight decay", OptimizerKind.SGD, 0.001, 0.9, 0.0, 0.1),
                Arguments.of("nesterov", OptimizerKind.NESTEROV, 0.001, 0.9, 0.0, 0.0),
                Arguments.of("adam", OptimizerKind.ADAM, 0.05, 0.0, 0.0, 0.0),
                Arguments.of("adamw", OptimizerKind.ADAMW, 0.05, 0.0, 0.0, 0.5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void resumingFromSavedStateMatchesAnUninterruptedRunBitForBit(String name, OptimizerKind kind, double lr,
                                                                  double momentum, double dampening, double wd) {
        Map<String, Tensor> straight = startingPoint();
        Optimizer uninterrupted = kind.create(straight, lr, momentum, dampening, wd);
        descend(uninterrupted, straight, BEFORE + AFTER);

        Map<String, Tensor> first = startingPoint();
        Optimizer before = kind.create(first, lr, momentum, dampening, wd);
        descend(before, first, BEFORE);
        Map<String, Tensor> saved = copies(before.state());
        long steps = before.steps();

        Map<String, Tensor> resumed = copies(first); // as a checkpoint would restore the weights
        Optimizer after = kind.create(resumed, lr, momentum, dampening, wd);
        after.loadState(saved, steps);
        descend(after, resumed, AFTER);

        assertEquals(BEFORE + AFTER, after.steps());
        for (String p : straight.keySet()) {
            assertArrayEquals(straight.get(p).toArray(), resumed.get(p).toArray(), name + ": parameter " + p);
        }
    }

    @Test
    void stateIsKeptPerParameterUnderItsName() {
        Map<String, Tensor> p = startingPoint();
        Optimizer adam = OptimizerKind.ADAM.create(p, 0.01, 0, 0, 0);
        Optimizer sgd = OptimizerKind.SGD.create(startingPoint(), 0.01, 0.9, 0.9, 0);
        descend(adam, p, 1);
        descend(sgd, sgd.parameters(), 1);
        assertEquals(java.util.List.of("a/m", "a/v", "b/m", "b/v"), adam.state().keySet().stream().sorted().toList());
        assertEquals(java.util.List.of("a/velocity", "b/velocity"), sgd.state().keySet().stream().sorted().toList());
    }

    @Test
    void stateOfTheWrongSizeIsRefusedNamingTheBuffer() {
        Optimizer adam = OptimizerKind.ADAM.create(startingPoint(), 0.01, 0, 0, 0);
        Map<String, Tensor> wrong = Map.of("a/m", Tensor.zeros(3), "a/v", Tensor.zeros(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.loadState(wrong, 1));
        assertTrue(e.getMessage().contains("optimizer state 'a/m': expected 4 values, found 3"), e.getMessage());
    }

    /** Two parameters, each on its own Rosenbrock valley. */
    private static Map<String, Tensor> startingPoint() {
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("a", Tensor.of(Rosenbrock.START.clone(), 4));
        p.put("b", Tensor.of(new float[] {0.3f, -0.7f, 1.4f, 0.2f}, 4));
        return p;
    }

    private static void descend(Optimizer o, Map<String, Tensor> params, int steps) {
        for (int s = 0; s < steps; s++) {
            o.zeroGrad();
            params.values().forEach(Rosenbrock::setGradient);
            o.step();
        }
    }

    private static Map<String, Tensor> copies(Map<String, Tensor> tensors) {
        Map<String, Tensor> c = new LinkedHashMap<>();
        tensors.forEach((k, t) -> c.put(k, t.copy()));
        return c;
    }
}
