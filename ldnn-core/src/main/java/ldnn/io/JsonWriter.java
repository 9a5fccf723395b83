package ldnn.io;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Writes Java values as JSON text; see {@link Json#write(Object, boolean, Json.NonFinite)} for the mapping. */
final class JsonWriter {
    private final StringBuilder out;
    private final boolean pretty;
    private final Json.NonFinite nonFinite;
    /** Keys (String) and indices (Integer) from the root to the value being written, for error messages. */
    private final List<Object> path = new ArrayList<>();

    JsonWriter(StringBuilder out, boolean pretty, Json.NonFinite nonFinite) {
        this.out = out;
        this.pretty = pretty;
        this.nonFinite = nonFinite;
    }

    void value(Object v) {
        if (path.size() > JsonParser.MAX_DEPTH) {
            throw error("nesting deeper than " + JsonParser.MAX_DEPTH + " levels (a value that contains itself?)");
        }
        switch (v) {
            case null -> out.append("null");
            case String s -> string(s);
            case Character c -> string(c.toString());
            case Boolean b -> out.append(b.booleanValue());
            case Double d -> number(d.doubleValue());
            case Float f -> number(f.floatValue());
            case Number n -> number(n);
            case Map<?, ?> m -> map(m);
            case Iterable<?> it -> iterable(it);
            case Object[] a -> iterable(Arrays.asList(a));
            case int[] a -> {
                begin('[');
                for (int i = 0; i < a.length; i++) {
                    item(i, true);
                    out.append(a[i]);
                }
                end(']', a.length, true);
            }
            case long[] a -> {
                begin('[');
                for (int i = 0; i < a.length; i++) {
                    item(i, true);
                    out.append(a[i]);
                }
                end(']', a.length, true);
            }
            case float[] a -> {
                begin('[');
                for (int i = 0; i < a.length; i++) {
                    item(i, true);
                    path.add(i);
                    number(a[i]);
                    path.removeLast();
                }
                end(']', a.length, true);
            }
            case double[] a -> {
                begin('[');
                for (int i = 0; i < a.length; i++) {
                    item(i, true);
                    path.add(i);
                    number(a[i]);
                    path.removeLast();
                }
                end(']', a.length, true);
            }
            case boolean[] a -> {
                begin('[');
                for (int i = 0; i < a.length; i++) {
                    item(i, true);
                    out.append(a[i]);
                }
                end(']', a.length, true);
            }
            case Enum<?> e -> string(e.name());
            case Record r -> record(r);
            default -> throw error("cannot write a " + v.getClass().getName()
                    + " (expected Map, List, String, Number, Boolean, null, a primitive array, a record or an enum)");
        }
    }

    private void map(Map<?, ?> m) {
        begin('{');
        int i = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw error("map key " + e.getKey() + " ("
                        + (e.getKey() == null ? "null" : e.getKey().getClass().getSimpleName()) + ") is not a String");
            }
            member(i++, key, e.getValue());
        }
        end('}', i, false);
    }

    private void record(Record r) {
        begin('{');
        RecordComponent[] components = r.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            Method accessor = components[i].getAccessor();
            Object v;
            try {
                accessor.setAccessible(true); // records declared private or in other packages
                v = accessor.invoke(r);
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                throw error("cannot read record component " + components[i].getName() + " of "
                        + r.getClass().getName() + ": " + e);
            }
            member(i, components[i].getName(), v);
        }
        end('}', components.length, false);
    }

    private void member(int i, String key, Object v) {
        item(i, false);
        string(key);
        out.append(pretty ? ": " : ":");
        path.add(key);
        value(v);
        path.removeLast();
    }

    private void iterable(Iterable<?> items) {
        List<Object> list = new ArrayList<>();
        items.forEach(list::add);
        boolean inline = list.stream().allMatch(JsonWriter::isScalar);
        begin('[');
        for (int i = 0; i < list.size(); i++) {
            item(i, inline);
            path.add(i);
            value(list.get(i));
            path.removeLast();
        }
        end(']', list.size(), inline);
    }

    private static boolean isScalar(Object v) {
        return v == null || v instanceof String || v instanceof Number || v instanceof Boolean
                || v instanceof Character || v instanceof Enum<?>;
    }

    private void begin(char open) {
        out.append(open);
    }

    /** Pretty output puts containers of containers one member per line and scalar arrays on one line. */
    private void end(char close, int count, boolean inline) {
        if (pretty && count > 0 && !inline) {
            out.append('\n').repeat("  ", path.size());
        }
        out.append(close);
    }

    /** The comma before item i and, when pretty, a space (inline) or a new indented line. */
    private void item(int i, boolean inline) {
        if (i > 0) {
            out.append(',');
        }
        if (pretty) {
            if (!inline) {
                out.append('\n').repeat("  ", path.size() + 1);
            } else if (i > 0) {
                out.append(' ');
            }
        }
    }

    private void number(double d) {
        if (Double.isFinite(d)) {
            out.append(d); // Double.toString: the shortest decimal that reads back as exactly d (JDK 19+)
        } else {
            nonFinite(d);
        }
    }

    private void number(float f) {
        if (Float.isFinite(f)) {
            out.append(f); // the shortest decimal that reads back (as a float) as exactly f
        } else {
            nonFinite(f);
        }
    }

    private void number(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger || n instanceof AtomicInteger || n instanceof AtomicLong) {
            out.append(n);
        } else if (n instanceof BigDecimal b) {
            out.append(b); // BigDecimal.toString is valid JSON: digits with an optional E+/-exponent
        } else {
            number(n.doubleValue());
        }
    }

    private void nonFinite(double d) {
        if (nonFinite == Json.NonFinite.NULL) {
            out.append("null");
        } else {
            throw error(d + " is not a JSON number (write with Json.NonFinite.NULL to store it as null)");
        }
    }

    private void string(String s) {
        Json.quote(s, out);
    }

    private JsonException error(String problem) {
        return new JsonException("Json.write: " + problem + " at " + pathString(path));
    }

    /** $.a.b[3]["odd key"] */
    static String pathString(List<Object> path) {
        StringBuilder sb = new StringBuilder("$");
        for (Object p : path) {
            if (p instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else if (((String) p).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                sb.append('.').append(p);
            } else {
                sb.append('[');
                Json.quote((String) p, sb);
                sb.append(']');
            }
        }
        return sb.toString();
    }
}
