package ldnn.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The harness's bookkeeping: medians, verdicts and arguments (no timing is asserted). */
class HarnessTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, Measure.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Measure.median(new double[] {4, 1, 3, 2}));
        assertEquals(Double.NaN, Measure.median(new double[0]));
    }

    @Test
    void verdictJudgesTheMedianRoundAgainstTheTarget() {
        Row ratio = new Row("r", "", "", new double[] {0.95, 0.80, 0.91}, Row.Target.atLeast(">= 0.90", 0.90));
        assertEquals("PASS", ratio.verdict()); // median 0.91, although one round was 0.80
        Row cost = new Row("c", "", "", new double[] {2.5, 1.5, 2.1}, Row.Target.atMost("<= 2 us", 2.0));
        assertEquals("MISS", cost.verdict()); // median 2.1
        assertEquals("", new Row("n", "", "", new double[] {1}, null).verdict());
    }

    @Test
    void sizesAcceptSuffixesAndRefuseRaggedRows() {
        assertArrayEquals(new int[] {1 << 20, 16 << 20, 4096}, Main.parseSizes("1M,16m,4K"));
        assertThrows(IllegalArgumentException.class, () -> Main.parseSizes("1000"));
    }
}
