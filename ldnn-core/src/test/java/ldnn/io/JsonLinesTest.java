package ldnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesTest {
    @TempDir
    Path dir;

    @Test
    void appendedRecordsReadBackInOrder() throws IOException {
        Path log = dir.resolve("metrics.jsonl");
        for (int step = 0; step < 3; step++) {
            JsonLines.append(log, Map.of("step", step, "loss", 1.0 / (step + 1), "note", "a\nb"));
        }
        assertEquals(3, Files.readAllLines(log).size());
        JsonLines.Contents c = JsonLines.read(log);
        assertFalse(c.truncated());
        assertNull(c.truncatedLine());
        assertEquals(3, c.records().size());
        assertEquals(Map.of("step", 2L, "loss", 1.0 / 3, "note", "a\nb"), c.records().get(2));
    }

    @Test
    void truncatedLastLineFromAKilledWriterIsReportedNotFatal() throws IOException {
        Path log = dir.resolve("metrics.jsonl");
        JsonLines.append(log, Map.of("step", 1));
        JsonLines.append(log, Map.of("step", 2));
        Files.writeString(log, "{\"step\": 3, \"lo", StandardOpenOption.APPEND);
        JsonLines.Contents c = JsonLines.read(log);
        assertEquals(List.of(Map.of("step", 1L), Map.of("step", 2L)), c.records());
        assertTrue(c.truncated());
        assertEquals("{\"step\": 3, \"lo", c.truncatedLine());
    }

    @Test
    void truncationInsideAMultiByteCharacterIsStillJustATruncatedLine() throws IOException {
        Path log = dir.resolve("m.jsonl");
        JsonLines.append(log, Map.of("ok", true));
        byte[] line = "{\"name\": \"漢".getBytes(StandardCharsets.UTF_8);
        Files.write(log, Arrays.copyOf(line, line.length - 1), StandardOpenOption.APPEND);
        JsonLines.Contents c = JsonLines.read(log);
        assertEquals(List.of(Map.of("ok", true)), c.records());
        assertTrue(c.truncated());
    }

    @Test
    void completeFinalLineWithoutNewlineIsARecordAndBlankLinesAreSkipped() throws IOException {
        Path log = dir.resolve("other-tool.jsonl");
        Files.writeString(log, "{\"a\":1}\n\n  \r\n{\"a\":2}");
        JsonLines.Contents c = JsonLines.read(log);
        assertEquals(List.of(Map.of("a", 1L), Map.of("a", 2L)), c.records());
        assertFalse(c.truncated());
        assertEquals(0, JsonLines.read(Files.writeString(dir.resolve("empty.jsonl"), "")).records().size());
    }

    @Test
    void malformedLineBeforeTheEndIsCorruptionNamingFileAndLine() throws IOException {
        Path log = dir.resolve("bad.jsonl");
        Files.writeString(log, "{\"a\":1}\n{\"a\":2,}\n{\"a\":3}\n");
        FileFormatException e = assertThrows(FileFormatException.class, () -> JsonLines.read(log));
        assertTrue(e.getMessage().startsWith(log + ": line 2 is not valid JSON (Unexpected character ('}'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("at line 1, column 8); only a final line without a line break is treated as"
                + " truncated"), e.getMessage());
    }

    @Test
    void appendAfterACrashCutsTheTornLineSoTheLogStaysReadable() throws IOException {
        Path log = dir.resolve("metrics.jsonl");
        JsonLines.append(log, Map.of("step", 1));
        Files.writeString(log, "{\"step\": 2, \"lo", StandardOpenOption.APPEND); // killed mid-line
        JsonLines.append(log, Map.of("step", 2)); // the restarted run logs on
        assertEquals("{\"step\":1}\n{\"step\":2}\n", Files.readString(log));
        JsonLines.Contents c = JsonLines.read(log);
        assertFalse(c.truncated());

        // A complete record that only lacks its newline is kept.
        Files.writeString(log, "{\"step\":3}", StandardOpenOption.APPEND);
        JsonLines.append(log, Map.of("step", 4));
        assertEquals(4, JsonLines.read(log).records().size());
    }

    @Test
    void nonFiniteValuesAreRefusedOrLoggedAsNull() throws IOException {
        Path log = dir.resolve("m.jsonl");
        assertThrows(JsonException.class, () -> JsonLines.append(log, Map.of("loss", Double.NaN)));
        assertFalse(Files.exists(log)); // a record that cannot be written does not touch the file
        JsonLines.append(log, Map.of("loss", Double.NaN), Json.NonFinite.NULL);
        assertEquals("{\"loss\":null}\n", Files.readString(log));
    }
}
