package ldnn.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        Map<String, Object> e = d.ensemble();
        List<Object> members = RunData.list(e.get("members"));
        if (members.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> whole = RunData.map(e.get("ensemble"));
        boolean errors = hasError(whole) || members.stream().anyMatch(m -> hasError(RunData.map(m)));
        String metric = errors ? "error" : "loss";
        double scale = errors ? 100 : 1;
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int i = 0; i < members.size(); i++) {
            add(data, RunData.map(members.get(i)), metric, scale, String.valueOf(i + 1));
        }
        add(data, whole, metric, scale, "ensemble");
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

    private static boolean hasError(Map<String, Object> entry) {
        return RunData.map(entry.get("validation")).get("error") instanceof Number
                || RunData.map(entry.get("test")).get("error") instanceof Number;
    }

    private static void add(DefaultCategoryDataset data, Map<String, Object> entry, String metric, double scale,
                            String column) {
        for (String split : List.of("validation", "test")) {
            double v = RunData.num(RunData.map(entry.get(split)).get(metric), Double.NaN);
            if (Double.isFinite(v)) {
                data.addValue(v * scale, split, column);
            }
        }
    }
}
