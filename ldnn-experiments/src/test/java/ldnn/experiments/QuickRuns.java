package ldnn.experiments;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import ldnn.io.Json;

/** Runs quick experiments for the tests, with one shared copy of the data, and checks what every run writes. */
final class QuickRuns {
    private static final ExperimentData DATA = ExperimentData.standard();

    private QuickRuns() {
    }

    /** Skips the calling test when Fashion-MNIST is not installed (nothing is downloaded in tests). */
    static void assumeFashionMnist() {
        assumeTrue(DATA.hasFashionMnist(), "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
    }

    /** Runs the named experiment's quick version with seed 1 into dir and checks the files it wrote. */
    static ResultTable run(String name, Path dir) {
        Experiment e = Experiments.byName(name);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ExperimentRunner.Outcome o = ExperimentRunner.run(e, new Settings(true, 1, 1, DATA), dir,
                "ldnn experiment " + name + " --quick", new PrintStream(log, true, StandardCharsets.UTF_8));
        ResultTable t = o.table();
        assertTrue(t.quick());
        assertFalse(t.sections().isEmpty(), name + ": no tables");
        t.sections().forEach(s -> assertFalse(s.rows().isEmpty(), name + ": empty table " + s.heading()));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains(t.sections().get(0).heading()),
                "the table is printed");
        try {
            var json = Json.readObject(dir.resolve(name + "-quick.json"));
            var run = (java.util.Map<?, ?>) json.get("run");
            assertTrue(run.get("command").toString().contains(name), run.toString());
            assertTrue(((java.util.Map<?, ?>) run.get("machine")).containsKey("blas"), run.toString());
            String md = Files.readString(dir.resolve(name + "-quick.md"));
            assertTrue(md.contains("| " + t.sections().get(0).columns().get(0) + " |"), md);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return t;
    }
}
