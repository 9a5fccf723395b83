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

    Table(String title, String ldnnHeader, String peerHeader, String ratioHeader) {
        this.title = title;
        this.ldnnHeader = ldnnHeader;
        this.peerHeader = peerHeader;
        this.ratioHeader = ratioHeader;
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
        cells.add(new String[] {"case", ldnnHeader, peerHeader, ratioHeader + " (median)", "rounds", "target", ""});
        for (Row r : rows) {
            StringBuilder rounds = new StringBuilder();
            for (double x : r.rounds()) {
                rounds.append(rounds.isEmpty() ? "" : " ").append(f("%.2f", x));
            }
            cells.add(new String[] {r.name(), r.ldnn(), r.peer(), f("%.2f", r.median()), rounds.toString(),
                r.target() == null ? "" : r.target().text(), r.verdict()});
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

    private static String pad(String s, int n) {
        return s + " ".repeat(n - s.length());
    }
}
