package ldnn.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import ldnn.data.Dataset;
import ldnn.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The follow-ups of issue 14: sort-99, parity-growth and ensemble-gain, quick versions and their parts. */
class FollowUpExperimentsTest {

    @Test
    void sortWithOneSoftmaxPerPositionLearnsFourNumbers(@TempDir Path dir) {
        ResultTable t = QuickRuns.run("sort-99", dir);
        assertEquals(4, t.sections().get(0).rows().size(), "2 encodings x 2 schedules");
        // 4 numbers of 4 bits: the final run sorts most sequences (a net that learned nothing gets ~0%)
        assertTrue(t.metric("final.exact") > 0.5, t.toText());
    }

    @Test
    void perPositionLabelsAreTheSortedNumbersAndDecodeToTheTargetBits() {
        SortTask task = new SortTask(5, 3);
        var b = task.draw(new Rng(4), 50, true);
        int[] v = b.labels().data();
        float[] y = b.targets().toArray(), x = b.x().toArray();
        assertEquals(250, v.length);
        for (int e = 0; e < 50; e++) {
            int[] in = new int[5];
            for (int i = 0; i < 5; i++) {
                for (int k = 0; k < 3; k++) {
                    in[i] = 2 * in[i] + (x[e * 15 + i * 3 + k] > 0 ? 1 : 0);
                    assertEquals(((v[e * 5 + i] >> (2 - k)) & 1), (int) y[e * 15 + i * 3 + k]);
                }
                assertTrue(i == 0 || v[e * 5 + i - 1] <= v[e * 5 + i], "ascending");
            }
            java.util.Arrays.sort(in);
            assertEquals(java.util.Arrays.toString(in), java.util.Arrays.toString(java.util.Arrays.copyOfRange(v, e * 5, e * 5 + 5)));
        }
    }

    @Test
    void parityGrowthMeasuresAndFitsTheExamplesNeeded(@TempDir Path dir) {
        ResultTable t = QuickRuns.run("parity-growth", dir);
        assertTrue(t.metric("largest") >= 8, "n = 4, 6, 8 reach 99.5%: " + t.metrics());
        double e4 = t.metric("examples.n4"), e8 = t.metric("examples.n8");
        assertTrue(e8 > e4, "8 bits need more examples than 4: " + t.metrics());
        assertTrue(t.metric("growth.perBit") > 1, t.toText());
        assertTrue(t.metric("extrapolated.n31") > t.metric("extrapolated.n25"), t.toText());
    }

    @Test
    void aLineFitsItsOwnPointsExactly() {
        var f = ParityGrowthExperiment.Fit.of(new double[] {8, 10, 12}, new double[] {3, 4, 5});
        assertEquals(0.5, f.b(), 1e-12);
        assertEquals(-1, f.a(), 1e-12);
        assertEquals(0, f.rms(), 1e-12);
        assertEquals(Math.pow(2, 6.5), f.at(15), 1e-9);
    }

    @Test
    void ensembleGainReportsEveryCondition(@TempDir Path dir) {
        QuickRuns.assumeFashionMnist();
        ResultTable t = QuickRuns.run("ensemble-gain", dir);
        assertEquals(5, t.sections().get(0).rows().size());
        for (int c = 1; c <= 5; c++) {
            assertTrue(t.metric("c" + c + ".ratio") <= 1.05, "averaging does not hurt much: " + t.metrics());
            double d = t.metric("c" + c + ".disagree");
            assertTrue(d > 0 && d < 0.5, "members differ somewhat: " + t.metrics());
        }
        // architectures that differ disagree more than seeds of one architecture
        assertTrue(t.metric("c4.disagree") > t.metric("c1.disagree"), t.metrics().toString());
    }

    @Test
    void disagreementOfIdenticalMembersIsZero() {
        QuickRuns.assumeFashionMnist();
        Dataset test = ExperimentData.standard().fashionSplit(100, 100, 300, 1).test();
        var m = ImageNets.build("dense(16) dense(10)");
        assertEquals(0, EnsembleGainExperiment.disagreement(java.util.List.of(m, m, m), test));
    }
}
