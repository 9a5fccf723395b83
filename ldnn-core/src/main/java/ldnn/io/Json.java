package ldnn.io;

import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A small, strict JSON reader and writer (RFC 8259) for configs, metrics logs, reports and the
 * safetensors header.
 *
 * <p>Reading gives {@code Map<String,Object>} (a LinkedHashMap in document order), {@code List<Object>},
 * String, Long (integers written without fraction or exponent that fit in a long), Double (every
 * other number, including integers beyond the range of long), Boolean and null. Strict: comments,
 * trailing commas, NaN, leading zeros, raw control characters in strings and duplicate keys are
 * errors that give the line and column and what was expected.
 *
 * <p>Writing accepts those types plus any Number, Character, Object[] and Iterable, int/long/float/
 * double/boolean arrays, records (as objects of their components, in declaration order) and enums
 * (as their name). Doubles are written as the shortest decimal that reads back as the same double
 * ({@code Double.toString}), so they round-trip exactly, -0.0 included; a double that is integral is
 * written with ".0" so it reads back as a Double, not a Long. Floats are written as the shortest
 * decimal that reads back as the same float (0.1f is written 0.1). NaN and infinities are not JSON:
 * by default ({@link NonFinite#ERROR}) they are an error naming the key path, such as
 * {@code $.history[3].loss}; {@link NonFinite#NULL} writes them as null instead (for logs that must
 * record a diverged loss rather than fail). Non-ASCII text is written as UTF-8 as is; control
 * characters and unpaired surrogates are written as \\u escapes.
 */
public final class Json {
    /** What the writer does with NaN and infinities, which JSON cannot represent. */
    public enum NonFinite {
        /** Fail with a {@link JsonException} naming the key path of the value. */
        ERROR,
        /** Write null. */
        NULL
    }

    private Json() {}

    /** Parses one JSON value; throws {@link JsonException} with line and column on malformed text. */
    public static Object parse(String text) {
        return JsonParser.parse(text);
    }

    /** Parses text that must hold a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object v = parse(text);
        if (!(v instanceof Map)) {
            throw new JsonException("expected a JSON object, found " + typeName(v), 1, 1);
        }
        return (Map<String, Object>) v;
    }

    /** Reads a UTF-8 JSON file; malformed content gives a {@link FileFormatException} naming the file. */
    public static Object read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = decodeUtf8(file, "", bytes, 0, bytes.length);
        try {
            return parse(text);
        } catch (JsonException e) {
            throw new FileFormatException(file, "invalid JSON: " + e.getMessage(), e);
        }
    }

    /** Reads a UTF-8 JSON file that must hold an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObject(Path file) throws IOException {
        Object v = read(file);
        if (!(v instanceof Map)) {
            throw new FileFormatException(file, "expected a JSON object, found " + typeName(v));
        }
        return (Map<String, Object>) v;
    }

    /** One line of compact JSON (no spaces, no line breaks): the form for JSON Lines. */
    public static String write(Object value) {
        return write(value, false, NonFinite.ERROR);
    }

    /** Indented by two spaces, one member per line; arrays of scalars stay on one line. */
    public static String writePretty(Object value) {
        return write(value, true, NonFinite.ERROR);
    }

    public static String write(Object value, boolean pretty, NonFinite nonFinite) {
        StringBuilder sb = new StringBuilder();
        new JsonWriter(sb, pretty, nonFinite).value(value);
        return sb.toString();
    }

    /** Writes value (pretty, with a final newline) to file atomically. */
    public static void writeFile(Path file, Object value) throws IOException {
        String text = writePretty(value) + "\n"; // serialize first: a bad value never touches the file
        AtomicFiles.writeString(file, text);
    }

    /** s as a JSON string literal, quotes included. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        quote(s, sb);
        return sb.toString();
    }

    static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || unpairedSurrogate(s, i)) {
                        // Unpaired surrogates cannot be encoded as UTF-8; the escape keeps them intact.
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean unpairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }

    /** Strict UTF-8 decoding: a malformed byte is an error giving its offset, never a silent U+FFFD. */
    static String decodeUtf8(Path file, String where, byte[] bytes, int from, int to) throws FileFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CharBuffer out = CharBuffer.allocate(to - from); // UTF-8 never decodes to more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new FileFormatException(file, where + "not valid UTF-8: malformed byte sequence at byte offset "
                    + (in.position() - from));
        }
        return out.flip().toString();
    }

    static String typeName(Object v) {
        return switch (v) {
            case null -> "null";
            case Map<?, ?> m -> "an object";
            case java.util.List<?> l -> "an array";
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case Number n -> "a number";
            default -> v.getClass().getSimpleName();
        };
    }
}
