package ldnn.experiments;

import java.util.Locale;

/** Number formats shared by the tables. */
final class Fmt {
    private Fmt() {
    }

    /** A fraction as a percentage with two decimals: 0.9712 -> "97.12%". */
    static String pct(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    /** Scientific with two significant digits: "1.2e-03". */
    static String sci(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1e", v);
    }

    /** Four significant digits. */
    static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4g", v);
    }

    /** Shortest form: 0, 1, 2.5, 1e-05 (for names and keys). */
    static String compact(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(v, new java.math.MathContext(4)).stripTrailingZeros().toString();
    }

    /** Seconds with one decimal. */
    static String secs(double s) {
        return String.format(Locale.ROOT, "%.1f", s);
    }

    /** Large counts readably: 1200 -> "1.2k", 3400000 -> "3.4M". */
    static String count(long n) {
        if (n >= 10_000_000) {
            return String.format(Locale.ROOT, "%.0fM", n / 1e6);
        }
        if (n >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        }
        if (n >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", n / 1e3);
        }
        if (n >= 1_000) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        return Long.toString(n);
    }

    /** mean ± sd of values. */
    static String meanSd(double[] v, boolean asPct) {
        double m = 0;
        for (double x : v) {
            m += x;
        }
        m /= v.length;
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        s = v.length > 1 ? Math.sqrt(s / (v.length - 1)) : 0;
        return asPct ? String.format(Locale.ROOT, "%.2f ± %.2f%%", 100 * m, 100 * s)
                : String.format(Locale.ROOT, "%.4g ± %.2g", m, s);
    }
}
