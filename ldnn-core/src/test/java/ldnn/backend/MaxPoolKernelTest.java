package ldnn.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SIMD 2x2 max pool against the scalar loop: values and winners' indices, ties and odd sizes included. */
class MaxPoolKernelTest {
    @Test
    void simdMatchesScalarLoop() {
        int[][] shapes = {{3, 28, 28}, {5, 14, 14}, {2, 7, 5}, {4, 5, 7}, {1, 2, 2}, {2, 3, 40}, {130, 6, 6}};
        Random r = new Random(7);
        for (int[] sh : shapes) {
            for (boolean ties : new boolean[] {false, true}) {
                int planes = sh[0], h = sh[1], w = sh[2], ho = h / 2, wo = w / 2, off = 3;
                float[] x = new float[off + planes * h * w];
                for (int i = 0; i < x.length; i++) {
                    // few distinct values make many ties; the first in row-major order must win
                    x[i] = ties ? r.nextInt(3) : (float) r.nextGaussian();
                }
                float[] y = new float[planes * ho * wo], yRef = new float[y.length];
                int[] arg = new int[y.length], argRef = new int[y.length];
                ConvKernels.maxPool2x2(x, off, planes, h, w, ho, wo, y, arg);
                ConvKernels.maxPool2x2Scalar(x, off, planes, h, w, ho, wo, yRef, argRef);
                String what = "planes " + planes + ", " + h + "x" + w + (ties ? ", ties" : "");
                assertArrayEquals(yRef, y, what);
                assertArrayEquals(argRef, arg, what);
            }
        }
    }
}
