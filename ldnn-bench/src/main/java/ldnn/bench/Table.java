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
        cells.add(notes ? new String[] {"case", ldnnHeader, peerHeader, ratioHeader + " (median)", "rounds", "target", "",
            noteHeader} : new String[] {"case", ldnnHeader, peerHeader, ratioHeader + " (median)", "rounds", "target", ""});
        for (Row r : rows) {
            StringBuilder rounds = new StringBuilder();
            for (double x : r.rounds()) {
                rounds.append(rounds.isEmpty() ? "" : " ").append(f("%.2f", x));
            }
            String[] c = {r.name(), r.ldnn(), r.peer(), f("%.2f", r.median()), rounds.toString(),
                r.target() == null ? "" : r.target().text(), r.verdict()};
            if (notes) {
                c = java.util.Arrays.copyOf(c, c.length + 1);
                c[c.length - 1] = r.note();
            }
            cells.add(c);
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
