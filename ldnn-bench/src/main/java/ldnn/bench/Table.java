package ldnn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints result rows as an aligned Markdown table (pasteable into BENCHMARKS.md). */
final class Table {
    private final String title;
    private final String ldnnHeader;
    private final String peerHeader;
    private final String ratioHeader;
    private final List<Row> rows = new ArrayList<>();

    private String noteHeader = "";
    private List<String> extraHeaders = List.of();

    Table(String title, String ldnnHeader, String peerHeader, String ratioHeader) {
        this.title = title;
        this.ldnnHeader = ldnnHeader;
        this.peerHeader = peerHeader;
        this.ratioHeader = ratioHeader;
    }

    /** Names the note column (shown only when set). */
    Table noteHeader(String h) {
        this.noteHeader = h;
        return this;
    }

    /** Names extra columns after the note (each row gives their cells in {@link Row#extra}). */
    Table extraHeaders(String... headers) {
        this.extraHeaders = List.of(headers);
        return this;
    }

    void add(Row r) {
        rows.add(r);
    }

    List<Row> rows() {
        return rows;
    }

    static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }

    void print() {
        List<String[]> cells = new ArrayList<>();
        boolean notes = !noteHeader.isEmpty();
        List<String> head = new ArrayList<>(List.of("case", ldnnHeader, peerHeader, ratioHeader + " (median)", "rounds",
                "target", ""));
        if (notes) {
            head.add(noteHeader);
        }
        head.addAll(extraHeaders);
        cells.add(head.toArray(String[]::new));
        for (Row r : rows) {
            StringBuilder rounds = new StringBuilder();
            for (double x : r.rounds()) {
                rounds.append(rounds.isEmpty() ? "" : " ").append(f("%.2f", x));
            }
            List<String> c = new ArrayList<>(List.of(r.name(), r.ldnn(), r.peer(), f("%.2f", r.median()),
                    rounds.toString(), r.target() == null ? "" : r.target().text(), r.verdict()));
            if (notes) {
                c.add(r.note());
            }
            for (int i = 0; i < extraHeaders.size(); i++) {
                c.add(i < r.extra().size() ? r.extra().get(i) : "");
            }
            cells.add(c.toArray(String[]::new));
        }
        int[] w = new int[cells.get(0).length];
        for (String[] c : cells) {
            for (int i = 0; i < c.length; i++) {
                w[i] = Math.max(w[i], c[i].length());
            }
        }
        System.out.println();
        System.out.println("### " + title);
        System.out.println();
        for (int k = 0; k < cells.size(); k++) {
            StringBuilder sb = new StringBuilder("|");
            for (int i = 0; i < w.length; i++) {
                sb.append(' ').append(pad(cells.get(k)[i], w[i])).append(" |");
            }
            System.out.println(sb);
            if (k == 0) {
                StringBuilder sep = new StringBuilder("|");
                for (int x : w) {
                    sep.append('-').append("-".repeat(x)).append("-|");
                }
                System.out.println(sep);
            }
        }
        System.out.flush();
    }

    /** Bytes in decimal units: "850 B", "12.3 kB", "1.2 MB", "5.81 GB". */
    static String bytes(double b) {
        if (!Double.isFinite(b) || b < 0) {
            return "n/a";
        }
        if (b < 1e3) {
            return f("%.0f B", b);
        }
        if (b < 1e6) {
            return f("%.1f kB", b / 1e3);
        }
        if (b < 1e9) {
            return f(b < 1e8 ? "%.1f MB" : "%.0f MB", b / 1e6);
        }
        return f("%.2f GB", b / 1e9);
    }

    private static String pad(String s, int n) {
        return s + " ".repeat(n - s.length());
    }
}
