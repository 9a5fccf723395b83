package ldnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ldnn.autograd.GradMode;
import org.junit.jupiter.api.Test;

/** Tensor semantics: views share storage, broadcasting follows NumPy, errors name op and shapes. */
class TensorTest {

    @Test
    void viewsShareStorageAndCopiesDoNot() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor t = a.t();
        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertFalse(t.isContiguous());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, t.toArray());
        a.set(10f, 0, 1);
        assertEquals(10f, t.get(1, 0));
        Tensor s = a.slice(1, 0, 3, 2);
        assertArrayEquals(new float[] {1, 3, 4, 6}, s.toArray());
        Tensor c = t.contiguous();
        assertTrue(c.isContiguous());
        a.set(-1f, 0, 0);
        assertEquals(1f, c.get(0, 0), "contiguous() of a view is a copy");
    }

    @Test
    void broadcastingFollowsNumpyRules() {
        Tensor a = Tensor.of(new float[] {1, 2, 3}, 3, 1);
        Tensor b = Tensor.of(new float[] {10, 20}, 2);
        Tensor c = a.add(b);
        assertArrayEquals(new int[] {3, 2}, c.shape());
        assertArrayEquals(new float[] {11, 21, 12, 22, 13, 23}, c.toArray());
        assertArrayEquals(new float[] {2, 4, 6}, a.mul(2f).toArray());
        Tensor e = Tensor.of(new float[] {1, 2}, 2).expand(3, 2);
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2}, e.toArray());
    }

    @Test
    void shapeErrorsNameTheOpTheShapesAndTheRule() {
        Tensor a = Tensor.zeros(3, 4), b = Tensor.zeros(5);
        ShapeException e = assertThrows(ShapeException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains("add") && e.getMessage().contains("[3, 4]")
                && e.getMessage().contains("[5]") && e.getMessage().contains("equal or 1"), e.getMessage());
        ShapeException m = assertThrows(ShapeException.class, () -> a.matmul(Tensor.zeros(5, 2)));
        assertTrue(m.getMessage().contains("matmul") && m.getMessage().contains("4") && m.getMessage().contains("5"),
                m.getMessage());
        ShapeException r = assertThrows(ShapeException.class, () -> a.reshape(5, -1));
        assertTrue(r.getMessage().contains("reshape") && r.getMessage().contains("12"), r.getMessage());
    }

    @Test
    void reductionsOverAxes() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(21f, x.sum().item());
        assertArrayEquals(new float[] {5, 7, 9}, x.sum(false, 0).toArray());
        assertArrayEquals(new float[] {2, 5}, x.mean(false, 1).toArray());
        assertArrayEquals(new int[] {2, 1}, x.max(true, 1).shape());
        assertArrayEquals(new float[] {3, 6}, x.max(true, 1).toArray());
        assertArrayEquals(new int[] {2, 2}, x.argmax().data());
        assertArrayEquals(new int[] {1, 1, 1}, x.t().argmax().data());
    }

    @Test
    void gradientsAccumulateAndNoGradRecordsNothing() {
        Tensor w = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
        w.mul(w).sum().backward();
        assertArrayEquals(new float[] {2, 4, 6}, w.grad().toArray());
        w.mul(w).sum().backward();
        assertArrayEquals(new float[] {4, 8, 12}, w.grad().toArray(), "gradients accumulate");
        w.zeroGrad();
        assertNull(w.grad());
        try (var ng = GradMode.noGrad()) {
            Tensor y = w.mul(2f);
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
        }
        assertTrue(w.mul(2f).requiresGrad(), "recording resumes after the scope");
    }

    @Test
    void sharedSubexpressionsGetTheSumOfTheirGradients() {
        Tensor x = Tensor.of(new float[] {0.5f, -1f}, 2).requiresGrad(true);
        Tensor h = x.tanh();
        h.mul(h).add(h).sum().backward(); // d/dx (h^2 + h) = (2h + 1)(1 - h^2)
        float[] xs = {0.5f, -1f};
        for (int i = 0; i < 2; i++) {
            double hv = Math.tanh(xs[i]);
            assertEquals((2 * hv + 1) * (1 - hv * hv), x.grad().toArray()[i], 1e-6);
        }
    }

    @Test
    void retainGradKeepsAnIntermediateGradient() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor h = x.mul(3f).retainGrad();
        h.sum().backward();
        assertArrayEquals(new float[] {1, 1}, h.grad().toArray());
        assertArrayEquals(new float[] {3, 3}, x.grad().toArray());
    }

    @Test
    void backwardNeedsAScalarOrAGradient() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor y = x.mul(2f);
        assertThrows(ShapeException.class, y::backward);
        y.backward(Tensor.of(new float[] {1, 10}, 2));
        assertArrayEquals(new float[] {2, 20}, x.grad().toArray());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(2).sum().backward());
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
    }

    @Test
    void concatAndSplitAreInverse() {
        Tensor a = Tensor.randn(new Rng(1), 2, 3), b = Tensor.randn(new Rng(2), 2, 5);
        Tensor c = Tensor.concat(List.of(a, b), 1);
        List<Tensor> parts = c.split(1, 3, 5);
        assertArrayEquals(a.toArray(), parts.get(0).toArray());
        assertArrayEquals(b.toArray(), parts.get(1).toArray());
    }

    @Test
    void crossEntropyIsStableForHugeLogitsAndChecksTargets() {
        Tensor logits = Tensor.of(new float[] {1000f, 0f, 0f, 0f}, 2, 2);
        Tensor loss = logits.crossEntropy(IntTensor.of(0, 1));
        assertEquals(Math.log(2) / 2, loss.item(), 1e-5, "row 1 costs 0, row 2 costs log 2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> logits.crossEntropy(IntTensor.of(0, 2)));
        assertTrue(e.getMessage().contains("target 2") && e.getMessage().contains("[0, 2)"), e.getMessage());
    }

    @Test
    void reshapeOfContiguousIsAView() {
        Tensor a = Tensor.zeros(2, 6);
        Tensor r = a.reshape(3, -1);
        assertArrayEquals(new int[] {3, 4}, r.shape());
        assertSame(a.data(), r.data());
    }
}
