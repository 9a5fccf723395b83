package ldnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that needs more memory than the JVM may use fails before it trains, in a process of its own
 * with a small heap, with a message that says how much it needs and how to give it more.
 */
class MemoryLimitTest {
    @TempDir
    Path tmp;

    private Process ldnn(String heap, Path idx, Path run) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "ldnn.cli.Main",
                // 2 x 4096 x 4096 weights: 134 MB, times the copies training keeps
                "train", idx.toString(), "--model", "dense(4096) dense(4096) dense(3)", "--epochs", "1", "--run",
                run.toString(), "-q"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    @Test
    void aRunTooLargeForTheHeapFailsAtOnceSayingWhatItNeeds() throws Exception {
        Path idx = TestData.idxFolder(tmp, 240, 60);
        Path run = tmp.resolve("run");
        Process p = ldnn("320m", idx, run); // the weights fit, training them does not
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("not enough memory for this run: it needs about"), out);
        assertTrue(out.contains("LDNN_HEAP=512m"), out);
        assertFalse(out.contains("OutOfMemoryError"), out);
        assertFalse(Files.exists(run.resolve("checkpoint.ldnn")), "nothing was trained");

        Process q = ldnn("160m", idx, tmp.resolve("run2")); // not even the weights fit: the error is caught
        String out2 = new String(q.getInputStream().readAllBytes());
        assertTrue(q.waitFor(120, TimeUnit.SECONDS));
        assertEquals(3, q.exitValue(), out2);
        assertTrue(out2.contains("ran out of memory: the JVM may use at most 160 MB of heap"), out2);
        assertTrue(out2.contains("LDNN_HEAP="), out2);
        assertFalse(out2.contains("OutOfMemoryError") || out2.contains("\tat "), out2);
    }
}
