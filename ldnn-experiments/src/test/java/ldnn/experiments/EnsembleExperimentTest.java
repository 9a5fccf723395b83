package ldnn.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ensembles: averaging the members' probabilities is at least as good as the average member. */
class EnsembleExperimentTest {

    @Test
    void theEnsembleIsNoWorseThanTheMeanMember(@TempDir Path dir) {
        QuickRuns.assumeFashionMnist();
        ResultTable t = QuickRuns.run("ensemble", dir);
        assertTrue(t.metric("ensemble.error") <= t.metric("member.mean_error"), t.toText());
        assertTrue(t.metric("member.best_error") <= t.metric("member.mean_error"), t.toText());
        assertTrue(t.metric("member.mean_error") < 0.3, "members learned: " + t.metrics());
    }
}
