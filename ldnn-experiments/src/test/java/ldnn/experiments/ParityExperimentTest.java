package ldnn.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parity: 8 bits are learned from random examples; the bit-serial LSTM generalizes to longer strings. */
class ParityExperimentTest {

    @Test
    void quickRunLearnsEightBitParity(@TempDir Path dir) {
        ResultTable t = QuickRuns.run("parity", dir);
        assertTrue(t.metric("mlp.n8") >= 0.99, "8-bit parity >= 99% on 10k fresh examples: " + t.metrics());
        assertTrue(t.metric("lstm.len16") >= 0.99, "the LSTM reads 16-bit strings right: " + t.metrics());
        assertEquals(3, t.section(t.sections().get(0).heading()).rows().size(), "8, 12 and 16 bits");
    }

    @Test
    void theParityTargetCountsMinusOnes() {
        var b = ParityTask.draw(new ldnn.tensor.Rng(2), 100, 7, false);
        float[] x = b.x().toArray(), y = b.targets().toArray();
        for (int e = 0; e < 100; e++) {
            int minus = 0;
            for (int i = 0; i < 7; i++) {
                minus += x[e * 7 + i] < 0 ? 1 : 0;
            }
            assertEquals(minus % 2, (int) y[e]);
        }
    }
}
