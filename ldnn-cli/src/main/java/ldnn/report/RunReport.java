package ldnn.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import ldnn.io.AtomicFiles;
import org.jfree.chart.ChartUtils;

/**
 * The run report: {@code report.html} and {@code plots/*.png} in a run folder, for a person who would
 * rather look than read logs. The page is self-contained (inline CSS, no scripts, no external URLs;
 * images by relative path), so it opens from disk and survives being copied with its folder.
 *
 * <p>What it reads is described, with the one reader of each file, in {@link ldnn.train.RunFiles}:
 * config.json (required), metrics.jsonl (optional: a torn last line from a killed run is left out and
 * mentioned on the page) and summary.json (optional: a killed run has none; the CLI adds the test
 * result and the ensemble's results to it). Any part may be missing; text models also show their losses
 * in bits per character (loss / ln 2).
 *
 * <p>Plots (900x360 PNG, each left out when the run has no data for it): loss.png, error.png, lr.png,
 * update_ratio.png, grad_norm.png, ensemble.png.
 */
public final class RunReport {
    static {
        // before any AWT class loads: charts are drawn off-screen, also on machines without a display
        System.setProperty("java.awt.headless", "true");
    }

    public static final String HTML = "report.html", PLOTS = "plots";

    private RunReport() {
    }

    /**
     * Writes runDir/plots/*.png and runDir/report.html, each atomically, and returns the page's path.
     *
     * @throws java.nio.file.NoSuchFileException when runDir or its config.json is missing (the message
     *         names both); other IOExceptions name the file that could not be read or written
     */
    public static Path write(Path runDir) throws IOException {
        RunData data = RunData.read(runDir);
        List<Charts.Plot> plots = Charts.all(data);
        Path plotDir = runDir.resolve(PLOTS);
        Files.createDirectories(plotDir);
        for (Charts.Plot p : plots) {
            try {
                AtomicFiles.write(plotDir.resolve(p.file()),
                        out -> ChartUtils.writeChartAsPNG(out, p.chart(), ChartStyle.WIDTH, ChartStyle.HEIGHT));
            } catch (IOException | RuntimeException | Error e) {
                if (missingFonts(e)) {
                    throw new IOException("cannot draw " + plotDir.resolve(p.file()) + ": Java found no usable font "
                            + "(on Debian: apt-get install fontconfig fonts-dejavu-core)", e);
                }
                throw e;
            }
        }
        Path html = runDir.resolve(HTML);
        AtomicFiles.writeString(html, HtmlPage.render(data, plots));
        return html;
    }

    /** A bare machine without fontconfig or fonts fails deep inside AWT's font code (an NPE or an Error). */
    private static boolean missingFonts(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("fontconfig") || m.contains("no fonts") || m.contains("libfreetype")) {
                return true;
            }
            for (StackTraceElement f : t.getStackTrace()) {
                if (f.getClassName().startsWith("sun.font.") || f.getClassName().startsWith("sun.awt.FontConfiguration")) {
                    return true;
                }
            }
        }
        return false;
    }
}
