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

    @Test
    void aTargetWithASecondConditionNeedsBoth() {
        Row.Target t = Row.Target.atLeast("<= 1.0 GB and <= PyTorch's", 1.0);
        assertEquals("PASS", new Row("m", "", "", new double[] {1.2}, t.and(true)).verdict());
        assertEquals("MISS", new Row("m", "", "", new double[] {1.2}, t.and(false)).verdict());
        assertEquals("MISS", new Row("m", "", "", new double[] {0.9}, t.and(true)).verdict());
    }

    @Test
    void bytesInDecimalUnits() {
        assertEquals("850 B", Table.bytes(850));
        assertEquals("1.2 MB", Table.bytes(1.2e6));
        assertEquals("250 MB", Table.bytes(2.5e8));
        assertEquals("5.81 GB", Table.bytes(5.81e9));
        assertEquals("n/a", Table.bytes(Double.NaN));
        assertEquals("n/a", Table.bytes(-1));
    }

    @Test
    void roundsDefaultPerSuite() {
        assertEquals(5, Main.defaultRounds("training"));
        assertEquals(3, Main.defaultRounds("gemm"));
    }
}
