package ldnn.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import ldnn.train.EpochRecord;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's plots, each built from the evaluation records (one point per evaluation) and omitted
 * when the run did not record what it shows. Here: the loss and error curves; {@link MonitorCharts}
 * has the LR, update-ratio and gradient-norm plots, {@link EnsembleChart} the members' bars.
 */
final class Charts {
    private Charts() {
    }

    /** A chart and where and how the page shows it. */
    record Plot(String file, String title, String caption, JFreeChart chart) {
    }

    static final double LN2 = Math.log(2);

    /** All plots this run has data for, in page order. */
    static List<Plot> all(RunData d) {
        List<Plot> plots = new ArrayList<>();
        loss(d).ifPresent(plots::add);
        error(d).ifPresent(plots::add);
        MonitorCharts.learningRate(d).ifPresent(plots::add);
        MonitorCharts.updateRatios(d).ifPresent(plots::add);
        MonitorCharts.gradientNorm(d).ifPresent(plots::add);
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
    static ValueAxis yAxis(String label, XYSeriesCollection data, double ratio, double... alsoShow) {
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
        if (!(hi > lo)) { // one value throughout (a loss of exactly 0 with a single class): a span around it
            double pad = Math.max(Math.abs(hi) * 0.1, 0.01);
            a.setRange(hi - pad, hi + pad);
        }
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
}
