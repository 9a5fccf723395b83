package ldnn.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.Shape;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** One look for all plots: white background, light grid, readable fonts, a fixed palette. */
final class ChartStyle {
    private ChartStyle() {
    }

    static final int WIDTH = 900, HEIGHT = 360;
    static final Color TRAIN = new Color(0x1f77b4), VALIDATION = new Color(0xff7f0e), TEST = new Color(0x2ca02c),
            ALERT = new Color(0xd62728), GRID = new Color(0xdddddd);
    /** Enough distinct colors for the weight tensors of a typical net; they repeat after that. */
    static final Color[] PALETTE = {TRAIN, VALIDATION, TEST, ALERT, new Color(0x9467bd), new Color(0x8c564b),
        new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    private static final String FONT = Font.SANS_SERIF;

    static Font font(int style, int size) {
        return new Font(FONT, style, size);
    }

    /** Title, fonts, background, grid and legend of a chart made by ChartFactory. */
    static JFreeChart style(JFreeChart chart) {
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(6, 6, 6, 12));
        TextTitle title = chart.getTitle();
        if (title != null) {
            title.setFont(font(Font.BOLD, 16));
            title.setPaint(new Color(0x222222));
        }
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(font(Font.PLAIN, 12));
            chart.getLegend().setFrame(new org.jfree.chart.block.BlockBorder(Color.WHITE));
            chart.getLegend().setBackgroundPaint(Color.WHITE);
        }
        if (chart.getPlot() instanceof XYPlot p) {
            p.setBackgroundPaint(Color.WHITE);
            p.setDomainGridlinePaint(GRID);
            p.setRangeGridlinePaint(GRID);
            p.setOutlinePaint(new Color(0xaaaaaa));
            for (int i = 0; i < p.getRangeAxisCount(); i++) {
                if (p.getRangeAxis(i) != null) {
                    axisFonts(p.getRangeAxis(i));
                }
            }
            axisFonts(p.getDomainAxis());
        }
        return chart;
    }

    static void axisFonts(ValueAxis a) {
        a.setLabelFont(font(Font.PLAIN, 13));
        a.setTickLabelFont(font(Font.PLAIN, 11));
    }

    /** Lines with a small dot at every point, so that a single evaluation is still visible. */
    static XYLineAndShapeRenderer lines(Paint... paints) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < paints.length; i++) {
            r.setSeriesPaint(i, paints[i]);
            r.setSeriesStroke(i, new BasicStroke(2f));
            r.setSeriesShape(i, dot(5));
        }
        return r;
    }

    static Shape dot(double d) {
        return new Ellipse2D.Double(-d / 2, -d / 2, d, d);
    }

    static Shape square(double d) {
        return new Rectangle2D.Double(-d / 2, -d / 2, d, d);
    }

    /**
     * A log axis for values in [min, max]: over two decades or more it spans whole decades (the
     * landmarks of a ratio or a loss), otherwise it pads the data by a quarter on each side.
     */
    static LogAxis logAxis(String label, double min, double max) {
        LogAxis a = new ReadableLogAxis(label);
        if (max / min >= 100) {
            a.setRange(Math.pow(10, Math.floor(Math.log10(min) + 1e-9)), Math.pow(10, Math.ceil(Math.log10(max) - 1e-9)));
        } else {
            a.setRange(min / 1.25, max * 1.25);
        }
        return a;
    }

    /** A label on a marker line, in the marker's color, with no box behind it. */
    static void markerLabel(Marker m, String text, Color color, RectangleAnchor anchor, TextAnchor textAnchor) {
        m.setLabel(text);
        m.setLabelFont(font(Font.PLAIN, 12));
        m.setLabelPaint(color);
        m.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        m.setLabelAnchor(anchor);
        m.setLabelTextAnchor(textAnchor);
    }

    /** The x axis: whole epochs, or steps; a single point still gets a sensible span around it. */
    static NumberAxis xAxis(String label, boolean integers, XYSeriesCollection data) {
        NumberAxis a = new NumberAxis(label);
        if (integers) {
            a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        double lo = data.getDomainLowerBound(false), hi = data.getDomainUpperBound(false);
        if (Double.isFinite(lo) && Double.isFinite(hi)) {
            double pad = hi - lo > 0 ? (hi - lo) * 0.03 : Math.max(1, Math.abs(hi) * 0.1);
            a.setRange(lo - pad, hi + pad);
        }
        axisFonts(a);
        return a;
    }

    static XYSeriesCollection collection(XYSeries... series) {
        XYSeriesCollection c = new XYSeriesCollection();
        for (XYSeries s : series) {
            if (!s.isEmpty()) {
                c.addSeries(s);
            }
        }
        return c;
    }

    /** The smallest and largest positive finite y of a collection (for log axes); NaN if none. */
    static double[] positiveRange(XYSeriesCollection c) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < c.getSeriesCount(); s++) {
            for (int i = 0; i < c.getItemCount(s); i++) {
                double y = c.getYValue(s, i);
                if (y > 0 && Double.isFinite(y)) {
                    lo = Math.min(lo, y);
                    hi = Math.max(hi, y);
                }
            }
        }
        return lo > hi ? new double[] {Double.NaN, Double.NaN} : new double[] {lo, hi};
    }
}
