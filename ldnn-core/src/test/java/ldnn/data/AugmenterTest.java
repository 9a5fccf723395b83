package ldnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import ldnn.tensor.Rng;
import ldnn.tensor.ShapeException;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AugmenterTest {
    /** One 2-channel 9x7 image, zero except a bright pixel at (row 3, col 2): 200 in channel 0, 50 in channel 1. */
    static Tensor dot() {
        Tensor x = Tensor.zeros(1, 2, 9, 7);
        x.set(200, 0, 0, 3, 2);
        x.set(50, 0, 1, 3, 2);
        return x;
    }

    @Test
    void aTranslationByDxDyMovesAKnownPixelThereAndFillsWhatIsUncovered() {
        Tensor y = ImageAugmenter.transform(dot(), 2, -1, 0, false, 0);
        assertEquals(200f, y.get(0, 0, 2, 4));
        assertEquals(50f, y.get(0, 1, 2, 4));
        assertEquals(250f, y.sum().item(), "nothing else lit up, nothing lost");
        Tensor ones = Tensor.ones(1, 1, 4, 4);
        Tensor shifted = ImageAugmenter.transform(ones, 1, 0, 0, false, -5);
        assertEquals(-5f, shifted.get(0, 0, 2, 0), "the column shifted in from outside gets the fill value");
        assertEquals(1f, shifted.get(0, 0, 2, 1));
    }

    @Test
    void rotationByZeroIsTheIdentityAndByNinetyDegreesTurnsCounterClockwise() {
        Tensor x = Tensor.rand(new Rng(1), 3, 1, 5, 6);
        assertArrayEquals(x.toArray(), ImageAugmenter.transform(x, 0, 0, 0, false, 0).toArray());
        Tensor sq = Tensor.zeros(1, 1, 5, 5);
        sq.set(9, 0, 0, 2, 4); // right of the centre (2, 2)
        Tensor r = ImageAugmenter.transform(sq, 0, 0, 90, false, 0);
        assertEquals(9f, r.get(0, 0, 0, 2), 1e-4, "moved to above the centre");
        assertEquals(9f, r.sum().item(), 1e-4);
    }

    @Test
    void aHorizontalFlipMirrorsColumns() {
        Tensor y = ImageAugmenter.transform(dot(), 0, 0, 0, true, 0);
        assertEquals(200f, y.get(0, 0, 3, 4));
    }

    @Test
    void mirrorReversesEveryRowExactlyAndTwiceIsTheIdentity() {
        Tensor x = Tensor.rand(new Rng(4), 3, 2, 5, 7);
        Tensor m = ImageAugmenter.mirror(x);
        for (int c = 0; c < 7; c++) {
            assertEquals(x.get(2, 1, 4, c), m.get(2, 1, 4, 6 - c));
        }
        assertArrayEquals(ImageAugmenter.transform(x, 0, 0, 0, true, 0).toArray(), m.toArray(), 1e-6f,
                "the same as the augmenter's flip");
        assertArrayEquals(x.toArray(), ImageAugmenter.mirror(m).toArray());
        assertTrue(ImageAugmenter.standard().withFlips().flips() && !ImageAugmenter.standard().flips());
    }

    @Test
    void randomAugmentationIsDeterminedByTheSeedAndLeavesTheInputAlone() {
        Tensor x = Tensor.rand(new Rng(2), 8, 1, 12, 12);
        float[] before = x.toArray();
        ImageAugmenter aug = ImageAugmenter.standard().withFlips().withElastic(8, 3);
        Tensor a = aug.apply(x, new Rng(7)), b = aug.apply(x, new Rng(7)), c = aug.apply(x, new Rng(8));
        assertArrayEquals(a.toArray(), b.toArray());
        assertFalse(Arrays.equals(a.toArray(), c.toArray()));
        assertArrayEquals(before, x.toArray());
        assertArrayEquals(x.shape(), a.shape());
        assertTrue(aug.describe().contains("elastic"));
    }

    @Test
    void shiftsAreWholePixelsWithinTheLimitSoEveryOutputIsAShiftedCopy() {
        Tensor x = dot();
        ImageAugmenter aug = ImageAugmenter.of(2, 0);
        Rng rng = new Rng(3);
        boolean sawMove = false;
        for (int t = 0; t < 20; t++) {
            Tensor y = aug.apply(x, rng);
            assertEquals(250f, y.sum().item(), "a whole-pixel shift of a dot inside the margin keeps its value");
            int at = argmax(y.toArray());
            int row = (at % 63) / 7, col = at % 7;
            assertTrue(Math.abs(row - 3) <= 2 && Math.abs(col - 2) <= 2, "dot at " + row + "," + col);
            sawMove |= row != 3 || col != 2;
        }
        assertTrue(sawMove);
    }

    @Test
    void elasticDistortionKeepsAConstantImageConstantAndValuesWithinTheInputRange() {
        Tensor flat = Tensor.full(100, 2, 1, 10, 10);
        ImageAugmenter aug = ImageAugmenter.of(0, 0).withElastic(34, 4).withFill(100);
        for (float v : aug.apply(flat, new Rng(4)).toArray()) {
            assertEquals(100f, v, 1e-3);
        }
        Tensor x = Tensor.rand(new Rng(5), 2, 1, 10, 10);
        Tensor y = ImageAugmenter.of(0, 0).withElastic(34, 4).apply(x, new Rng(6));
        assertFalse(Arrays.equals(x.toArray(), y.toArray()));
        for (float v : y.toArray()) {
            assertTrue(v >= 0 && v < 1, "bilinear sampling only mixes input values (and the 0 fill): " + v);
        }
    }

    @Test
    void gaussianNoiseHasTheRequestedSpreadPerDimension() {
        Tensor x = Tensor.zeros(20000, 2);
        Tensor y = new GaussianNoise(0.5).apply(x, new Rng(9));
        double[] mv = StandardizerTest.columnMeanVar(y, 1);
        assertEquals(0, mv[0], 0.02);
        assertEquals(0.25, mv[1], 0.01);

        Tensor train = Tensor.zeros(1000, 2);
        Rng rng = new Rng(10);
        for (int i = 0; i < 1000; i++) {
            train.set((float) (10 * rng.nextGaussian()), i, 0);
            train.set(3, i, 1);
        }
        GaussianNoise rel = GaussianNoise.relativeTo(train, 0.1);
        Tensor noisy = rel.apply(Tensor.zeros(20000, 2), new Rng(11));
        assertEquals(1.0, StandardizerTest.columnMeanVar(noisy, 0)[1], 0.05, "0.1 x std 10 = sigma 1");
        assertEquals(0.0, StandardizerTest.columnMeanVar(noisy, 1)[1], "constant column gets no noise");
        assertArrayEquals(rel.apply(train, new Rng(1)).toArray(), rel.apply(train, new Rng(1)).toArray());
        assertThrows(ShapeException.class, () -> rel.apply(Tensor.zeros(3, 5), new Rng(1)));
        assertThrows(ShapeException.class, () -> ImageAugmenter.standard().apply(Tensor.zeros(3, 5), new Rng(1)));
    }

    private static int argmax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }
}
