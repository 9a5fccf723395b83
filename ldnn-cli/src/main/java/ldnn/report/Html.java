package ldnn.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import ldnn.io.Json;

/** Escaping and number formatting for the page: every piece of run text goes through {@link #esc}. */
final class Html {
    private Html() {
    }

    /** Text as HTML content or a quoted attribute value. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A JSON value as a person reads it: strings bare, numbers short, null as a dash, the rest as JSON. */
    static String value(Object v) {
        return switch (v) {
            case null -> "—";
            case String s -> s;
            case Double d -> number(d);
            case Map<?, ?> m when m.isEmpty() -> "—";
            case Number n -> n.toString();
            default -> Json.write(v, false, Json.NonFinite.NULL);
        };
    }

    /** Four significant digits, without exponent for ordinary magnitudes; NaN as a dash. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "—" : v > 0 ? "∞" : "-∞";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e6 ? stripZeros(String.format(Locale.ROOT, "%.4g", v))
                : String.format(Locale.ROOT, "%.3e", v);
    }

    private static String stripZeros(String s) {
        return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.2f%%", 100 * fraction) : "—";
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "—";
        }
        long s = Math.round(seconds);
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** An ISO-8601 instant as "2025-01-02 03:04:05 UTC"; anything else as it is. */
    static String time(Object v) {
        try {
            return TIME.format(Instant.parse(String.valueOf(v)));
        } catch (DateTimeParseException e) {
            return value(v);
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** A thousands-separated count, e.g. 1,234,567. */
    static String count(double n) {
        return Double.isFinite(n) ? String.format(Locale.ROOT, "%,d", (long) n) : "—";
    }
}
