package ldnn.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A vertical base-10 log axis whose labels a person can read at any span: over several decades
 * 10⁻³-style labels at the powers of ten; over a decade or two 1-2-5 steps written as plain
 * numbers (0.05, 0.1, 0.2); within a decade every 1..9 step. LogAxis alone labels narrow ranges with
 * fractional exponents (10^-1.3), which is what an LR that halves a few times needs most.
 */
final class ReadableLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;

    ReadableLogAxis(String label) {
        super(label);
        setBase(10);
        setSmallestValue(1e-300);
        setMinorTickMarksVisible(true);
        ChartStyle.axisFonts(this);
    }

    @Override
    @SuppressWarnings("rawtypes")
    protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        List<NumberTick> ticks = new ArrayList<>();
        double lo = getLowerBound(), hi = getUpperBound();
        if (!(lo > 0) || !(hi > lo)) {
            return ticks;
        }
        double decades = Math.log10(hi / lo);
        int[] labelled = decades <= 0.8 ? new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9}
                : decades <= 1.6 ? new int[] {1, 2, 3, 5} : decades <= 3 ? new int[] {1, 2, 5} : new int[] {1};
        int decadeStep = decades > 7 ? 2 : 1;
        TextAnchor anchor = edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT;
        for (int k = (int) Math.floor(Math.log10(lo)) - 1; k <= (int) Math.ceil(Math.log10(hi)); k++) {
            for (int m = 1; m <= 9; m++) {
                double v = m * Math.pow(10, k);
                if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9)) {
                    continue;
                }
                boolean major = contains(labelled, m) && (m != 1 || Math.floorMod(k, decadeStep) == 0);
                String text = !major ? "" : decades > 3 ? "10" + superscript(k) : plain(m, k);
                ticks.add(new NumberTick(major ? TickType.MAJOR : TickType.MINOR, v, text, anchor, anchor, 0));
            }
        }
        return ticks;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /** m·10^k without floating-point noise: "0.05", "200", "3e-06". */
    static String plain(int m, int k) {
        BigDecimal v = BigDecimal.valueOf(m).scaleByPowerOfTen(k);
        return k >= -4 && k <= 5 ? v.stripTrailingZeros().toPlainString() : m + "e" + (k < 0 ? "-" : "") + Math.abs(k);
    }

    static String superscript(int k) {
        String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder sb = new StringBuilder(k < 0 ? "⁻" : "");
        for (char c : String.valueOf(Math.abs(k)).toCharArray()) {
            sb.append(digits.charAt(c - '0'));
        }
        return sb.toString();
    }
}
