package ldnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {

    @Test
    void readsEveryJsonTypeIntoPlainJavaValues() {
        Object v = Json.parse(" {\"s\": \"x\", \"i\": 42, \"d\": 2.5, \"e\": 1e3, \"t\": true, \"f\": false,"
                + " \"n\": null, \"a\": [1, [], {}], \"o\": {\"k\": -7}} ");
        Map<?, ?> m = assertInstanceOf(LinkedHashMap.class, v);
        assertEquals(List.of("s", "i", "d", "e", "t", "f", "n", "a", "o"), new ArrayList<>(m.keySet()));
        assertEquals("x", m.get("s"));
        assertEquals(42L, m.get("i"));
        assertEquals(2.5, m.get("d"));
        assertEquals(1000.0, m.get("e"));  // an exponent makes it a Double
        assertEquals(true, m.get("t"));
        assertEquals(false, m.get("f"));
        assertTrue(m.containsKey("n"));
        assertNull(m.get("n"));
        assertEquals(List.of(1L, List.of(), Map.of()), m.get("a"));
        assertEquals(Map.of("k", -7L), m.get("o"));
    }

    @Test
    void nestedStructuresRoundTripInCompactAndPrettyForm() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "run \"7\"");
        doc.put("layers", List.of(Map.of("units", 128L), Map.of("units", 10L)));
        doc.put("matrix", List.of(List.of(1L, 2L), List.of(3L, 4L)));
        doc.put("empty", Map.of());
        doc.put("none", null);
        doc.put("scores", List.of(0.5, -1.25, 3.0));
        String compact = Json.write(doc);
        assertTrue(!compact.contains("\n") && !compact.contains(": "), compact);
        assertEquals(doc, Json.parse(compact));
        String pretty = Json.writePretty(doc);
        assertEquals(doc, Json.parse(pretty));
        assertEquals("""
                {
                  "name": "run \\"7\\"",
                  "layers": [{
                    "units": 128
                  }, {
                    "units": 10
                  }],
                  "matrix": [[1, 2], [3, 4]],
                  "empty": {},
                  "none": null,
                  "scores": [0.5, -1.25, 3.0]
                }""", pretty);
    }

    @Test
    void doublesRoundTripBitExactly() {
        double[] values = {1e-300, -0.0, 0.0, 0.1, 1.0 / 3, Double.MIN_VALUE, Double.MAX_VALUE, -2.5e-8, 1e21,
            123456789.0, Math.PI, Math.nextUp(1.0)};
        for (double d : values) {
            String text = Json.write(d);
            Object back = Json.parse(text);
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) back), text);
        }
        assertEquals("-0.0", Json.write(-0.0));
        assertEquals("1.0E-300", Json.write(1e-300));
        assertEquals("3.0", Json.write(3.0)); // keeps ".0" so it reads back as a Double, not a Long
        assertEquals(3.0, Json.parse("3.0"));
    }

    @Test
    void integersReadAsLongAtTheEdgesOfTheirRange() {
        assertEquals(Long.MAX_VALUE, Json.parse(Json.write(Long.MAX_VALUE)));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals("9223372036854775807", Json.write(Long.MAX_VALUE));
        // Beyond long: an error rather than an overflowed long.
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("9223372036854775808"));
        assertTrue(e.getMessage().contains("out of range of `long`") && e.line() == 1, e.getMessage());
        assertEquals(0L, Json.parse("-0")); // an integer, so a Long (no negative zero)
    }

    @Test
    void floatsAreWrittenAsTheShortestDecimalThatReadsBackAsTheSameFloat() {
        assertEquals("[0.1, 1.0E-7, 3.4028235E38]", Json.write(new float[] {0.1f, 1e-7f, Float.MAX_VALUE})
                .replace(",", ", "));
        float[] values = {0.1f, (float) Math.PI, Float.MIN_VALUE, -1.5e-20f};
        List<?> back = (List<?>) Json.parse(Json.write(values));
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], ((Double) back.get(i)).floatValue());
        }
    }

    @Test
    void writesPrimitiveArraysRecordsEnumsAndOtherNumbers() {
        record Point(int x, double y, String label) {}
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ints", new int[] {1, -2});
        m.put("longs", new long[] {Long.MIN_VALUE});
        m.put("doubles", new double[] {0.25});
        m.put("bools", new boolean[] {true, false});
        m.put("objects", new Object[] {"a", null});
        m.put("point", new Point(3, 0.5, "p"));
        m.put("mode", Json.NonFinite.NULL);
        m.put("big", new java.math.BigInteger("123456789012345678901234567890"));
        m.put("float", 0.1f);
        m.put("short", (short) 7);
        assertEquals("{\"ints\":[1,-2],\"longs\":[-9223372036854775808],\"doubles\":[0.25],\"bools\":[true,false],"
                + "\"objects\":[\"a\",null],\"point\":{\"x\":3,\"y\":0.5,\"label\":\"p\"},\"mode\":\"null\","
                + "\"big\":123456789012345678901234567890,\"float\":0.1,\"short\":7}", Json.write(m));
    }

    @Test
    void escapesRoundTripIncludingUnicodeAndSurrogates() {
        String s = "quote\" backslash\\ slash/ \b\f\n\r\t \u0001 \u001f é 漢 😀 \u007f";
        String text = Json.write(s);
        assertEquals("\"quote\\\" backslash\\\\ slash/ \\b\\f\\n\\r\\t \\u0001 \\u001F é 漢 😀 \u007f\"", text);
        assertEquals(s, Json.parse(text));
        // \\u escapes on reading, including a surrogate pair and an escaped slash.
        assertEquals("é😀/A", Json.parse("\"\\u00e9\\uD83D\\uDE00\\/\\u0041\""));
    }

    @Test
    void syntaxErrorsGiveLineColumnAndWhatWasFound() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\n  \"a\": 1,\n  \"b\": 2 x\n}"));
        assertTrue(e.getMessage().startsWith("Unexpected character ('x'") && e.getMessage().endsWith("at line 3, column 10"),
                e.getMessage());
        assertEquals(3, e.line());
        assertEquals(10, e.column());
        // strict: each of these is an error with its line and column
        for (String bad : List.of("[1, 2", "[1, 2,]", "{\"a\": 1,}", "{'a': 1}", "{\"a\" 1}", "01", "1.", "-", "1e+", "+1",
                "NaN", "tru", "\"a\nb\"", "\"\\x\"", "\"\\u12G4\"", "\"abc", "{} {}", "", "// c\n1",
                "{\"a\": 1, \"a\": 2}")) {
            JsonException x = assertThrows(JsonException.class, () -> Json.parse(bad), bad);
            assertTrue(x.line() >= 1 && x.column() >= 0 && x.getMessage().contains(" at line "), bad + ": " + x.getMessage());
        }
        assertTrue(assertThrows(JsonException.class, () -> Json.parse("{\"a\": 1, \"a\": 2}")).getMessage()
                .contains("Duplicate Object property \"a\""));
    }

    @Test
    void hostileNestingFailsCleanlyInsteadOfOverflowingTheStack() {
        String deep = "[".repeat(100_000);
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nesting depth (501) exceeds the maximum allowed (500"), e.getMessage());
    }

    @Test
    void nonFiniteNumbersAreAnErrorNamingTheKeyPathOrNullOnRequest() {
        Map<String, Object> m = Map.of("history", List.of(Map.of("loss", 1.0), Map.of("loss", Double.NaN)));
        JsonException e = assertThrows(JsonException.class, () -> Json.write(m));
        assertEquals("Json.write: NaN is not a JSON number (write with Json.NonFinite.NULL to store it as null)"
                + " at $.history[1].loss", e.getMessage());
        e = assertThrows(JsonException.class, () -> Json.write(Map.of("w x", new float[] {1f, Float.NEGATIVE_INFINITY})));
        assertTrue(e.getMessage().endsWith("at $[\"w x\"][1]"), e.getMessage());
        assertEquals("{\"a\":[1.0,null,null]}",
                Json.write(Map.of("a", new double[] {1, Double.NaN, Double.POSITIVE_INFINITY}), false, Json.NonFinite.NULL));
    }

    @Test
    void filesAreReadAsStrictUtf8AndErrorsNameTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        Json.writeFile(file, Map.of("lr", 0.001, "name", "漢字"));
        assertEquals(Map.of("lr", 0.001, "name", "漢字"), Json.readObject(file));

        Files.writeString(file, "{\n\"lr\": 0.001,,\n}");
        FileFormatException e = assertThrows(FileFormatException.class, () -> Json.read(file));
        assertTrue(e.getMessage().startsWith(file + ": invalid JSON: Unexpected character (','")
                && e.getMessage().endsWith("at line 2, column 13"), e.getMessage());

        byte[] bad = "{\"a\": \"xx\"}".getBytes(StandardCharsets.UTF_8);
        bad[8] = (byte) 0xC3; // a lead byte followed by an ASCII byte
        Files.write(file, bad);
        e = assertThrows(FileFormatException.class, () -> Json.read(file));
        assertEquals(file + ": not valid UTF-8: malformed byte sequence at byte offset 8", e.getMessage());

        Files.writeString(file, "[1]");
        e = assertThrows(FileFormatException.class, () -> Json.readObject(file));
        assertEquals(file + ": expected a JSON object, found an array", e.getMessage());
    }

    @Test
    void writeFileLeavesTheOldFileWhenTheValueCannotBeWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.json");
        Json.writeFile(file, Map.of("ok", true));
        assertThrows(JsonException.class, () -> Json.writeFile(file, Map.of("loss", Double.NaN)));
        assertEquals(Map.of("ok", true), Json.read(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void jsonLinesFormIsOneLinePerValue() {
        String line = Json.write(Map.of("text", "a\nb", "v", Arrays.asList(1, 2)));
        assertTrue(!line.contains("\n"), line);
    }

    enum Mode { FAST, CAREFUL }

    record Sample(double trainLoss, Double clipNorm, Mode mode, long steps) {
    }

    @Test
    void recordsRoundTripInSnakeCaseWithNaNAsNullAndBack(@TempDir Path dir) throws Exception {
        Sample s = new Sample(Double.NaN, null, Mode.CAREFUL, 7);
        String text = Json.write(s, false, Json.NonFinite.NULL);
        assertEquals("{\"train_loss\":null,\"clip_norm\":null,\"mode\":\"careful\",\"steps\":7}", text);
        Sample back = Json.parse(text, Sample.class);
        assertTrue(Double.isNaN(back.trainLoss()), "null reads back as NaN into a double");
        assertNull(back.clipNorm(), "and stays null in a Double: not set");
        assertEquals(Mode.CAREFUL, Json.parse("{\"mode\":\"CAREFUL\",\"newer_field\":1}", Sample.class).mode(),
                "enums in any case; unknown fields ignored");
        assertTrue(Double.isNaN(Json.parse("{}", Sample.class).trainLoss()), "a missing double is NaN");
        Path file = dir.resolve("summary.json");
        Files.writeString(file, "{\"train_loss\": \"low\"}");
        FileFormatException e = assertThrows(FileFormatException.class, () -> Json.read(file, Sample.class));
        assertTrue(e.getMessage().startsWith(file + ": invalid JSON: ") && e.getMessage().contains("(field \"train_loss\")"),
                e.getMessage());
    }
}
