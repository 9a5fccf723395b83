package ldnn.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import ldnn.data.Dataset;
import ldnn.nn.Linear;
import ldnn.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sorting: the hand-wired network is exact (a test of the forward pass), and a small MLP learns. */
class SortExperimentTest {

    @Test
    void quickRunHasAnExactHandWiredSorterAndALearningMlp(@TempDir Path dir) {
        ResultTable t = QuickRuns.run("sort", dir);
        assertEquals(1.0, t.metric("handwired.step.exact"), "Heaviside units sort 10^4 inputs exactly");
        assertEquals(1.0, t.metric("handwired.sigmoid20.exact"), "sigmoids of gain 20 too");
        assertTrue(t.metric("learned.bit") > 0.9 && t.metric("learned.exact") > 0.3,
                "4 numbers of 4 bits: far above chance (exact by chance: 2^-16); " + t.metrics());
        assertEquals(3, t.section("Depth at equal parameter count (4 numbers x 4 bits, about 6288 parameters, "
                + "100k examples each)").rows().size());
        assertTrue(t.targets().stream().allMatch(Target::met), t.toText());
    }

    @Test
    void breakingTheTieBreakMakesTheWiredSorterWrongOnDuplicates() {
        SortTask task = new SortTask(10, 6);
        Dataset data = FreshBatches.sample("test", task.generator(), 2000, 3);
        Sequential net = HandWiredSorter.build(task, Threshold::step);
        assertEquals(1.0, task.evaluate(net, data, 0.5f).exact());
        float[] bias = ((Linear) net.layers().get(0)).bias().data();
        for (int u = 0; u < task.n() * (task.n() - 1); u++) {
            bias[u] = -0.5f; // ties now count for neither number: equal numbers get the same rank
        }
        double exact = task.evaluate(net, data, 0.5f).exact();
        assertTrue(exact < 0.6, "about half of all inputs hold a duplicate; exact " + exact);
    }

    @Test
    void targetsAreTheInputsSortedAscending() {
        SortTask task = new SortTask(5, 3);
        var b = task.draw(new ldnn.tensor.Rng(1), 50);
        float[] x = b.x().toArray(), y = b.targets().toArray();
        for (int e = 0; e < 50; e++) {
            int[] in = new int[5], out = new int[5];
            for (int i = 0; i < 5; i++) {
                for (int k = 0; k < 3; k++) {
                    in[i] = 2 * in[i] + (x[e * 15 + i * 3 + k] > 0 ? 1 : 0);
                    out[i] = 2 * out[i] + (y[e * 15 + i * 3 + k] > 0.5f ? 1 : 0);
                }
            }
            java.util.Arrays.sort(in);
            assertEquals(java.util.Arrays.toString(in), java.util.Arrays.toString(out));
        }
    }
}
