package ldnn.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dropout: turning it off at test time gives what averaging many masks gives; leaving it on is worse. */
class DropoutExperimentTest {

    @Test
    void weightScalingMatchesTheMaskAverage(@TempDir Path dir) {
        QuickRuns.assumeFashionMnist();
        ResultTable t = QuickRuns.run("dropout", dir);
        double ws = t.metric("mlp.dropout.test_error"), mc = t.metric("mlp.dropout.mc_error");
        assertTrue(Math.abs(ws - mc) <= 0.015, "within 1.5 pp on 2000 test images: " + ws + " vs " + mc);
        assertTrue(t.metric("mlp.dropout.one_mask_error") > ws, "a single mask is worse: " + t.metrics());
        assertTrue(ws < 0.3 && t.metric("mlp.plain.test_error") < 0.3, "both nets learned: " + t.metrics());
    }
}
