package ldnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;

/** Log-axis labels a person can read, whatever the span. */
class ReadableLogAxisTest {
    @SuppressWarnings("unchecked")
    static List<String> labels(double lo, double hi) {
        ReadableLogAxis a = new ReadableLogAxis("y");
        a.setRange(lo, hi);
        List<NumberTick> ticks = a.refreshTicksVertical(null, null, RectangleEdge.LEFT);
        return ticks.stream().filter(t -> t.getTickType() == TickType.MAJOR).map(NumberTick::getText).toList();
    }

    @Test
    void withinADecadeEveryStepIsLabelledAsAPlainNumber() {
        assertEquals(List.of("0.04", "0.05", "0.06", "0.07", "0.08", "0.09", "0.1"), labels(0.035, 0.125));
    }

    @Test
    void overAFewDecadesOneTwoFiveSteps() {
        assertEquals(List.of("0.0001", "0.0002", "0.0005", "0.001", "0.002", "0.005", "0.01"), labels(1e-4, 1e-2));
    }

    @Test
    void overManyDecadesPowersOfTenWithSuperscriptExponents() {
        assertEquals(List.of("10⁻⁶", "10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"), labels(1e-6, 1));
        List<String> wide = labels(1e-12, 1e3);
        assertTrue(wide.contains("10⁻¹²") && wide.contains("10²") && !wide.contains("10⁻¹¹"), "every other decade: " + wide);
    }

    @Test
    void plainNumbersHaveNoFloatingPointNoise() {
        assertEquals("0.3", ReadableLogAxis.plain(3, -1));
        assertEquals("200", ReadableLogAxis.plain(2, 2));
        assertEquals("5e-7", ReadableLogAxis.plain(5, -7));
        assertEquals("1e6", ReadableLogAxis.plain(1, 6));
    }
}
