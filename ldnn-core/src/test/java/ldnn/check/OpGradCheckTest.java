package ldnn.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import ldnn.autograd.Backward;
import ldnn.tensor.Op;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every registered op passes a double-precision gradient check, on plain, broadcast and strided inputs. */
class OpGradCheckTest {

    static Stream<OpCases.Case> cases() {
        return OpCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesCentralDifferences(OpCases.Case c) {
        GradCheck.Report r = c.run(42);
        assertTrue(r.worstGradError() < 1e-3, () -> c + "\n" + r);
        assertTrue(r.worstForwardError() < 1e-4, () -> c + " forward kernel vs reference\n" + r);
    }

    @Test
    void everyOpInTheTableHasACase() {
        Map<Op, List<OpCases.Case>> byOp = OpCases.byOp();
        Set<Op> missing = EnumSet.allOf(Op.class);
        missing.removeAll(byOp.keySet());
        assertEquals(Set.of(), missing, "ops with no gradient-check case");
    }

    @Test
    void everyCaseRecordsItsOp() {
        List<String> wrong = new ArrayList<>();
        for (OpCases.Case c : OpCases.all()) {
            List<Tensor> in = c.inputs().apply(new Rng(1));
            Tensor out = c.apply().apply(in);
            boolean found = Backward.topologicalOrder(out).stream()
                    .anyMatch(t -> t.gradFn() != null && t.gradFn().op() == c.op());
            if (!found) {
                wrong.add(c.toString());
            }
        }
        assertEquals(List.of(), wrong, "cases whose graph does not contain the op they claim to check");
    }
}
