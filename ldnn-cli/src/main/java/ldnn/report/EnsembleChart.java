package ldnn.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Optional;
import ldnn.train.Evaluation;
import ldnn.train.RunFiles;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Members vs the ensemble (recipe point 13): one pair of bars (validation, test) per member and one
 * for the ensemble, drawn darker. Error in percent when the run has errors, else loss.
 */
final class EnsembleChart {
    private EnsembleChart() {
    }

    static Optional<Charts.Plot> of(RunData d) {
        RunFiles.EnsembleResult e = d.ensemble();
        if (e == null || e.members() == null || e.members().isEmpty()) {
            return Optional.empty();
        }
        List<RunFiles.Training> members = e.members();
        RunFiles.EnsembleResult.Combined whole = e.ensemble();
        boolean errors = (whole != null && hasError(whole.validation(), whole.test()))
                || members.stream().anyMatch(m -> hasError(m.validation(), m.test()));
        String metric = errors ? "error" : "loss";
        double scale = errors ? 100 : 1;
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int i = 0; i < members.size(); i++) {
            add(data, members.get(i).validation(), members.get(i).test(), errors, scale, String.valueOf(i + 1));
        }
        if (whole != null) {
            add(data, whole.validation(), whole.test(), errors, scale, "ensemble");
        }
        if (data.getRowCount() == 0) {
            return Optional.empty();
        }
        String title = "Ensemble of " + members.size() + ": member vs ensemble " + metric;
        JFreeChart chart = ChartFactory.createBarChart(title, "member", errors ? "error rate (%)" : "loss", data,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot p = chart.getCategoryPlot();
        int last = data.getColumnCount() - 1;
        BarRenderer bars = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                Color c = (Color) super.getItemPaint(row, column);
                return column == last && "ensemble".equals(data.getColumnKey(column)) ? c.darker() : c;
            }
        };
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setItemMargin(0.05);
        for (int row = 0; row < data.getRowCount(); row++) {
            bars.setSeriesPaint(row, "test".equals(data.getRowKey(row)) ? ChartStyle.TEST : ChartStyle.VALIDATION);
        }
        if (data.getColumnCount() <= 11) {
            bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                    new DecimalFormat(errors ? "0.00" : "0.000")));
            bars.setDefaultItemLabelsVisible(true);
            bars.setDefaultItemLabelFont(ChartStyle.font(Font.PLAIN, 10));
        }
        p.setRenderer(bars);
        p.setBackgroundPaint(Color.WHITE);
        p.setRangeGridlinePaint(ChartStyle.GRID);
        p.setOutlinePaint(new Color(0xaaaaaa));
        NumberAxis y = (NumberAxis) p.getRangeAxis();
        y.setUpperMargin(0.12); // room for the value labels
        ChartStyle.axisFonts(y);
        CategoryAxis x = p.getDomainAxis();
        x.setTickLabelFont(ChartStyle.font(Font.PLAIN, 11));
        x.setLabelFont(ChartStyle.font(Font.PLAIN, 13));
        x.setMaximumCategoryLabelWidthRatio(3f); // "ensemble" in full, not "ense..."
        ChartStyle.style(chart);
        return Optional.of(new Charts.Plot("ensemble.png", title, "Each member's " + metric + " and the "
                + "ensemble's (averaged probabilities, darker bars). Averaging usually beats every member.", chart));
    }

    private static boolean hasError(Evaluation validation, RunFiles.TestResult test) {
        return (validation != null && Double.isFinite(validation.error())) || (test != null && Double.isFinite(test.error()));
    }

    private static void add(DefaultCategoryDataset data, Evaluation validation, RunFiles.TestResult test, boolean errors,
                            double scale, String column) {
        put(data, validation, errors, scale, "validation", column);
        put(data, test == null ? null : test.evaluation(), errors, scale, "test", column);
    }

    private static void put(DefaultCategoryDataset data, Evaluation e, boolean errors, double scale, String split,
                            String column) {
        double v = e == null ? Double.NaN : errors ? e.error() : e.loss();
        if (Double.isFinite(v)) {
            data.addValue(v * scale, split, column);
        }
    }
}
