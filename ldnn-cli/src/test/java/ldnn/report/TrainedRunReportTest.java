package ldnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import ldnn.train.RunFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a run folder written by the real Trainer (not by hand): the two stay in step. */
class TrainedRunReportTest {
    @Test
    void aShortTrainingRunGetsEveryPlotTheChecklistAndItsTestResult(@TempDir Path tmp) throws IOException {
        Path dir = TrainedRun.classification(tmp.resolve("run"), c -> c.maxEpochs(3));
        assertEquals(3, RunFiles.readMetrics(dir).evals().size());
        String page = Files.readString(RunReport.write(dir));
        for (String png : RunReportTest.TIME_SERIES) {
            RunReportTest.assertPlot(dir.resolve("plots").resolve(png));
        }
        assertFalse(Files.exists(dir.resolve("plots/ensemble.png")));
        RunReportTest.assertLinksExist(page, dir);
        assertEquals(13, RunReportTest.count(page, "<td class=\"status\">"), "the 13 recipe points");
        assertTrue(page.contains("3 evaluations"));
        assertTrue(page.contains("Linear") || page.contains("dense("), "the model spec");
        assertTrue(page.matches("(?s).*<th>Test</th><td>loss [0-9.]+, error [0-9.]+%</td>.*"), "the test result");
    }
}
