package ldnn.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ldnn.train.EpochRecord;
import ldnn.train.Note;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The plots of what the recipe's monitors watch, against steps: the learning rate and its changes,
 * the update/weight ratio of each weight tensor against the recipe's band, the gradient norm
 * against the clipping threshold.
 */
final class MonitorCharts {
    private MonitorCharts() {
    }

    static Optional<Charts.Plot> learningRate(RunData d) {
        XYSeries lr = new XYSeries("learning rate", false);
        for (EpochRecord r : d.monitorPoints()) {
            if (r.lr() > 0 && Double.isFinite(r.lr())) {
                lr.add(r.step(), r.lr());
            }
        }
        if (lr.isEmpty()) {
            return Optional.empty();
        }
        XYSeriesCollection data = ChartStyle.collection(lr);
        List<Note> changes = new ArrayList<>();
        for (Note n : d.events) {
            if (n.step() >= 0 && "lr-schedule".equals(n.monitor())) {
                changes.add(n);
            }
        }
        String title = "Learning rate over steps" + (changes.isEmpty() ? "" : " (" + changes.size() + " change"
                + (changes.size() == 1 ? "" : "s") + ")");
        JFreeChart chart = ChartFactory.createXYLineChart(title, "step", "learning rate", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot p = chart.getXYPlot();
        double[] r = ChartStyle.positiveRange(data);
        p.setRangeAxis(ChartStyle.logAxis("learning rate (log scale)", r[0], r[1]));
        XYStepRenderer step = new XYStepRenderer();
        step.setSeriesPaint(0, ChartStyle.TRAIN);
        step.setSeriesStroke(0, new BasicStroke(2f));
        p.setRenderer(step);
        // XYStepRenderer draws no shapes: a second renderer marks the evaluations (and a lone point)
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        dots.setSeriesPaint(0, ChartStyle.TRAIN);
        dots.setSeriesShape(0, ChartStyle.dot(6));
        dots.setSeriesVisibleInLegend(0, false);
        p.setDataset(1, new XYSeriesCollection(lr)); // its own collection: the plot finds renderers by dataset
        p.setRenderer(1, dots);
        double lastLabelled = Double.NEGATIVE_INFINITY, minGap = (lr.getMaxX() - lr.getMinX()) * 0.12;
        for (Note n : changes) {
            ValueMarker m = new ValueMarker(n.step(), ChartStyle.ALERT, dashed(1.5f));
            if (n.step() - lastLabelled >= minGap) { // labels of changes close together would overlap
                Matcher to = NEW_LR.matcher(n.message());
                ChartStyle.markerLabel(m, to.find() ? "LR → " + to.group(1) : "LR change", ChartStyle.ALERT,
                        RectangleAnchor.TOP_LEFT, TextAnchor.TOP_RIGHT);
                lastLabelled = n.step();
            }
            p.addDomainMarker(m, Layer.BACKGROUND);
        }
        XYSeries span = new XYSeries("span", false); // the x axis covers the evaluations and the changes
        span.add(lr.getMinX(), 1);
        changes.forEach(n -> span.add(n.step(), 1));
        span.add(lr.getMaxX(), 1);
        p.setDomainAxis(ChartStyle.xAxis("step", true, ChartStyle.collection(span)));
        return Optional.of(new Charts.Plot("lr.png", title, "The learning rate in force at each evaluation; dashed red "
                + "lines mark the steps where the schedule changed it.", ChartStyle.style(chart)));
    }

    private static final Pattern NEW_LR = Pattern.compile("-> ?([0-9.eE+-]*[0-9])");

    static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    }

    static Optional<Charts.Plot> updateRatios(RunData d) {
        TreeSet<String> names = new TreeSet<>(MonitorCharts::naturalOrder);
        d.monitorPoints().forEach(r -> names.addAll(r.updateRatios().keySet()));
        XYSeriesCollection data = new XYSeriesCollection();
        for (String name : names) {
            XYSeries s = new XYSeries(name, false);
            for (EpochRecord r : d.monitorPoints()) {
                Double v = r.updateRatios().get(name);
                if (v != null && v > 0 && Double.isFinite(v)) {
                    s.add(r.step(), v);
                }
            }
            if (!s.isEmpty()) {
                data.addSeries(s);
            }
        }
        if (data.getSeriesCount() == 0) {
            return Optional.empty();
        }
        double[] band = d.ratioBand(), r = ChartStyle.positiveRange(data);
        String title = "Update/weight ratio per weight tensor";
        JFreeChart chart = ChartFactory.createXYLineChart(title, "step", "ratio", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot p = chart.getXYPlot();
        p.setDomainAxis(ChartStyle.xAxis("step", true, data));
        p.setRangeAxis(ChartStyle.logAxis("‖Δw‖ / ‖w‖ (log scale)", Math.min(r[0], band[0]), Math.max(r[1], band[1])));
        XYLineAndShapeRenderer lines = ChartStyle.lines(ChartStyle.PALETTE);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            lines.setSeriesPaint(i, ChartStyle.PALETTE[i % ChartStyle.PALETTE.length]);
            // past the palette, colors repeat: dashed lines tell those series apart
            lines.setSeriesStroke(i, i < ChartStyle.PALETTE.length ? new BasicStroke(1.8f) : dashed(1.8f));
            lines.setSeriesShape(i, ChartStyle.dot(4));
        }
        p.setRenderer(lines);
        // an opaque pale band: IntervalMarker's alpha would fade its label too
        IntervalMarker bandMarker = new IntervalMarker(band[0], band[1], BAND, new BasicStroke(0f), null, null, 1f);
        ChartStyle.markerLabel(bandMarker, String.format(Locale.ROOT, "recipe band %s – %s", sci(band[0]), sci(band[1])),
                DARK_GREEN, RectangleAnchor.TOP_RIGHT, TextAnchor.TOP_RIGHT);
        p.addRangeMarker(bandMarker, Layer.BACKGROUND);
        ValueMarker target = new ValueMarker(1e-3, DARK_GREEN, dashed(1.5f));
        ChartStyle.markerLabel(target, "target 1e-3", DARK_GREEN, RectangleAnchor.TOP_LEFT, TextAnchor.BOTTOM_LEFT);
        p.addRangeMarker(target, Layer.BACKGROUND);
        return Optional.of(new Charts.Plot("update_ratio.png", title, "Size of each optimizer update relative to the weights "
                + "(biases are not measured). The recipe wants about 1e-3 (dashed); the shaded band is where the "
                + "monitor stays quiet. Much higher means an unstable LR, much lower a slow one.", ChartStyle.style(chart)));
    }

    static final Color BAND = new Color(0xe4f3e4), DARK_GREEN = new Color(0x1b6e1b);

    /** 1e-4, 0.01 -> "1e-4", "1e-2". */
    static String sci(double v) {
        String[] parts = String.format(Locale.ROOT, "%.0e", v).split("e");
        return parts[0] + "e" + Integer.parseInt(parts[1]);
    }

    /** "layer.10.weight" after "layer.2.weight": numbers inside names compare as numbers. */
    static int naturalOrder(String a, String b) {
        String[] pa = a.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)"), pb = b.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
            int c = pa[i].matches("\\d{1,18}") && pb[i].matches("\\d{1,18}")
                    ? Long.compare(Long.parseLong(pa[i]), Long.parseLong(pb[i])) : pa[i].compareTo(pb[i]);
            if (c != 0) {
                return c;
            }
        }
        return pa.length != pb.length ? Integer.compare(pa.length, pb.length) : a.compareTo(b);
    }

    static Optional<Charts.Plot> gradientNorm(RunData d) {
        boolean sampled = !d.steps.isEmpty();
        XYSeries norm = new XYSeries(sampled ? "gradient norm (sampled steps)" : "gradient norm (last step before each evaluation)", false);
        XYSeries clippedAt = new XYSeries("clipping happened since the previous point", false);
        long before = 0;
        for (EpochRecord r : d.monitorPoints()) {
            if (r.gradNorm() > 0 && Double.isFinite(r.gradNorm())) {
                norm.add(r.step(), r.gradNorm());
                if (r.clipped() > before) {
                    clippedAt.add(r.step(), r.gradNorm());
                }
            }
            before = Math.max(before, r.clipped());
        }
        if (norm.isEmpty()) {
            return Optional.empty();
        }
        double threshold = d.clipThreshold();
        long steps = d.summary != null ? d.summary.steps() : d.evals.getLast().step();
        String title = threshold > 0
                ? String.format(Locale.ROOT, "Gradient norm: clipped in %d of %d steps", before, steps)
                : "Gradient norm (clipping off)";
        XYSeriesCollection data = ChartStyle.collection(norm, clippedAt);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "step", "global gradient norm", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot p = chart.getXYPlot();
        p.setDomainAxis(ChartStyle.xAxis("step", true, data));
        p.setRangeAxis(threshold > 0 ? Charts.yAxis("global gradient norm", data, 30, threshold)
                : Charts.yAxis("global gradient norm", data, 30));
        if (p.getRangeAxis() instanceof NumberAxis a && threshold > 0) {
            Range r = a.getRange();
            a.setRange(Math.min(r.getLowerBound(), threshold * 0.9), Math.max(r.getUpperBound(), threshold * 1.1));
        }
        XYLineAndShapeRenderer lines = ChartStyle.lines(ChartStyle.TRAIN, ChartStyle.ALERT);
        lines.setSeriesLinesVisible(1, false);
        lines.setSeriesShape(1, ChartStyle.square(8));
        p.setRenderer(lines);
        if (threshold > 0) {
            ValueMarker m = new ValueMarker(threshold, ChartStyle.ALERT, dashed(1.5f));
            // below the line: the threshold is often the top of the range, where a label above would be cut off
            ChartStyle.markerLabel(m, "clipping threshold " + Html.number(threshold), ChartStyle.ALERT,
                    RectangleAnchor.BOTTOM_LEFT, TextAnchor.TOP_LEFT);
            p.addRangeMarker(m, Layer.BACKGROUND);
        }
        return Optional.of(new Charts.Plot("grad_norm.png", title, "Norm of all gradients together, before clipping, at the "
                + "last step before each evaluation." + (clippedAt.isEmpty() ? ""
                : " Red squares: evaluations since which some steps were clipped."), ChartStyle.style(chart)));
    }
}
