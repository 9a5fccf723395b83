package ldnn.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LSTM: a forget-gate bias of 2 solves the 50-step adding problem sooner than 0 (mean of 3 runs; this held
 * for settings seeds 1, 2 and 3 when the quick setting was chosen), and without clipping an aggressive
 * LR makes every run diverge while clipped runs stay finite.
 */
class LstmExperimentTest {

    @Test
    void forgetBiasHelpsAndClippingPreventsDivergence(@TempDir Path dir) {
        ResultTable t = QuickRuns.run("lstm", dir);
        assertEquals(3, t.metric("forget.T50.b2.solved"), "bias 2 solves every run: " + t.metrics());
        assertTrue(t.metric("forget.T50.b2.mean_steps") < t.metric("forget.T50.b0.mean_steps"), t.toText());
        assertEquals(3, t.metric("clip.none.diverged"), t.toText());
        assertEquals(0, t.metric("clip.5.diverged"), t.toText());
    }
}
