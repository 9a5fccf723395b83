package ldnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast conv2d (oneDNN) agrees with the im2col + GEMM reference, forward and every gradient, on
 * odd shapes: strides 1-3, padding 0-3, rectangular kernels, 1x1 kernels, batches that do not divide
 * the GEMM path's chunk, with and without bias, with and without an input gradient.
 * (OpGradCheckTest separately checks the default path against central differences in double.)
 */
class ConvBackendsTest {

    /** Input [n, c, h, w], weight [f, c, kh, kw]. */
    record Shape4(int n, int c, int h, int w, int f, int kh, int kw, int stride, int pad, boolean bias,
                  boolean inputGrad) {
        @Override
        public String toString() {
            return "x[" + n + "," + c + "," + h + "," + w + "] w[" + f + "," + c + "," + kh + "," + kw + "] stride "
                    + stride + " pad " + pad + (bias ? " bias" : "") + (inputGrad ? " +dx" : "");
        }
    }

    static Stream<Shape4> shapes() {
        Stream.Builder<Shape4> s = Stream.builder();
        s.add(new Shape4(1, 1, 5, 5, 1, 3, 3, 1, 0, true, true));
        s.add(new Shape4(3, 2, 7, 6, 4, 3, 3, 2, 1, true, true));
        s.add(new Shape4(5, 3, 9, 9, 2, 5, 5, 1, 2, false, true));
        s.add(new Shape4(2, 4, 8, 8, 3, 1, 1, 1, 0, true, true));
        s.add(new Shape4(2, 3, 10, 7, 5, 4, 2, 3, 2, true, true));
        s.add(new Shape4(4, 1, 28, 28, 8, 5, 5, 1, 2, true, false)); // the convnet's first layer, small
        s.add(new Shape4(3, 8, 14, 14, 16, 5, 5, 1, 2, true, true)); // and its second
        s.add(new Shape4(23, 16, 32, 32, 4, 5, 5, 1, 2, true, true)); // GEMM chunks of 10, 10 and 3 samples
        for (int pad = 0; pad <= 3; pad++) {
            for (int stride = 1; stride <= 2; stride++) {
                s.add(new Shape4(3, 3, 9, 8, 5, 3, 3, stride, pad, pad % 2 == 0, true));
            }
        }
        return s.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void oneDnnMatchesTheIm2colReference(Shape4 s) {
        Rng rng = new Rng(17);
        Tensor x = Tensor.randn(rng, s.n(), s.c(), s.h(), s.w());
        Tensor w = Tensor.randn(rng, s.f(), s.c(), s.kh(), s.kw()).mul(0.3f);
        Tensor b = s.bias() ? Tensor.randn(rng, s.f()) : null;
        int ho = (s.h() + 2 * s.pad() - s.kh()) / s.stride() + 1, wo = (s.w() + 2 * s.pad() - s.kw()) / s.stride() + 1;
        Tensor gy = Tensor.randn(rng, s.n(), s.f(), ho, wo);

        Result fast = run(Conv.Backend.DNNL, s, x, w, b, gy);
        Result ref = run(Conv.Backend.GEMM, s, x, w, b, gy);

        assertClose("forward", ref.y, fast.y);
        assertClose("weight gradient", ref.gw, fast.gw);
        if (s.bias()) {
            assertClose("bias gradient", ref.gb, fast.gb);
        }
        if (s.inputGrad()) {
            assertClose("input gradient", ref.gx, fast.gx);
        } else {
            assertEquals(null, fast.gx, "no input gradient was asked for");
        }
    }

    @Test
    void repeatedCallsOnACachedGeometryGiveTheSameResult() {
        Shape4 s = new Shape4(3, 2, 7, 6, 4, 3, 3, 2, 1, true, true);
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(rng, 3, 2, 7, 6), w = Tensor.randn(rng, 4, 2, 3, 3), b = Tensor.randn(rng, 4);
        Tensor gy = Tensor.randn(rng, 3, 4, 4, 3);
        Result first = run(Conv.Backend.DNNL, s, x, w, b, gy);
        Tensor x2 = Tensor.randn(rng, 3, 2, 7, 6); // another batch through the same cached primitives
        run(Conv.Backend.DNNL, s, x2, w, b, gy);
        Result again = run(Conv.Backend.DNNL, s, x, w, b, gy);
        assertArrayEquals(first.y, again.y);
        assertArrayEquals(first.gw, again.gw);
        assertArrayEquals(first.gx, again.gx);
    }

    @Test
    void interleavedForwardsOnOneGeometryKeepEachBackwardRight() {
        // forward A, forward B, backward A, backward B: B's forward must not leak into A's backward
        Shape4 s = new Shape4(3, 16, 8, 8, 16, 3, 3, 1, 1, true, true);
        Rng rng = new Rng(4);
        Tensor w0 = Tensor.randn(rng, 16, 16, 3, 3).mul(0.2f), b0 = Tensor.randn(rng, 16);
        Tensor xa = Tensor.randn(rng, 3, 16, 8, 8), xb = Tensor.randn(rng, 3, 16, 8, 8);
        Tensor ga = Tensor.randn(rng, 3, 16, 8, 8), gb = Tensor.randn(rng, 3, 16, 8, 8);
        Result refA = run(Conv.Backend.GEMM, s, xa, w0, b0, ga), refB = run(Conv.Backend.GEMM, s, xb, w0, b0, gb);

        Tensor wa = w0.detach().requiresGrad(true), wb = w0.detach().requiresGrad(true);
        Tensor a = xa.detach().requiresGrad(true), b = xb.detach().requiresGrad(true);
        Tensor ya = Conv.conv2d(a, wa, b0, 1, 1, Conv.Backend.DNNL);
        Tensor yb = Conv.conv2d(b, wb, b0, 1, 1, Conv.Backend.DNNL);
        ya.backward(ga);
        yb.backward(gb);
        assertClose("A weight gradient", refA.gw, wa.grad().toArray());
        assertClose("A input gradient", refA.gx, a.grad().toArray());
        assertClose("B weight gradient", refB.gw, wb.grad().toArray());
        assertClose("B input gradient", refB.gx, b.grad().toArray());
    }

    @Test
    void stridedInputViewsAreHandled() {
        Rng rng = new Rng(9);
        Tensor xt = Tensor.randn(rng, 2, 3, 6, 7).transpose(2, 3); // [2, 3, 7, 6], not contiguous
        Tensor w = Tensor.randn(rng, 4, 3, 3, 3);
        float[] fast = Conv.conv2d(xt, w, null, 1, 1, Conv.Backend.DNNL).toArray();
        float[] ref = Conv.conv2d(xt, w, null, 1, 1, Conv.Backend.GEMM).toArray();
        assertClose("forward of a transposed view", ref, fast);
    }

    private record Result(float[] y, float[] gx, float[] gw, float[] gb) {
    }

    private static Result run(Conv.Backend backend, Shape4 s, Tensor x0, Tensor w0, Tensor b0, Tensor gy) {
        Tensor x = x0.detach().requiresGrad(s.inputGrad());
        Tensor w = w0.detach().requiresGrad(true);
        Tensor b = b0 == null ? null : b0.detach().requiresGrad(true);
        Tensor y = Conv.conv2d(x, w, b, s.stride(), s.pad(), backend);
        y.backward(gy);
        return new Result(y.toArray(), x.grad() == null ? null : x.grad().toArray(), w.grad().toArray(),
                b == null ? null : b.grad().toArray());
    }

    private static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        double tol = 1e-5 * (1 + scale) * 10;
        final double w = worst;
        final int a = at;
        assertTrue(worst <= tol, () -> what + ": differs by " + w + " at " + a + " (expected " + expected[a]
                + ", got " + actual[a] + "; tolerance " + tol + ")");
    }
}
