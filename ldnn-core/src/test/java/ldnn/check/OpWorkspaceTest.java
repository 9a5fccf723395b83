package ldnn.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import ldnn.backend.Workspace;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op of the table gives bit-identical outputs and gradients when its memory comes from a
 * workspace that reuses arrays of the previous step, filled with NaN before reuse: no op reads an
 * element it did not write, or counts on reused memory being zero.
 */
class OpWorkspaceTest {

    static Stream<OpCases.Case> cases() {
        return OpCases.all().stream();
    }

    /** Forward, backward with a fixed output gradient; the output's and every input's gradient values, copied. */
    private static List<float[]> step(OpCases.Case c) {
        List<Tensor> in = c.inputs().apply(new Rng(42));
        Tensor out = c.apply().apply(in);
        Tensor seed = Tensor.randn(new Rng(7), out.shape());
        out.backward(seed);
        List<float[]> values = new ArrayList<>();
        values.add(out.toArray());
        for (Tensor t : in) {
            values.add(t.grad() == null ? null : t.grad().toArray());
        }
        return values;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reusedPoisonedMemoryGivesTheSameResults(OpCases.Case c) {
        List<float[]> expected = step(c);
        Workspace ws = new Workspace();
        for (int round = 0; round < 3; round++) {
            ws.recycle();
            ws.poisonFree(Float.NaN);
            List<float[]> got;
            try (var active = ws.activate()) {
                got = step(c);
            }
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), got.get(i), c + " round " + round + (i == 0 ? ": output" : ": gradient of input " + (i - 1)));
            }
        }
    }
}
