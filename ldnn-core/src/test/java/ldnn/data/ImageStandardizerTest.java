package ldnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import ldnn.tensor.Rng;
import ldnn.tensor.ShapeException;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ImageStandardizerTest {
    /** Digit-like images: a black border of 2 pixels, random strokes inside. */
    static Tensor bordered(Rng rng, int n) {
        Tensor x = Tensor.zeros(n, 1, 8, 8);
        for (int i = 0; i < n; i++) {
            for (int r = 2; r < 6; r++) {
                for (int c = 2; c < 6; c++) {
                    x.set(rng.nextFloat() * 255, i, 0, r, c);
                }
            }
        }
        return x;
    }

    private static double[] meanVar(float[] a) {
        double m = 0, v = 0;
        for (float f : a) {
            m += f;
        }
        m /= a.length;
        for (float f : a) {
            v += (f - m) * (f - m);
        }
        return new double[] {m, v / a.length};
    }

    @Test
    void constantBorderPixelsMakeTheAutomaticRuleChooseOneGlobalMeanAndStd() {
        Tensor x = bordered(new Rng(1), 500);
        ImageStandardizer s = ImageStandardizer.fit(x);
        assertEquals(ImageStandardizer.Mode.PER_CHANNEL, s.mode());
        double[] mv = meanVar(s.apply(x).toArray());
        assertEquals(0, mv[0], 1e-4);
        assertEquals(1, mv[1], 1e-3);
        float border = s.apply(x).get(0, 0, 0, 0);
        assertEquals(border, s.apply(x).get(7, 0, 7, 7), "every border pixel maps to the same finite value");
    }

    @Test
    void imagesWhoseEveryPixelVariesGetPerPixelStatistics() {
        Rng rng = new Rng(2);
        Tensor x = Tensor.rand(rng, 400, 3, 4, 4);
        for (int i = 0; i < 400; i++) {
            x.set(x.get(i, 1, 2, 2) * 100 + 1000, i, 1, 2, 2); // one pixel with its own scale and offset
        }
        ImageStandardizer s = ImageStandardizer.fit(x);
        assertEquals(ImageStandardizer.Mode.PER_PIXEL, s.mode());
        Tensor y = s.apply(x);
        float[] pixel = new float[400];
        for (int i = 0; i < 400; i++) {
            pixel[i] = y.get(i, 1, 2, 2);
        }
        double[] mv = meanVar(pixel);
        assertEquals(0, mv[0], 1e-4);
        assertEquals(1, mv[1], 1e-3);
    }

    @Test
    void forcedPerPixelModeHandlesConstantPixelsWithoutNaN() {
        Tensor x = bordered(new Rng(3), 50);
        ImageStandardizer s = ImageStandardizer.fit(x, ImageStandardizer.Mode.PER_PIXEL);
        assertEquals(0f, s.apply(x).get(3, 0, 0, 1));
    }

    @Test
    void roundTripsThroughRestoreAndChecksShapes() {
        Tensor x = bordered(new Rng(4), 100);
        for (ImageStandardizer.Mode m : new ImageStandardizer.Mode[] {ImageStandardizer.Mode.PER_CHANNEL,
                ImageStandardizer.Mode.PER_PIXEL}) {
            ImageStandardizer s = ImageStandardizer.fit(x, m);
            Preprocessor back = Preprocessor.restore(s.kind(), s.config(), s.state());
            assertArrayEquals(s.apply(x).toArray(), back.apply(x).toArray());
        }
        assertInstanceOf(ImageStandardizer.class, Preprocessor.fitDefault(x));
        ImageStandardizer px = ImageStandardizer.fit(x, ImageStandardizer.Mode.PER_PIXEL);
        assertThrows(ShapeException.class, () -> px.apply(Tensor.zeros(2, 1, 9, 9)));
        assertThrows(ShapeException.class, () -> ImageStandardizer.fit(Tensor.zeros(4, 16)));
        assertThrows(IllegalArgumentException.class, () -> ImageStandardizer.restore(Map.of("mode", "zca"),
                Map.of("mean", Tensor.zeros(1), "std", Tensor.ones(1))));
    }
}
