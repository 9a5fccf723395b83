package ldnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import ldnn.train.RunFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of synthetic run folders: which plots and sections appear, and that they are sound. */
class RunReportTest {
    static final List<String> TIME_SERIES = List.of("loss.png", "error.png", "lr.png", "update_ratio.png", "grad_norm.png");

    @Test
    void aClassificationRunGetsEveryTimeSeriesPlotAndAPageLinkingOnlyExistingFiles(@TempDir Path tmp) throws IOException {
        Path dir = SyntheticRun.classification(6).write(tmp.resolve("run"));
        Path html = RunReport.write(dir);
        assertEquals(dir.resolve("report.html"), html);
        for (String png : TIME_SERIES) {
            assertPlot(dir.resolve("plots").resolve(png));
        }
        assertFalse(Files.exists(dir.resolve("plots/ensemble.png")), "no ensemble chart for a single net");
        String page = Files.readString(html);
        assertLinksExist(page, dir);
        for (String row : List.of("validation set", "LR schedule", "gradient clipping", "LSTM forget-gate bias", "ensemble")) {
            assertTrue(page.contains("<td>" + row + "</td>"), "checklist row " + row);
        }
        assertTrue(page.contains("✔ applied") || page.contains("</span> applied"), "status applied");
        assertTrue(page.contains("</span> changed") && page.contains("</span> not used")
                && page.contains("</span> not applicable"), "the four statuses are named");
        assertTrue(page.contains("3.weight: update/weight ratio 9.0e-05 is below 1e-04"), "the warning is listed");
        assertEquals(1, count(page, "3.weight: update/weight ratio 9.0e-05"),
                "a warning both logged and in summary.json is listed once");
        assertTrue(page.contains("LR 0.100 -&gt; 0.0500"), "the LR event is listed (escaped)");
        assertTrue(page.contains("dense(64) relu dropout(0.2) dense(5)") && page.contains("1,029"), "model and size");
        assertTrue(page.contains("reached the maximum of 6 epochs"), "stop reason");
        assertTrue(page.contains("error 12.00%"), "test result");
        assertTrue(page.contains("code: 2.0"), "the override is shown with who set it");
        assertFalse(page.contains("<script") || page.contains("http://") || page.contains("https://"),
                "no scripts and no external resources");
    }

    @Test
    void theLossPlotDrawsBothCurvesAndTheRatioPlotShadesTheBand(@TempDir Path tmp) throws IOException {
        Path dir = SyntheticRun.classification(6).write(tmp.resolve("run"));
        RunReport.write(dir);
        BufferedImage loss = ImageIO.read(dir.resolve("plots/loss.png").toFile());
        assertTrue(pixelsNear(loss, ChartStyle.TRAIN.getRGB()) > 200, "training curve drawn");
        assertTrue(pixelsNear(loss, ChartStyle.VALIDATION.getRGB()) > 200, "validation curve drawn");
        BufferedImage ratios = ImageIO.read(dir.resolve("plots/update_ratio.png").toFile());
        // the band is 12% green over white: about (0xe4, 0xf3, 0xe4)
        assertTrue(pixelsNear(ratios, 0xe4f3e4) > 20_000, "the recipe band covers a good part of the plot");
        BufferedImage lr = ImageIO.read(dir.resolve("plots/lr.png").toFile());
        assertTrue(pixelsNear(lr, ChartStyle.ALERT.getRGB()) > 100, "the LR change is marked in red");
        BufferedImage noChange = ImageIO.read(writeAndGet(SyntheticRun.classification(3), tmp.resolve("short"), "lr.png"));
        assertEquals(0, pixelsNear(noChange, ChartStyle.ALERT.getRGB()), "no LR change, no red mark");
        BufferedImage grad = ImageIO.read(dir.resolve("plots/grad_norm.png").toFile());
        assertTrue(pixelsNear(grad, ChartStyle.ALERT.getRGB()) > 100, "clipping marks and threshold drawn in red");
    }

    @Test
    void runTextIsEscapedEverywhere(@TempDir Path tmp) throws IOException {
        SyntheticRun r = SyntheticRun.classification(3);
        String evil = "<script>alert('x')</script> & \"quoted\"";
        r.lines.add(SyntheticRun.note("warning", 30, 2, "<b>monitor</b>", evil));
        r.config.put("model_spec", "dense(8) <img src=x onerror=alert(1)>");
        r.summary.put("checklist", List.of(SyntheticRun.item(1, "validation <set>", "applied", evil)));
        r.summary.put("stop_reason", evil);
        Path dir = r.write(tmp.resolve("run"));
        String page = Files.readString(RunReport.write(dir));
        assertFalse(page.contains("<script>"), "no script tag gets through");
        assertFalse(page.contains("<img src=x"), "no injected image");
        assertFalse(page.contains("<b>monitor</b>"), "monitor name escaped");
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"), page);
        assertTrue(page.contains("<td>validation set</td>"), "a point's title comes from its number, not from the file");
    }

    @Test
    void aRegressionRunHasNoErrorPlot(@TempDir Path tmp) throws IOException {
        Path dir = SyntheticRun.classification(5).regression().write(tmp.resolve("run"));
        String page = Files.readString(RunReport.write(dir));
        assertFalse(Files.exists(dir.resolve("plots/error.png")));
        assertFalse(page.contains("error.png"));
        assertPlot(dir.resolve("plots/loss.png"));
        assertLinksExist(page, dir);
        assertFalse(page.contains("validation error</th>"), "no error columns");
    }

    @Test
    void aTextRunShowsLossesInNatsAndBits(@TempDir Path tmp) throws IOException {
        SyntheticRun r = SyntheticRun.classification(4);
        r.config.put("task", "text");
        r.summary.put("best_validation", Map.of("loss", 1.386294, "error", 0.4));
        Path dir = r.write(tmp.resolve("run"));
        String page = Files.readString(RunReport.write(dir));
        assertTrue(page.contains("loss 1.386 nats = 2.0000 bits per character"), "1.386 nats = 2 bits");
        assertTrue(page.contains("validation bits/char"), "the evaluation table has a bits column");
        assertPlot(dir.resolve("plots/loss.png"));

        SyntheticRun notText = SyntheticRun.classification(4);
        String other = Files.readString(RunReport.write(notText.write(tmp.resolve("other"))));
        assertFalse(other.contains("bits per character"), "only text runs speak of bits per character");
    }

    @Test
    void anEnsembleRunGetsTheMemberChartAndTable(@TempDir Path tmp) throws IOException {
        Path dir = SyntheticRun.classification(4).ensembleOf(5).write(tmp.resolve("run"));
        String page = Files.readString(RunReport.write(dir));
        assertPlot(dir.resolve("plots/ensemble.png"));
        assertTrue(page.contains("plots/ensemble.png"));
        assertTrue(page.contains("<th>member 5</th>") && page.contains("<th>ensemble</th>"));
        assertTrue(page.contains("9.50%"), "the ensemble's test error");
        assertTrue(page.contains("Ensemble of 5"), "the header gives the ensemble's result");
        BufferedImage bars = ImageIO.read(dir.resolve("plots/ensemble.png").toFile());
        assertTrue(pixelsNear(bars, ChartStyle.TEST.getRGB()) > 500, "test bars drawn");
        assertTrue(pixelsNear(bars, ChartStyle.VALIDATION.darker().getRGB()) > 100, "the ensemble's bars stand out");
        assertLinksExist(page, dir);
    }

    @Test
    void aOneEpochRunStillGetsVisiblePlots(@TempDir Path tmp) throws IOException {
        Path dir = SyntheticRun.classification(1).write(tmp.resolve("run"));
        String page = Files.readString(RunReport.write(dir));
        for (String png : TIME_SERIES) {
            assertPlot(dir.resolve("plots").resolve(png));
        }
        BufferedImage loss = ImageIO.read(dir.resolve("plots/loss.png").toFile());
        assertTrue(pixelsNear(loss, ChartStyle.VALIDATION.getRGB()) > 5, "the single validation point is drawn");
        assertTrue(page.contains("1 evaluation<"));
    }

    @Test
    void aKilledRunWithATornLineAndNoSummaryStillGetsAReport(@TempDir Path tmp) throws IOException {
        SyntheticRun r = SyntheticRun.classification(4);
        r.summary.clear();
        Path dir = r.write(tmp.resolve("run"));
        Files.writeString(dir.resolve(RunFiles.METRICS), "{\"type\":\"eval\",\"epoch\":4,\"st",
                java.nio.file.StandardOpenOption.APPEND);
        String page = Files.readString(RunReport.write(dir));
        assertTrue(page.contains("was cut off"), "the torn line is mentioned");
        assertTrue(page.contains("did not finish"), "no summary: the run did not finish");
        assertTrue(page.contains("4 evaluations"), "the complete lines are all there");
        assertTrue(page.contains("No checklist"));
        assertTrue(page.contains("<th>Best validation so far</th><td>loss 0.5, error 18.24% (epoch 4)</td>"),
                "the best logged evaluation stands in for the summary's");
        for (String png : TIME_SERIES) {
            assertPlot(dir.resolve("plots").resolve(png));
        }
    }

    @Test
    void minimalFilesWithoutOptionalFieldsGiveAReport(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(dir.resolve(RunFiles.CONFIG), "{}");
        Files.writeString(dir.resolve(RunFiles.METRICS), """
                {"type":"eval","epoch":0,"step":10,"val_loss":0.9}
                {"type":"eval","epoch":1,"step":20,"val_loss":0.7,"lr":null}
                {"type":"warning","message":"something odd"}
                {"type":"something new"}
                """);
        Files.writeString(dir.resolve(RunFiles.SUMMARY), "{\"stop_reason\":\"done\"}");
        String page = Files.readString(RunReport.write(dir));
        assertPlot(dir.resolve("plots/loss.png"));
        for (String absent : List.of("error.png", "lr.png", "update_ratio.png", "grad_norm.png")) {
            assertFalse(Files.exists(dir.resolve("plots").resolve(absent)), absent + " has no data");
        }
        assertTrue(page.contains("something odd") && page.contains("not evaluated"));
        assertLinksExist(page, dir);

        Files.delete(dir.resolve(RunFiles.METRICS));
        assertTrue(Files.readString(RunReport.write(dir)).contains("before its first evaluation"));
    }

    @Test
    void aMissingRunFolderOrConfigIsAClearError(@TempDir Path tmp) throws IOException {
        Path missing = tmp.resolve("no-such-run");
        IOException e = assertThrows(NoSuchFileException.class, () -> RunReport.write(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("config.json"), e.getMessage());
        assertFalse(Files.exists(missing), "nothing is created for a missing folder");

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        e = assertThrows(NoSuchFileException.class, () -> RunReport.write(empty));
        assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains("has no config.json"), e.getMessage());
        try (Stream<Path> s = Files.list(empty)) {
            assertEquals(0, s.count(), "no partial report");
        }
    }

    @Test
    void writingAgainReplacesTheReportAndLeavesNoTempFiles(@TempDir Path tmp) throws IOException {
        Path dir = SyntheticRun.classification(3).write(tmp.resolve("run"));
        RunReport.write(dir);
        RunReport.write(dir);
        try (Stream<Path> s = Files.walk(dir)) {
            List<String> temps = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
            assertEquals(List.of(), temps);
        }
    }

    // ---- helpers

    static java.io.File writeAndGet(SyntheticRun run, Path dir, String png) throws IOException {
        RunReport.write(run.write(dir));
        return dir.resolve("plots").resolve(png).toFile();
    }

    static void assertPlot(Path png) throws IOException {
        assertTrue(Files.exists(png), png + " exists");
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, png + " decodes as an image");
        assertEquals(ChartStyle.WIDTH, img.getWidth(), png + " width");
        assertEquals(ChartStyle.HEIGHT, img.getHeight(), png + " height");
        assertTrue(variance(img) > 0, png + " is not blank");
    }

    static double variance(BufferedImage img) {
        double sum = 0, sq = 0;
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                double v = ((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255);
                sum += v;
                sq += v * v;
                n++;
            }
        }
        double mean = sum / n;
        return sq / n - mean * mean;
    }

    /** Pixels within a small distance of a color (antialiasing blurs edges, not centers). */
    static int pixelsNear(BufferedImage img, int rgb) {
        int count = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int d = Math.abs(((p >> 16) & 255) - ((rgb >> 16) & 255)) + Math.abs(((p >> 8) & 255) - ((rgb >> 8) & 255))
                        + Math.abs((p & 255) - (rgb & 255));
                if (d <= 12) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Every src/href on the page is relative and names a file that exists. */
    static void assertLinksExist(String page, Path dir) {
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(page);
        List<String> links = new ArrayList<>();
        while (m.find()) {
            links.add(m.group(1));
        }
        assertFalse(links.isEmpty(), "the page shows some plots");
        for (String link : links) {
            assertFalse(link.contains(":") || link.startsWith("/"), "relative link " + link);
            assertTrue(Files.isRegularFile(dir.resolve(link)), "link target exists: " + link);
        }
    }

    static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
