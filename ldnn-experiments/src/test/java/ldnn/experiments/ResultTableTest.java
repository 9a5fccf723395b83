package ldnn.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ldnn.data.DataLocator;
import ldnn.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Result tables render as aligned text and Markdown, and the runner writes them with how they were made. */
class ResultTableTest {

    private static ResultTable sample() {
        ResultTable t = new ResultTable("demo", "A demo", false);
        t.section("numbers", "n", "value").row(1, 0.123456).row(20, Double.NaN);
        t.target("value above 0.1", "0.1235", true);
        t.target("value above 1", "0.1235", false);
        t.metric("value", 0.123456);
        t.note("made for a test");
        return t;
    }

    @Test
    void textIsAlignedAndAMissedTargetIsShownAsMissed() {
        String text = sample().toText();
        assertTrue(text.contains("n   value\n"), text);
        assertTrue(text.contains("1   0.1235\n20  -\n"), "4 significant digits, NaN as '-':\n" + text);
        assertTrue(text.contains("MISSED  value above 1"), text);
        assertTrue(text.contains("met     value above 0.1"), text);
        assertTrue(text.contains("note: made for a test"), text);
    }

    @Test
    void markdownHasATableAndQuickRunsSaySo() {
        String md = sample().toMarkdown();
        assertTrue(md.contains("| n | value |\n|---|---|\n| 1 | 0.1235 |"), md);
        assertTrue(new ResultTable("x", "X", true).toMarkdown().contains("QUICK"));
    }

    @Test
    void mistakesNameWhatWasExpected() {
        ResultTable t = sample();
        var e = assertThrows(IllegalArgumentException.class, () -> t.metric("nope"));
        assertTrue(e.getMessage().contains("[value]"), e.getMessage());
        var r = assertThrows(IllegalArgumentException.class, () -> t.section("numbers").row(1));
        assertTrue(r.getMessage().contains("expected 2 cells"), r.getMessage());
    }

    @Test
    void theRunnerWritesJsonAndMarkdownWithCommandSeedDurationAndMachine(@TempDir Path dir) throws Exception {
        Experiment demo = new Experiment() {
            public String name() {
                return "demo";
            }

            public String description() {
                return "a demo";
            }

            public String fullRunEstimate() {
                return "no time";
            }

            public ResultTable run(Settings s, PrintStream progress) {
                return sample();
            }
        };
        Path out = dir.resolve("results");
        Settings s = new Settings(false, 7, 0.5, new ExperimentData(new DataLocator(List.of(), null, null)));
        ExperimentRunner.run(demo, s, out, "ldnn experiment demo --seed 7", new PrintStream(new ByteArrayOutputStream()));
        Map<String, Object> json = Json.readObject(out.resolve("demo.json"));
        Map<?, ?> run = (Map<?, ?>) json.get("run");
        assertEquals("ldnn experiment demo --seed 7", run.get("command"));
        assertEquals(7L, ((Number) run.get("seed")).longValue());
        assertEquals(0.5, ((Number) run.get("budget_scale")).doubleValue());
        Map<?, ?> machine = (Map<?, ?>) run.get("machine");
        for (String k : List.of("nproc", "cpu", "jdk", "blas")) {
            assertTrue(machine.containsKey(k), k + " in " + machine);
        }
        assertEquals(List.of(Map.of("claim", "value above 0.1", "measured", "0.1235", "met", true),
                Map.of("claim", "value above 1", "measured", "0.1235", "met", false)), json.get("targets"));
        String md = Files.readString(out.resolve("demo.md"));
        assertTrue(md.startsWith("### demo: A demo"), md);
        assertTrue(md.contains("Run: `ldnn experiment demo --seed 7`"), md);
        try (var files = Files.list(out)) {
            assertEquals(2, files.count(), "no temp files left behind");
        }
    }

    @Test
    void aFailedRunLeavesThePreviousResultsAlone(@TempDir Path dir) throws Exception {
        Path old = dir.resolve("sort.json");
        Files.writeString(old, "{\"old\": true}");
        Experiment failing = new Experiment() {
            public String name() {
                return "sort";
            }

            public String description() {
                return "fails";
            }

            public String fullRunEstimate() {
                return "-";
            }

            public ResultTable run(Settings s, PrintStream progress) {
                throw new IllegalStateException("boom");
            }
        };
        Settings s = new Settings(false, 1, 1, new ExperimentData(new DataLocator(List.of(), null, null)));
        assertThrows(IllegalStateException.class, () -> ExperimentRunner.run(failing, s, dir, "x",
                new PrintStream(new ByteArrayOutputStream())));
        assertEquals("{\"old\": true}", Files.readString(old));
        assertFalse(Files.exists(dir.resolve("sort.md")));
    }
}
