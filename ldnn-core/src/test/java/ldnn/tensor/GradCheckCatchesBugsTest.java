package ldnn.tensor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ldnn.autograd.Node;
import ldnn.check.GradCheck;
import org.junit.jupiter.api.Test;

/** The checker must fail a wrong backward rule, not just pass right ones. */
class GradCheckCatchesBugsTest {

    /** x^2 whose backward forgets the factor 2: a classic hand-written-gradient bug. */
    private static Tensor buggySquare(Tensor x) {
        Tensor out = x.detach().mul(x.detach());
        return Tensor.record(out, new Node(x) {
            @Override
            public Op op() {
                return Op.MUL;
            }

            @Override
            public Tensor[] backward(Tensor g) {
                return new Tensor[] {g.mul(input(0))}; // should be 2 * x * g
            }

            @Override
            public RefTensor reference(RefTensor[] in) {
                return in[0].map(v -> v * v);
            }
        });
    }

    @Test
    void aMissingFactorIsReported() {
        Tensor x = Tensor.randn(new Rng(3), 6).requiresGrad(true).name("x");
        GradCheck.Report bad = GradCheck.check(() -> buggySquare(x).sum(), List.of(x));
        assertFalse(bad.passed(1e-2), bad::toString);
        assertTrue(bad.worstGradError() > 0.3, bad::toString);
        GradCheck.Report good = GradCheck.check(() -> x.mul(x).sum(), List.of(x));
        assertTrue(good.passed(1e-4), good::toString);
    }

    @Test
    void aWrongForwardKernelIsReported() {
        Tensor x = Tensor.randn(new Rng(5), 6).requiresGrad(true).name("x");
        GradCheck.Report r = GradCheck.check(() -> {
            Tensor out = x.detach().mul(1.01f); // the "fast kernel" is off by 1%
            return Tensor.record(out, new Node(x) {
                @Override
                public Op op() {
                    return Op.MUL;
                }

                @Override
                public Tensor[] backward(Tensor g) {
                    return new Tensor[] {g.mul(1.01f)};
                }

                @Override
                public RefTensor reference(RefTensor[] in) {
                    return in[0];
                }
            }).sum();
        }, List.of(x));
        assertTrue(r.worstForwardError() > 5e-3, r::toString);
    }
}
