package ldnn.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deep init: 0.02·randn starves a 20-layer net, scaled init trains it, and the trainer's retry rescues it. */
class DeepInitExperimentTest {

    @Test
    void smallInitFailsWhereScaledInitTrains(@TempDir Path dir) {
        QuickRuns.assumeFashionMnist();
        ResultTable t = QuickRuns.run("deep-init", dir);
        double lnC = Math.log(10);
        assertTrue(t.metric("init.small.activation_ratio") < 1e-6,
                "0.02*randn: the last layer's activations are < 1e-6 of the first's: " + t.metrics());
        assertTrue(t.metric("init.scaled.activation_ratio") > 0.1, "scaled init keeps them level: " + t.metrics());
        assertTrue(t.metric("train.d20.small.loss") > 0.95 * lnC, "small init: the loss stays near ln 10");
        assertTrue(t.metric("train.d20.scaled.loss") < 0.8 * lnC, "scaled init: the loss falls");
        assertTrue(t.metric("rescue.on.val_error") < t.metric("rescue.off.val_error") - 0.2,
                "the off-the-ground retry rescues the run: " + t.metrics());
    }
}
