package ldnn.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import ldnn.train.EpochRecord;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
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
 * The run's time-series plots, each built from the evaluation records (one point per evaluation) and
 * omitted when the run did not record what it shows.
 */
final class Charts {
    private Charts() {
    }

    /** A chart and where and how the page shows it. */
    record Plot(String file, String title, String caption, JFreeChart chart) {
    }

    static final double LN2 = Math.log(2);

    /** All plots this run has data for, in page order (the ensemble chart comes from EnsembleChart). */
    static List<Plot> all(RunData d) {
        List<Plot> plots = new ArrayList<>();
        loss(d).ifPresent(plots::add);
        error(d).ifPresent(plots::add);
        learningRate(d).ifPresent(plots::add);
        updateRatios(d).ifPresent(plots::add);
        gradientNorm(d).ifPresent(plots::add);
        EnsembleChart.of(d).ifPresent(plots::add);
        return plots;
    }

    private static String xLabel(RunData d) {
        return d.severalEvalsPerEpoch() ? "step" : "epoch";
    }

    private static double x(RunData d, EpochRecord r) {
        return d.severalEvalsPerEpoch() ? r.step() : r.epoch() + 1;
    }

    private static XYSeries series(RunData d, String name, ToDoubleFunction<EpochRecord> y, double scale) {
        XYSeries s = new XYSeries(name, false);
        for (EpochRecord r : d.evals) {
            double v = y.applyAsDouble(r);
            if (Double.isFinite(v)) {
                s.add(x(d, r), v * scale);
            }
        }
        return s;
    }

    private static XYPlot xyPlot(JFreeChart chart, RunData d, XYSeriesCollection data, boolean integerX) {
        XYPlot p = chart.getXYPlot();
        p.setDomainAxis(ChartStyle.xAxis(xLabel(d), integerX, data));
        return p;
    }

    /** A log axis when the values span more than {@code ratio}, else a linear one not forced to include 0. */
    private static ValueAxis yAxis(String label, XYSeriesCollection data, double ratio, double... alsoShow) {
        double[] r = ChartStyle.positiveRange(data);
        double lo = r[0], hi = r[1];
        for (double v : alsoShow) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        boolean allPositive = data.getRangeLowerBound(false) > 0;
        if (allPositive && hi / lo > ratio) {
            return ChartStyle.logAxis(label + " (log scale)", lo, hi);
        }
        NumberAxis a = new NumberAxis(label);
        a.setAutoRangeIncludesZero(false);
        a.setAutoRangeMinimumSize(Math.max(1e-12, Math.abs(hi) * 0.05));
        ChartStyle.axisFonts(a);
        return a;
    }

    static Optional<Plot> loss(RunData d) {
        XYSeriesCollection data = ChartStyle.collection(series(d, "training", EpochRecord::trainLoss, 1),
                series(d, "validation", EpochRecord::valLoss, 1));
        if (data.getSeriesCount() == 0) {
            return Optional.empty();
        }
        boolean text = d.isText();
        String title = "Loss per " + xLabel(d) + ": training vs validation";
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel(d), "loss", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot p = xyPlot(chart, d, data, true);
        p.setRenderer(ChartStyle.lines(color(data, 0), color(data, 1)));
        p.setRangeAxis(yAxis(text ? "loss (nats per character)" : "loss", data, 20));
        if (text) {
            // the same scale in bits: a second axis whose range is the first one's divided by ln 2
            Range nats = p.getRangeAxis().getRange();
            ValueAxis bits = p.getRangeAxis() instanceof LogAxis ? new ReadableLogAxis("bits per character")
                    : new NumberAxis("bits per character");
            bits.setRange(nats.getLowerBound() / LN2, nats.getUpperBound() / LN2);
            ChartStyle.axisFonts(bits);
            p.setRangeAxis(1, bits);
        }
        String caption = "Training loss is the mean over the steps since the previous evaluation (with dropout and "
                + "augmentation on); validation loss is measured at the evaluation."
                + (text ? " Text model: the right axis gives the same loss in bits per character (nats / ln 2)." : "");
        return Optional.of(new Plot("loss.png", title, caption, ChartStyle.style(chart)));
    }

    /** The series' color by name, so that validation stays orange even when training is missing. */
    private static Color color(XYSeriesCollection data, int i) {
        if (i >= data.getSeriesCount()) {
            return ChartStyle.TRAIN;
        }
        return "validation".equals(data.getSeriesKey(i)) ? ChartStyle.VALIDATION : ChartStyle.TRAIN;
    }

    static Optional<Plot> error(RunData d) {
        XYSeriesCollection data = ChartStyle.collection(series(d, "training", EpochRecord::trainError, 100),
                series(d, "validation", EpochRecord::valError, 100));
        if (data.getSeriesCount() == 0) {
            return Optional.empty();
        }
        String title = "Error rate per " + xLabel(d) + ": training vs validation";
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel(d), "error rate (%)", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot p = xyPlot(chart, d, data, true);
        p.setRenderer(ChartStyle.lines(color(data, 0), color(data, 1)));
        NumberAxis y = (NumberAxis) p.getRangeAxis();
        y.setAutoRangeIncludesZero(true);
        return Optional.of(new Plot("error.png", title, "Fraction of examples classified wrongly, in percent.",
                ChartStyle.style(chart)));
    }

    static Optional<Plot> learningRate(RunData d) {
        XYSeries lr = new XYSeries("learning rate at each evaluation", false);
        for (EpochRecord r : d.evals) {
            if (r.lr() > 0 && Double.isFinite(r.lr())) {
                lr.add(r.step(), r.lr());
            }
        }
        if (lr.isEmpty()) {
            return Optional.empty();
        }
        XYSeriesCollection data = ChartStyle.collection(lr);
        List<RunData.Note> changes = new ArrayList<>();
        for (RunData.Note n : d.events) {
            if (n.step() >= 0 && ("lr-schedule".equals(n.monitor()) || n.message().matches("(?s)LR \\S+ -> .*"))) {
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
        for (RunData.Note n : changes) {
            ValueMarker m = new ValueMarker(n.step(), ChartStyle.ALERT, dashed(1.5f));
            if (changes.size() <= 8) {
                ChartStyle.markerLabel(m, "LR change", ChartStyle.ALERT, RectangleAnchor.TOP_LEFT, TextAnchor.TOP_RIGHT);
            }
            p.addDomainMarker(m, Layer.BACKGROUND);
        }
        XYSeries span = new XYSeries("span", false); // the x axis covers the evaluations and the changes
        span.add(lr.getMinX(), 1);
        changes.forEach(n -> span.add(n.step(), 1));
        span.add(lr.getMaxX(), 1);
        p.setDomainAxis(ChartStyle.xAxis("step", true, ChartStyle.collection(span)));
        return Optional.of(new Plot("lr.png", title, "The learning rate in force at each evaluation; dashed red "
                + "lines mark the steps where the schedule changed it.", ChartStyle.style(chart)));
    }

    static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    }

    static Optional<Plot> updateRatios(RunData d) {
        TreeSet<String> names = new TreeSet<>(Charts::naturalOrder);
        d.evals.forEach(r -> names.addAll(r.updateRatios().keySet()));
        XYSeriesCollection data = new XYSeriesCollection();
        for (String name : names) {
            XYSeries s = new XYSeries(name, false);
            for (EpochRecord r : d.evals) {
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
            lines.setSeriesStroke(i, new BasicStroke(1.8f));
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
        return Optional.of(new Plot("update_ratio.png", title, "Size of each optimizer update relative to the weights "
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

    static Optional<Plot> gradientNorm(RunData d) {
        XYSeries norm = new XYSeries("gradient norm (last step before each evaluation)", false);
        XYSeries clippedAt = new XYSeries("clipping happened since the previous evaluation", false);
        long before = 0;
        for (EpochRecord r : d.evals) {
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
        long steps = (long) RunData.num(d.summary.get("steps"), d.evals.getLast().step());
        String title = threshold > 0
                ? String.format(Locale.ROOT, "Gradient norm: clipped in %d of %d steps", before, steps)
                : "Gradient norm (clipping off)";
        XYSeriesCollection data = ChartStyle.collection(norm, clippedAt);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "step", "global gradient norm", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot p = chart.getXYPlot();
        p.setDomainAxis(ChartStyle.xAxis("step", true, data));
        p.setRangeAxis(threshold > 0 ? yAxis("global gradient norm", data, 30, threshold)
                : yAxis("global gradient norm", data, 30));
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
            ChartStyle.markerLabel(m, "clipping threshold " + Html.number(threshold), ChartStyle.ALERT,
                    RectangleAnchor.TOP_LEFT, TextAnchor.BOTTOM_LEFT);
            p.addRangeMarker(m, Layer.BACKGROUND);
        }
        return Optional.of(new Plot("grad_norm.png", title, "Norm of all gradients together, before clipping, at the "
                + "last step before each evaluation. Red squares: evaluations since which some steps were clipped.",
                ChartStyle.style(chart)));
    }
}
