package ldnn.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertEquals(1, Main.defaultRounds("memory"));
        assertEquals(1, Main.defaultRounds("scaling"));
        assertEquals(3, Main.defaultRounds("gemm"));
    }

    @Test
    void scalingWidthsGiveTheParameterCounts() {
        for (long p : new long[] {1_000_000, 10_000_000, 100_000_000}) {
            long got = ScalingBench.mlpParams(ScalingBench.widthFor(p, 2), 2);
            assertTrue(Math.abs(got - p) < 0.001 * p, p + " -> " + got);
        }
        assertEquals(678, ScalingBench.widthFor(1_000_000, 2));
        assertEquals(784L * 100 + 100 + 100 * 100 + 100 + 100 * 10 + 10, ScalingBench.mlpParams(100, 2));
    }

    @Test
    void timeOutputKeepsTheLastLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("rss");
        Files.writeString(f, "Command exited with non-zero status 1\n123456 10.50 1.25\n");
        double[] t = ChildRun.timeOutput(f);
        assertEquals(123456, t[0]);
        assertEquals(11.75, t[1] + t[2], 1e-9);
        assertEquals(null, ChildRun.timeOutput(dir.resolve("missing")));
    }

    @Test
    void ldnnRunFolderFiguresWithAndWithoutTheNewFields(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("metrics.jsonl"), """
                {"type":"step","epoch":0,"step":50,"examples_per_s":900}
                {"type":"eval","epoch":0,"step":100,"examples_per_s":1000,"alloc_bytes_per_step":2000000}
                {"type":"eval","epoch":1,"step":300,"examples_per_s":2000,"alloc_bytes_per_step":1000000}
                {"type":"eval","epoch":2,"step":400,"examples_per_s":2000,"alloc_bytes_per_step":3000000}
                {"type":"eval","ep""");
        Files.writeString(dir.resolve("summary.json"), """
                {"format": 2, "first_step_seconds": 3.5, "test": {"accuracy": 0.9, "error": 0.1}}""");
        MemoryBench.Side s = MemoryBench.ldnnSide(1000, dir, false);
        assertEquals(3, s.epochs());
        assertEquals(400 / (100 / 1000.0 + 300 / 2000.0), s.imagesPerSecond(), 1e-9); // weighed by steps
        assertEquals(2e6, s.allocPerStep()); // median over epochs
        assertEquals(3.5, s.firstStepSeconds());
        assertEquals(0.9, s.testAccuracy());

        Files.writeString(dir.resolve("metrics.jsonl"), "{\"type\":\"eval\",\"epoch\":0,\"step\":10,\"examples_per_s\":5}\n");
        Files.writeString(dir.resolve("summary.json"), "{\"format\": 2, \"test\": {\"error\": 0.25}}");
        MemoryBench.Side old = MemoryBench.ldnnSide(1000, dir, false);
        assertEquals(Double.NaN, old.allocPerStep());
        assertEquals(Double.NaN, old.firstStepSeconds());
        assertEquals(0.75, old.testAccuracy());
    }
}
