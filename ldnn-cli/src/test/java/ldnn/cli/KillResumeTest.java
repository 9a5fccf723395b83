package ldnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import ldnn.io.SafeTensors;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The path users take when a run dies: a real `ldnn train` process (its own JVM, the command's whole path:
 * image flips and shifts, dropout, the background prefetcher) is killed with SIGKILL at a chosen point,
 * `ldnn resume` continues it in a new process, and the model file it ends with is bit-identical to the
 * one of an uninterrupted run of the same command. The points are {@link ldnn.io.FaultPoints}: the
 * process pauses there and is killed while paused.
 */
class KillResumeTest {
    /** Small enough to train 4 epochs in a few seconds, with every random part of the recipe in it. */
    private static final String MODEL = "conv(4,3) pool(2) dense(32) dropout(0.5) dense(3)";
    private static final List<String> TRAIN = List.of("--model", MODEL, "--epochs", "4", "--batch-size", "32",
            "--augment", "shift=2,flip", "-q");

    @TempDir
    static Path shared;
    private static Path data, reference;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        data = TestData.idxFolder(shared, 600, 90);
        reference = shared.resolve("reference");
        Child c = start(null, train(reference));
        assertEquals(0, c.finish(), c.output());
    }

    private static List<String> train(Path run) {
        List<String> a = new ArrayList<>(List.of("train", data.toString(), "--run", run.toString()));
        a.addAll(TRAIN);
        return a;
    }

    /**
     * Killed at each point, resumed, compared bit for bit. step@20: mid-epoch 2 (16 steps an epoch);
     * step@5: before the first checkpoint (resume starts over); the second checkpoint's write half-way;
     * the third validation; the test evaluation after training (the 5th evaluation); the model file's write.
     */
    @ParameterizedTest
    @ValueSource(strings = {"step@20", "step@5", "write:checkpoint.safetensors@2", "evaluate@3", "evaluate@5",
        "write:model.ldnn@1"})
    void aRunKilledAtAnyPointResumesToTheSameWeights(String point, @TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        killAt(point, train(run));
        Child resumed = start(null, List.of("resume", run.toString(), "-q"));
        assertEquals(0, resumed.finish(), resumed.output());
        assertSameWeights(reference.resolve("model.ldnn"), run.resolve("model.ldnn"), point);
        assertNoLeftovers(run);
    }

    /** Killed again and again, each resume a little further on: the same weights in the end. */
    @Test
    void aRunKilledThreeTimesStillEndsWithTheSameWeights(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        killAt("step@20", train(run));
        // the counts are per process: 20 steps into the first resume, then the second validation of the next
        killAt("step@20", List.of("resume", run.toString(), "-q"));
        killAt("evaluate@2", List.of("resume", run.toString(), "-q"));
        Child last = start(null, List.of("resume", run.toString(), "-q"));
        assertEquals(0, last.finish(), last.output());
        assertSameWeights(reference.resolve("model.ldnn"), run.resolve("model.ldnn"), "killed three times");
        String log = Files.readString(run.resolve("metrics.jsonl"));
        assertEquals(3, log.split("\"monitor\":\"resume\"", -1).length - 1, "three resumes logged:\n" + log);
        assertEquals(4, log.split("\"type\":\"eval\"", -1).length - 1, "one evaluation per epoch, none twice:\n" + log);
    }

    /** A full disk half-way through a write (injected): the file before it stays whole, the message says so. */
    @ParameterizedTest
    @ValueSource(strings = {"write:checkpoint.safetensors@2", "write:model.ldnn@1"})
    void aWriteThatFailsHalfWayLeavesThePreviousFileAndTheRunResumes(String point, @TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        String file = point.substring(6, point.indexOf('@'));
        Child c = start(null, train(run), "-Dldnn.fault.fail=" + point);
        String out = c.finishOutput();
        assertEquals(2, c.code, out);
        assertTrue(out.contains("could not write " + run.resolve(file) + " (it was left unchanged): No space left on device"),
                out);
        assertTrue(out.contains("ldnn resume " + run), "says how to go on: " + out);
        assertFalse(out.contains("\tat ") || out.contains("Exception"), out);
        assertNoLeftovers(run);
        if (file.equals("checkpoint.safetensors")) {
            assertEquals(0, ldnn.train.CheckpointFile.read(run.resolve(file)).epoch(), "the first epoch's checkpoint is intact");
        } else {
            assertFalse(Files.exists(run.resolve(file)), "no half-written model file");
        }
        Child resumed = start(null, List.of("resume", run.toString(), "-q"));
        assertEquals(0, resumed.finish(), resumed.output());
        assertSameWeights(reference.resolve("model.ldnn"), run.resolve("model.ldnn"), point);
    }

    @Test
    void aKilledEnsembleResumesItsMembersFromTheirCheckpoints(@TempDir Path tmp) throws Exception {
        Path ref = tmp.resolve("reference"), run = tmp.resolve("run");
        List<String> args = new ArrayList<>(List.of("--ensemble", "2", "--model", MODEL, "--epochs", "3",
                "--batch-size", "32", "--augment", "shift=2,flip", "-q"));
        Child whole = start(null, concat(List.of("train", data.toString(), "--run", ref.toString()), args));
        assertEquals(0, whole.finish(), whole.output());

        // 2 members x 16 steps an epoch, trained side by side: step 60 is in both members' second epoch or later
        killAt("step@60", concat(List.of("train", data.toString(), "--run", run.toString()), args));
        assertTrue(Files.isRegularFile(run.resolve("members/member-01/checkpoint.safetensors")), "member 1 checkpointed");
        assertTrue(Files.isRegularFile(run.resolve("members/member-02/checkpoint.safetensors")), "member 2 checkpointed");
        Child resumed = start(null, List.of("resume", run.toString()));
        String out = resumed.finishOutput();
        assertEquals(0, resumed.code, out);
        for (String m : List.of("member-01", "member-02")) {
            String log = Files.readString(run.resolve("members").resolve(m).resolve("metrics.jsonl"));
            assertTrue(log.contains("\"monitor\":\"resume\""), m + " continues from its checkpoint, not from the start:\n" + log);
        }
        assertSameWeights(ref.resolve("model.ldnn"), run.resolve("model.ldnn"), "ensemble step@60");

        // killed while the finished ensemble writes its model file: resumed, no member trains again
        Path late = tmp.resolve("late");
        killAt("write:model.ldnn@1", concat(List.of("train", data.toString(), "--run", late.toString()), args));
        Child again = start(null, List.of("resume", late.toString()));
        String out2 = again.finishOutput();
        assertEquals(0, again.code, out2);
        for (String m : List.of("member-01", "member-02")) {
            String log = Files.readString(late.resolve("members").resolve(m).resolve("metrics.jsonl"));
            String after = log.substring(log.indexOf("\"monitor\":\"resume\""));
            assertFalse(after.contains("\"type\":\"eval\""), m + " trains no more after its last epoch:\n" + log);
            assertEquals(3, log.split("\"type\":\"eval\"", -1).length - 1, m + ": one evaluation per epoch\n" + log);
        }
        assertSameWeights(ref.resolve("model.ldnn"), late.resolve("model.ldnn"), "ensemble write:model.ldnn");
    }

    @Test
    void aSecondProcessCannotWriteARunFolderInUse(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Child first = start("step@20", train(run));
        first.awaitPause();
        try {
            Child second = start(null, List.of("resume", run.toString()));
            String out = second.finishOutput();
            assertEquals(2, second.code, out);
            assertTrue(out.contains(run + " is being written by another ldnn process (pid " + first.process.pid()), out);
            assertFalse(out.contains("\tat "), out);
        } finally {
            first.process.destroyForcibly().waitFor();
        }
        // the lock dies with its process: the folder resumes at once
        Child resumed = start(null, List.of("resume", run.toString(), "-q"));
        assertEquals(0, resumed.finish(), resumed.output());
        assertSameWeights(reference.resolve("model.ldnn"), run.resolve("model.ldnn"), "after the lock");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    /** Starts the command paused at {@code point}, kills it there with SIGKILL. */
    private static void killAt(String point, List<String> args) throws Exception {
        Child c = start(point, args);
        c.awaitPause();
        c.process.destroyForcibly(); // SIGKILL on Linux
        assertTrue(c.process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(137, c.process.exitValue(), "killed by SIGKILL at " + point);
    }

    static void assertSameWeights(Path expected, Path actual, String what) throws IOException {
        Map<String, Tensor> a = SafeTensors.read(expected).floats(), b = SafeTensors.read(actual).floats();
        assertEquals(a.keySet(), b.keySet(), what);
        for (String k : a.keySet()) {
            float[] x = a.get(k).toArray(), y = b.get(k).toArray();
            assertEquals(x.length, y.length, what + ": " + k);
            for (int i = 0; i < x.length; i++) {
                if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                    fail(what + ": tensor " + k + " differs at " + i + ": " + x[i] + " vs " + y[i]);
                }
            }
        }
    }

    private static void assertNoLeftovers(Path run) throws IOException {
        try (Stream<Path> files = Files.walk(run)) {
            List<Path> temps = files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
            assertEquals(List.of(), temps, "half-written temp files left in the run folder");
        }
    }

    private static Child start(String pausePoint, List<String> args, String... jvmFlags) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"));
        if (pausePoint != null) {
            cmd.add("-Dldnn.fault.pause=" + pausePoint);
        }
        cmd.addAll(List.of(jvmFlags));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "ldnn.cli.Main"));
        cmd.addAll(args);
        return new Child(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    /** A child ldnn process; its output is read as it comes, so a pause is seen at once. */
    private static final class Child {
        final Process process;
        private final StringBuilder output = new StringBuilder();
        private final BufferedReader reader;
        int code = -1;

        Child(Process p) {
            this.process = p;
            this.reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        }

        void awaitPause() throws IOException {
            for (String line; (line = reader.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.startsWith("ldnn: paused at ")) {
                    return;
                }
            }
            fail("the process ended without reaching its pause point:\n" + output);
        }

        int finish() throws Exception {
            finishOutput();
            return code;
        }

        String finishOutput() throws Exception {
            for (String line; (line = reader.readLine()) != null; ) {
                output.append(line).append('\n');
            }
            assertTrue(process.waitFor(300, TimeUnit.SECONDS), "no hang");
            code = process.exitValue();
            return output.toString();
        }

        String output() {
            return output.toString();
        }
    }
}
