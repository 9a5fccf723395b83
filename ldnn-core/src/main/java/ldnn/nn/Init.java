package ldnn.nn;

import java.util.Locale;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * Weight initialization (recipe point 7).
 * <ul>
 *   <li>{@code normal(0.02)}: the essay's lazy default, std 0.02 regardless of layer size.
 *   <li>{@code scaled(s)}: s/√fan_in · randn, for deep or unusual nets. ldnn's default is scaled(1),
 *       with the gain √2 applied in front of a ReLU (He et al.), which keeps activations at a constant
 *       scale through depth; 0.02·randn shrinks them layer by layer until a deep net cannot learn.
 * </ul>
 * The trainer's "never got off the ground" retry multiplies the scale ({@link #times}).
 */
public record Init(Kind kind, double value, double gain) {

    /** The two schemes. */
    public enum Kind {
        /** A fixed standard deviation, whatever the layer's size. */
        NORMAL,
        /** A standard deviation of scale·gain/√fan_in. */
        SCALED
    }

    /** Weights drawn from N(0, std²) whatever the layer's size (the essay's lazy default is 0.02). */
    public static Init normal(double std) {
        if (!(std > 0)) {
            throw new IllegalArgumentException("Init.normal: std must be > 0, got " + std);
        }
        return new Init(Kind.NORMAL, std, 1);
    }

    /**
     * Weights drawn from N(0, (scale·gain)²/fan_in), the gain being √2 in front of a ReLU (ldnn's default is scale 1).
     */
    public static Init scaled(double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("Init.scaled: scale must be > 0, got " + scale);
        }
        return new Init(Kind.SCALED, scale, 1);
    }

    /** ldnn's default: scaled(1) (√2 in front of ReLU). */
    public static Init defaults() {
        return scaled(1);
    }

    /** Parses "normal(0.02)" or "scaled(1)" (as written by {@link #toString()}). */
    public static Init parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("normal(") && t.endsWith(")")) {
                return normal(Double.parseDouble(t.substring(7, t.length() - 1)));
            }
            if (t.startsWith("scaled(") && t.endsWith(")")) {
                return scaled(Double.parseDouble(t.substring(7, t.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("init: expected normal(<std>) or scaled(<scale>), got '" + s + "'");
    }

    /** The same scheme with the given activation gain (used only by scaled). */
    public Init withGain(double g) {
        return new Init(kind, value, g);
    }

    /** The scheme with its magnitude multiplied (for the off-the-ground retry). */
    public Init times(double factor) {
        return new Init(kind, value * factor, gain);
    }

    /** Standard deviation for a weight with this fan-in. */
    public double std(int fanIn) {
        return kind == Kind.NORMAL ? value : value * gain / Math.sqrt(Math.max(1, fanIn));
    }

    /** A fresh weight tensor of the given shape. */
    public Tensor sample(Rng rng, int fanIn, int... shape) {
        Tensor t = Tensor.randn(rng, shape);
        float s = (float) std(fanIn);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] *= s;
        }
        return t;
    }

    @Override
    public String toString() {
        return (kind == Kind.NORMAL ? "normal(" : "scaled(") + fmt(value) + ")";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
