package ldnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import ldnn.io.SafeTensors;
import ldnn.report.RunReport;
import ldnn.tensor.Tensor;
import ldnn.train.RunFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder written by ldnn before the trainer redesign (commit abd8e8d: config.json, metrics.jsonl
 * and summary.json without a "format" field, a version-1 checkpoint) still reads, reports and resumes;
 * resumed to 4 epochs it ends with the weights that ldnn itself produced by the same resume.
 */
class OldRunFolderTest {
    private static final String[] FILES = {"config.json", "metrics.jsonl", "checkpoint.safetensors", "summary.json",
        "blobs.csv", "model-after-resume-to-4-epochs.ldnn"};

    private static Path fixture(Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("v1-run"));
        for (String f : FILES) {
            try (InputStream in = OldRunFolderTest.class.getResourceAsStream("v1-run/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        // the old run trained on /tmp/fx/blobs.csv; point it at the copy
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("/tmp/fx/blobs.csv", dir.resolve("blobs.csv").toString()));
        return dir;
    }

    @Test
    void anOldRunFolderReadsAndGetsAReport(@TempDir Path tmp) throws IOException {
        Path dir = fixture(tmp);
        RunFiles.Config c = RunFiles.readConfig(dir);
        assertEquals("blobs", c.launch().dataset());
        assertEquals(java.util.List.of(1e-4, 1e-2), c.config().updateRatioBand(), "the old \"1.0E-4..0.01\" string");
        assertEquals(null, c.config().clipNorm(), "the old \"auto\"");
        assertEquals(ldnn.train.TrainConfig.Setting.MAX_EPOCHS, c.overrides().getFirst().setting());
        RunFiles.Summary s = RunFiles.readSummary(dir);
        assertEquals(13, s.checklist().size());
        assertEquals(2, RunFiles.readMetrics(dir).evals().size());
        String page = Files.readString(RunReport.write(dir));
        assertTrue(page.contains("reached the maximum of 2 epochs"), "the stop reason is shown");
    }

    @Test
    void anOldRunFolderResumesExactly(@TempDir Path tmp) throws IOException {
        Path dir = fixture(tmp);
        Cli.Result r = Cli.run("resume", dir.toString(), "--epochs", "4", "--quiet");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("after epoch 2"), r.out());
        assertEquals(4, RunFiles.readMetrics(dir).evals().size(), "epochs 3 and 4 were added to the log");
        Map<String, Tensor> now = SafeTensors.read(dir.resolve("model.ldnn")).floats();
        Map<String, Tensor> then = SafeTensors.read(dir.resolve("model-after-resume-to-4-epochs.ldnn")).floats();
        assertEquals(then.keySet(), now.keySet());
        then.forEach((k, t) -> assertArrayEquals(t.toArray(), now.get(k).toArray(), 0f, k + " bit-identical"));
    }
}
