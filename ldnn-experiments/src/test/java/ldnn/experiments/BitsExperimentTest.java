package ldnn.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import ldnn.nn.Linear;
import ldnn.nn.Sequential;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bits: 8-bit weights keep the accuracy, 2-bit weights lose it; the gap shrinks as m grows. */
class BitsExperimentTest {

    @Test
    void eightBitsAreEnoughAndTwoAreNot(@TempDir Path dir) {
        QuickRuns.assumeFashionMnist();
        ResultTable t = QuickRuns.run("bits", dir);
        assertTrue(Math.abs(t.metric("quant.b8.error") - t.metric("quant.b32.error")) <= 0.01, t.toText());
        assertTrue(t.metric("quant.b2.error") > t.metric("quant.b32.error"), t.toText());
        assertTrue(t.metric("gap.h64.m2000") < t.metric("gap.h64.m250"), "more data, smaller gap:\n" + t.toText());
    }

    @Test
    void roundingToBBitsLeavesAtMost2ToTheBMinus1LevelsPerRow() {
        Sequential m = new Sequential(new Linear(50, 4));
        m.initialize(ldnn.nn.Init.defaults(), new Rng(4));
        Tensor w = ((Linear) m.layers().get(0)).weight();
        float[] before = w.toArray();
        Quantizer.quantize(m, 3);
        for (int r = 0; r < 4; r++) {
            java.util.Set<Float> levels = new java.util.HashSet<>();
            float max = 0;
            for (int c = 0; c < 50; c++) {
                levels.add(w.data()[r * 50 + c]);
                max = Math.max(max, Math.abs(before[r * 50 + c]));
            }
            assertTrue(levels.size() <= 7, "3 bits: at most 7 levels, got " + levels);
            for (int c = 0; c < 50; c++) {
                assertTrue(Math.abs(w.data()[r * 50 + c] - before[r * 50 + c]) <= max / 3 / 2 + 1e-6, "rounded to nearest");
            }
        }
        float[] rounded = w.toArray();
        Quantizer.quantize(m, 32);
        assertArrayEquals(rounded, w.toArray(), "32 bits leave the values alone");
    }
}
