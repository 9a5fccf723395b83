package ldnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** ldnn experiment: list, one error line for an unknown name, and a run that writes its result files. */
class ExperimentCommandTest {

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void listNamesTheEightExperimentsAndTheirFollowUps() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, run(out, err, "experiment", "list"));
        for (String n : new String[] {"sort", "sort-99", "parity", "parity-growth", "deep-init", "lstm", "dropout", "ensemble",
            "ensemble-gain", "lr-ratio", "bits"}) {
            assertTrue(out.toString().contains(n + " "), out.toString());
        }
    }

    @Test
    void anUnknownNameIsOneClearLine() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(2, run(out, err, "experiment", "sorting", "--quick"));
        assertTrue(err.toString().contains("unknown experiment 'sorting'; known: sort, sort-99, parity"), err.toString());
    }

    @Test
    void aQuickRunWritesItsResultsWithTheCommand(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, run(out, err, "experiment", "sort", "--quick", "--seed", "2", "--out", dir.toString()), err.toString());
        String json = Files.readString(dir.resolve("sort-quick.json"));
        assertTrue(json.contains("\"command\": \"ldnn experiment sort --quick --seed 2 --out " + dir + "\""), json);
        assertTrue(json.contains("\"seed\": 2"), json);
        assertTrue(Files.readString(dir.resolve("sort-quick.md")).contains("Hand-wired threshold network"));
    }
}
