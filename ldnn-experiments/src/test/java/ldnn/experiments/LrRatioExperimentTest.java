package ldnn.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LR sweep: the update/weight ratio the trainer records grows with the LR. */
class LrRatioExperimentTest {

    @Test
    void theRatioGrowsWithTheLearningRate(@TempDir Path dir) {
        QuickRuns.assumeFashionMnist();
        ResultTable t = QuickRuns.run("lr-ratio", dir);
        double[] lrs = {1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3};
        for (int i = 1; i < lrs.length; i++) {
            assertTrue(t.metric("lr" + Fmt.compact(lrs[i]) + ".ratio") > t.metric("lr" + Fmt.compact(lrs[i - 1]) + ".ratio"),
                    "ratio at LR " + lrs[i] + " above the one at " + lrs[i - 1] + ":\n" + t.toText());
        }
        double r = t.metric("lr0.001.ratio");
        assertTrue(r > 1e-5 && r < 1e-2, "ratios are in a plausible range: " + r);
    }
}
