package ldnn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * JSON for every file ldnn reads and writes (configs, metrics logs, summaries, checkpoint state, the
 * safetensors header), through one configured Jackson mapper.
 *
 * <p>Reading is strict: comments, trailing commas, NaN literals, leading zeros, raw control characters,
 * duplicate keys and trailing text are errors with the line and column ({@link JsonException}). Untyped
 * reading gives {@code Map} (in document order), {@code List}, String, Long for integers (one beyond
 * long's range is an error), Double, Boolean and null. Typed reading ({@link #read(Path, Class)}, {@link #convert})
 * maps JSON names in snake_case onto record components in camelCase; unknown fields are ignored (a
 * newer file still reads) and a wrong type is an error naming the field. A null or missing value read
 * into a {@code double} is NaN (logs store "no value" as null); into a {@code Double} it stays null.
 *
 * <p>Writing: records as objects (snake_case names), enums as lower-case names, doubles as the shortest
 * decimal that reads back as the same double. NaN and infinities are not JSON: by default
 * ({@link NonFinite#ERROR}) they are an error naming the value's path, such as {@code $.history[3].loss};
 * {@link NonFinite#NULL} writes them as null (for logs that must record a diverged loss rather than fail).
 */
public final class Json {
    /** What the writer does with NaN and infinities, which JSON cannot represent. */
    public enum NonFinite {
        /** Fail with a {@link JsonException} naming the path of the value. */
        ERROR,
        /** Write null. */
        NULL
    }

    private static final JsonMapper STRICT = mapper(NonFinite.ERROR), NULLS = mapper(NonFinite.NULL);

    private Json() {
    }

    private static JsonMapper mapper(NonFinite nonFinite) {
        FiniteWriter finite = new FiniteWriter(nonFinite);
        SimpleModule numbers = new SimpleModule("ldnn-numbers");
        for (Class<?> c : List.of(Double.class, double.class, Float.class, float.class, double[].class, float[].class)) {
            @SuppressWarnings("unchecked")
            Class<Object> type = (Class<Object>) c;
            numbers.addSerializer(type, finite);
        }
        numbers.addDeserializer(double.class, new NullAsNaN()); // a boxed Double stays null: "not set"
        return JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.USE_LONG_FOR_INTS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .defaultPrettyPrinter(prettyPrinter())
                .addModule(numbers)
                .build();
    }

    /** Two-space indent, one member per line, "key": value; arrays on one line. */
    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultPrettyPrinter p = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                .withArrayElementSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator(""));
        p.indentObjectsWith(new DefaultIndenter("  ", "\n"));
        p.indentArraysWith(DefaultPrettyPrinter.NopIndenter.instance());
        return p;
    }

    // ------------------------------------------------------------------ untyped

    /** Parses one JSON value; throws {@link JsonException} with line and column on malformed text. */
    public static Object parse(String text) {
        return parse(text, Object.class);
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
        return read(file, Object.class);
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

    // ------------------------------------------------------------------ typed

    /** Parses text into a record or class; malformed text or a wrong type is a {@link JsonException}. */
    public static <T> T parse(String text, Class<T> type) {
        try {
            return STRICT.readValue(text, type);
        } catch (JacksonException e) {
            throw error(e);
        }
    }

    /**
     * Reads a UTF-8 JSON file into a record or class; malformed content or a wrong type gives a
     * {@link FileFormatException} naming the file (and the field).
     */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = decodeUtf8(file, "", bytes, 0, bytes.length);
        try {
            return parse(text, type);
        } catch (JsonException e) {
            throw new FileFormatException(file, "invalid JSON: " + e.getMessage(), e);
        }
    }

    /** A value (a Map, a JSON tree, a record) as another type, e.g. a map read from a file as a record. */
    public static <T> T convert(Object value, Class<T> type) {
        try {
            return NULLS.convertValue(value, type);
        } catch (JacksonException e) {
            throw error(e);
        } catch (IllegalArgumentException e) {
            throw e.getCause() instanceof JacksonException j ? error(j) : e;
        }
    }

    /** A value as a JSON tree (to reshape an older file before reading it as a record). */
    public static JsonNode tree(Object value) {
        return NULLS.valueToTree(value);
    }

    // ------------------------------------------------------------------ writing

    /** One line of compact JSON (no spaces, no line breaks): the form for JSON Lines. */
    public static String write(Object value) {
        return write(value, false, NonFinite.ERROR);
    }

    /** Indented by two spaces, one member per line; arrays stay on one line. */
    public static String writePretty(Object value) {
        return write(value, true, NonFinite.ERROR);
    }

    /**
     * The JSON of {@code value}, pretty-printed or on one line; {@code nonFinite} says whether NaN and infinities are
     * an error or written as null.
     */
    public static String write(Object value, boolean pretty, NonFinite nonFinite) {
        JsonMapper m = nonFinite == NonFinite.NULL ? NULLS : STRICT;
        try {
            return pretty ? m.writerWithDefaultPrettyPrinter().writeValueAsString(value) : m.writeValueAsString(value);
        } catch (JacksonException e) {
            throw e.getCause() instanceof JsonException j ? j : new JsonException("Json.write: " + e.getOriginalMessage());
        }
    }

    /** Writes value (pretty, with a final newline) to file atomically. */
    public static void writeFile(Path file, Object value) throws IOException {
        String text = writePretty(value) + "\n"; // serialize first: a bad value never touches the file
        AtomicFiles.writeString(file, text);
    }

    /** s as a JSON string literal, quotes included. */
    public static String quote(String s) {
        return write(s);
    }

    // ------------------------------------------------------------------ errors and helpers

    private static JsonException error(JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        String path = e.getPath().isEmpty() ? "" : " (field \"" + fieldPath(e) + "\")";
        String message = e.getOriginalMessage().lines().findFirst().orElse("") + path;
        if (at == null || at.getLineNr() < 0) {
            return new JsonException(message);
        }
        return new JsonException(message + " at line " + at.getLineNr() + ", column " + at.getColumnNr(), at.getLineNr(),
                at.getColumnNr());
    }

    /** "best_validation.loss", "history[3].lr". */
    private static String fieldPath(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
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

    /** "$.history[1].loss" for the value being written. */
    private static String writePath(JsonGenerator gen) {
        StringBuilder sb = new StringBuilder();
        boolean innermost = true;
        for (var c = gen.streamWriteContext(); c != null && !c.inRoot(); c = c.getParent(), innermost = false) {
            // in the innermost array the value is not written yet: its index is the count of entries so far
            String part = c.inArray() ? "[" + (innermost ? c.getEntryCount() : c.getCurrentIndex()) + "]"
                    : c.currentName() == null ? "" : c.currentName().matches("[A-Za-z_][A-Za-z0-9_]*")
                    ? "." + c.currentName() : "[" + quote(c.currentName()) + "]";
            sb.insert(0, part);
        }
        return "$" + sb;
    }

    private static void nonFinite(double v, NonFinite mode, JsonGenerator gen) {
        if (mode == NonFinite.NULL) {
            gen.writeNull();
            return;
        }
        throw new JsonException("Json.write: " + v + " is not a JSON number (write with Json.NonFinite.NULL to store it"
                + " as null) at " + writePath(gen));
    }

    /** Writes doubles and floats (alone or in primitive arrays), with NaN and infinities as the mode says. */
    private static final class FiniteWriter extends ValueSerializer<Object> {
        private final NonFinite mode;

        FiniteWriter(NonFinite mode) {
            this.mode = mode;
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializationContext ctxt) {
            switch (value) {
                case double[] a -> {
                    gen.writeStartArray(a, a.length);
                    for (double v : a) {
                        number(v, false, gen);
                    }
                    gen.writeEndArray();
                }
                case float[] a -> {
                    gen.writeStartArray(a, a.length);
                    for (float v : a) {
                        number(v, true, gen);
                    }
                    gen.writeEndArray();
                }
                case Float f -> number(f, true, gen);
                default -> number(((Number) value).doubleValue(), false, gen);
            }
        }

        /** A float is written as the shortest decimal that reads back as the same float (0.1f as 0.1). */
        private void number(double v, boolean isFloat, JsonGenerator gen) {
            if (!Double.isFinite(v)) {
                nonFinite(v, mode, gen);
            } else if (isFloat) {
                gen.writeNumber((float) v);
            } else {
                gen.writeNumber(v);
            }
        }
    }

    /** Reads a number as a double; null (and a missing value) as NaN, what the writer stores NaN as. */
    private static final class NullAsNaN extends ValueDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT || p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                return p.getDoubleValue();
            }
            return (Double) ctxt.handleUnexpectedToken(Double.class, p);
        }

        @Override
        public Double getNullValue(DeserializationContext ctxt) {
            return Double.NaN;
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return Double.NaN;
        }
    }
}
