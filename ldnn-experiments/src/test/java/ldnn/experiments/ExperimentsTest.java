package ldnn.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ldnn.data.Batch;
import ldnn.data.BatchSource;
import org.junit.jupiter.api.Test;

/** The registry and the fresh-example batch source. */
class ExperimentsTest {

    @Test
    void theEightClaimsAreRegisteredInTheIssuesOrderEachFollowUpAfterItsClaim() {
        assertEquals(List.of("sort", "sort-99", "parity", "parity-growth", "deep-init", "lstm", "dropout", "ensemble",
                        "ensemble-gain", "lr-ratio", "bits"),
                Experiments.names());
        for (Experiment e : Experiments.all()) {
            assertTrue(e.description().length() > 20 && !e.fullRunEstimate().isBlank(), e.name());
        }
        var err = assertThrows(IllegalArgumentException.class, () -> Experiments.byName("sorting"));
        assertTrue(err.getMessage().contains("known: sort, sort-99, parity"), err.getMessage());
    }

    @Test
    void freshBatchesDependOnlyOnSeedAndEpoch() {
        FreshBatches.Generator g = ParityTask.vectors(10);
        BatchSource a = new FreshBatches("parity", g, 32, 3, 5), b = new FreshBatches("parity", g, 32, 3, 5);
        assertEquals(96, a.examples());
        float[] a0 = first(a, 0), b0 = first(b, 0), a1 = first(a, 1);
        assertEquals(java.util.Arrays.toString(a0), java.util.Arrays.toString(b0), "same seed and epoch: same data");
        assertNotEquals(java.util.Arrays.toString(a0), java.util.Arrays.toString(a1), "another epoch: fresh data");
        int n = 0;
        try (BatchSource.Batches it = a.epoch(2)) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        assertEquals(3, n);
    }

    private static float[] first(BatchSource s, int epoch) {
        try (BatchSource.Batches it = s.epoch(epoch)) {
            Batch batch = it.next();
            return batch.x().toArray();
        }
    }

    @Test
    void settingsScaleFullBudgetsOnly() {
        Settings quick = new Settings(true, 1, 3, ExperimentData.standard());
        Settings full = new Settings(false, 1, 0.1, ExperimentData.standard());
        assertEquals(100, quick.budget(100, 5000));
        assertEquals(500, full.budget(100, 5000));
        assertThrows(IllegalArgumentException.class, () -> new Settings(false, 1, 0, ExperimentData.standard()));
    }
}
