package ldnn.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** One table of a result: a heading, column names and rows of cells (formatted as they are added). */
public final class Section {
    private final String heading;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    Section(String heading, String... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("section '" + heading + "': needs at least one column");
        }
        this.heading = heading;
        this.columns = List.of(columns);
    }

    /** Adds a row; numbers are formatted by {@link #cell}, anything else by toString. */
    public Section row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("section '" + heading + "': expected " + columns.size() + " cells "
                    + columns + ", got " + cells.length + " " + Arrays.toString(cells));
        }
        List<String> r = new ArrayList<>(cells.length);
        for (Object c : cells) {
            r.add(cell(c));
        }
        rows.add(Collections.unmodifiableList(r));
        return this;
    }

    /** Integers as they are, other numbers with 4 significant digits, NaN as "-". */
    static String cell(Object c) {
        if (c == null) {
            return "-";
        }
        if (c instanceof Integer || c instanceof Long) {
            return c.toString();
        }
        if (c instanceof Number n) {
            double v = n.doubleValue();
            if (Double.isNaN(v)) {
                return "-";
            }
            return String.format(Locale.ROOT, "%.4g", v);
        }
        return c.toString();
    }

    public String heading() {
        return heading;
    }

    public List<String> columns() {
        return columns;
    }

    public List<List<String>> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** The cells of one column, top to bottom. */
    public List<String> column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("section '" + heading + "' has no column '" + name + "'; columns: "
                    + columns);
        }
        List<String> out = new ArrayList<>();
        for (List<String> r : rows) {
            out.add(r.get(i));
        }
        return out;
    }

    /** Fixed-width text, columns padded to their widest cell. */
    String toText() {
        int[] w = new int[columns.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = columns.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(heading).append('\n');
        line(sb, columns, w);
        int total = Arrays.stream(w).sum() + 2 * (w.length - 1);
        sb.append("-".repeat(total)).append('\n');
        for (List<String> r : rows) {
            line(sb, r, w);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                l.append("  ");
            }
            l.append(cells.get(i)).append(" ".repeat(w[i] - cells.get(i).length()));
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    /** A GitHub-flavoured Markdown table under a bold heading. */
    String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("**").append(heading).append("**\n\n");
        sb.append("| ").append(String.join(" | ", escape(columns))).append(" |\n");
        sb.append("|").append("---|".repeat(columns.size())).append('\n');
        for (List<String> r : rows) {
            sb.append("| ").append(String.join(" | ", escape(r))).append(" |\n");
        }
        return sb.toString();
    }

    private static List<String> escape(List<String> cells) {
        return cells.stream().map(c -> c.replace("|", "\\|")).toList();
    }
}
