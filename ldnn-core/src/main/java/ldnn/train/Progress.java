package ldnn.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Terminal progress: on a terminal a single line redrawn a few times a second (examples/s, loss, LR,
 * ETA); otherwise (logs, CI) one line per evaluation. Warnings and events always get their own line.
 */
final class Progress {
    private final PrintStream out;
    private final boolean live;
    private long lastDraw;
    private boolean dirty;

    private final boolean perCharacter;

    Progress(PrintStream out, boolean enabled) {
        this(out, enabled, false);
    }

    Progress(PrintStream out, boolean enabled, boolean perCharacter) {
        this.perCharacter = perCharacter;
        this.out = enabled ? out : null;
        this.live = enabled && System.console() != null && System.getenv("LDNN_NO_LIVE") == null;
    }

    private double lastValError = Double.NaN;

    void step(int epoch, int maxEpochs, long done, long total, double loss, double lr, double exPerSec) {
        if (out == null || !live) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 250_000_000L && done < total) {
            return;
        }
        lastDraw = now;
        int width = 24, filled = total == 0 ? 0 : (int) (width * done / total);
        String bar = "=".repeat(filled) + (filled < width ? ">" : "") + " ".repeat(Math.max(0, width - filled - 1));
        double eta = exPerSec > 0 ? (total - done) / exPerSec : 0;
        String val = Double.isNaN(lastValError) ? "" : String.format(Locale.ROOT, "  val err %.2f%%", 100 * lastValError);
        out.printf(Locale.ROOT, "\repoch %d/%d [%s] %3.0f%%  loss %.4f%s  lr %.3g  %,.0f ex/s  ETA %s   ", epoch + 1,
                maxEpochs, bar, total == 0 ? 0 : 100.0 * done / total, loss, val, lr, exPerSec, time(eta));
        out.flush();
        dirty = true;
    }

    void evaluation(EpochRecord r, boolean best) {
        lastValError = r.valError();
        if (out == null) {
            return;
        }
        clear();
        out.printf(Locale.ROOT, "epoch %3d  step %7d  train loss %.4f%s  val loss %.4f%s%s  lr %.3g  %,.0f ex/s  %s%s%n",
                r.epoch() + 1, r.step(), r.trainLoss(),
                Double.isNaN(r.trainError()) ? "" : String.format(Locale.ROOT, " err %5.2f%%", 100 * r.trainError()),
                r.valLoss(), perCharacter ? String.format(Locale.ROOT, " (%.3f bits/char)", r.valLoss() / Math.log(2)) : "",
                Double.isNaN(r.valError()) ? "" : String.format(Locale.ROOT, " err %5.2f%%", 100 * r.valError()),
                r.lr(), r.examplesPerSecond(), time(r.seconds()), best ? "  *" : "");
    }

    void line(String s) {
        if (out == null) {
            return;
        }
        clear();
        out.println(s);
    }

    private void clear() {
        if (dirty) {
            out.print("\r" + " ".repeat(110) + "\r");
            dirty = false;
        }
    }

    static String time(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
