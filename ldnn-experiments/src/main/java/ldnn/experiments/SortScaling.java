package ldnn.experiments;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sorting experiment's two sweeps: depth at an equal parameter count, and the smallest width of
 * a two-hidden-layer net that sorts N numbers of N bits within a fixed example budget.
 */
final class SortScaling {
    private SortScaling() {
    }

    /** 1, 2 and 3 hidden layers with about as many parameters as the two-layer net of width {@code width2}. */
    static void depthAblation(ResultTable t, SortTask task, int width2, long budget, long evalEvery, int evalSize,
                              long seed, boolean withTarget, PrintStream progress) {
        long params = Mlp.parameters(task.width(), new int[] {width2, width2}, task.width());
        Section sec = t.section("Depth at equal parameter count (" + task.describe() + ", about " + params
                + " parameters, " + Fmt.count(budget) + " examples each)", "hidden layers", "net", "parameters",
                "examples seen", "seconds", "bits right", "positions right", "sequences right");
        for (int depth = 1; depth <= 3; depth++) {
            int[] hidden = Mlp.equalWidths(task.width(), task.width(), depth, params);
            SortTraining.Outcome o = SortTraining.train(task, hidden, budget, evalEvery, evalSize, 1e-3, seed, progress);
            sec.row(depth, Mlp.shape(task.width(), hidden, task.width()), o.parameters(), Fmt.count(o.examples()),
                    Fmt.secs(o.seconds()), Fmt.pct(o.test().bit()), Fmt.pct(o.test().slot()), Fmt.pct(o.test().exact()));
            t.metric("depth" + depth + ".slot", o.test().slot());
            t.metric("depth" + depth + ".exact", o.test().exact());
        }
        if (withTarget) {
            double one = t.metric("depth1.slot"), two = t.metric("depth2.slot");
            t.target("2 hidden layers beat 1 at equal parameter count (positions right)", Fmt.pct(two) + " vs "
                    + Fmt.pct(one), two > one);
        }
    }

    /**
     * For each N, the smallest width (a power of two from {@code minWidth} to {@code maxWidth}) at which
     * 60-W-W-60-style nets sort N numbers of N bits with >= 99% whole sequences right within the budget.
     * The search starts at the previous N's answer (the width needed does not shrink as N grows; after
     * an N with no answer, at the largest width) and walks down while smaller widths succeed, up while
     * they fail.
     */
    static void widthSearch(ResultTable t, int[] ns, int minWidth, int maxWidth, long budget, long evalEvery,
                            int evalSize, long seed, PrintStream progress) {
        Section sec = t.section("Smallest width that sorts N numbers of N bits (2 hidden layers, >= 99% of sequences, "
                + Fmt.count(budget) + " examples per try)", "N", "inputs", "smallest width", "parameters",
                "sequences right", "widths tried (sequences right)");
        int start = minWidth;
        for (int n : ns) {
            SortTask task = new SortTask(n, n);
            List<String> tried = new ArrayList<>();
            int found = -1;
            double foundExact = Double.NaN;
            int w = start;
            Boolean lastOk = null;
            while (w >= minWidth && w <= maxWidth) {
                SortTraining.Outcome o = SortTraining.train(task, new int[] {w, w}, budget, evalEvery, evalSize, 1e-3,
                        seed, progress);
                boolean ok = o.test().exact() >= 0.99;
                tried.add(String.format(Locale.ROOT, "%d (%s)", w, Fmt.pct(o.test().exact())));
                if (ok) {
                    found = w;
                    foundExact = o.test().exact();
                    if (Boolean.FALSE.equals(lastOk)) {
                        break; // the next smaller width already failed
                    }
                    w /= 2;
                } else {
                    if (Boolean.TRUE.equals(lastOk)) {
                        break; // the next larger width succeeded: it is the smallest
                    }
                    w *= 2;
                }
                lastOk = ok;
            }
            sec.row(n, n * n, found < 0 ? "none up to " + maxWidth : found,
                    found < 0 ? "-" : Mlp.parameters(n * n, new int[] {found, found}, n * n), Fmt.pct(foundExact),
                    String.join(", ", tried));
            t.metric("width.n" + n, found);
            // the width needed does not shrink as N grows: start the next N at this answer, or at the
            // largest width when none sufficed (smaller ones would only spend the budget failing)
            start = found > 0 ? found : maxWidth;
        }
    }
}
