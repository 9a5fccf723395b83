package ldnn.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import ldnn.tensor.Shape;
import ldnn.tensor.Tensor;

/**
 * Examines training data (and the held-out sets) before training and says what to fix: NaN/Inf values,
 * constant dimensions, dimensions spanning orders of magnitude (log(1+x) first), unscaled inputs, label
 * imbalance, examples shared between training and held-out data, and the essay's counting rule
 * (a model with N parameters wants on the order of 4N-32N training cases).
 */
public final class DataDoctor {
    private static final int LISTED = 8;

    private DataDoctor() {}

    /**
     * Runs every check on the training set and the held-out sets and returns what they found.
     *
     * @param train          the training set
     * @param heldOut        validation and/or test sets (may be empty)
     * @param parameterCount the model's parameter count, or 0 when unknown (skips the counting rule)
     */
    public static DoctorReport examine(Dataset train, List<Dataset> heldOut, long parameterCount) {
        List<Finding> out = new ArrayList<>();
        if (train.size() == 0) {
            out.add(Finding.error("size", train.name() + " has no examples"));
            return new DoctorReport(out);
        }
        ColumnStats s = ColumnStats.of(train.x(), null);
        finite(train, s, out);
        for (Dataset h : heldOut) {
            if (!Arrays.equals(h.exampleShape(), train.exampleShape())) {
                out.add(Finding.error("shape", h.name() + " examples have shape " + Shape.str(h.exampleShape())
                        + " but " + train.name() + " examples " + Shape.str(train.exampleShape())));
            } else if (h.size() > 0) {
                finite(h, ColumnStats.of(h.x(), null), out);
                heldOutLabels(train, h, out);
            }
        }
        boolean image = train.x().rank() >= 3;
        constantAndScale(train, s, image, out);
        if (train.isClassification()) {
            labels(train, out);
        } else {
            targets(train, out);
        }
        DuplicateFinder.check(train, heldOut, out);
        if (parameterCount > 0) {
            out.add(countingRule(parameterCount, train.size()));
        }
        return new DoctorReport(out);
    }

    /** The counting rule (4N-32N training cases for N parameters) as a finding; cases may be characters for text. */
    public static Finding countingRule(long parameters, long trainingCases) {
        double perParam = (double) trainingCases / parameters;
        String head = "model has " + human(parameters) + " parameters; " + human(trainingCases) + " training cases is "
                + String.format(Locale.ROOT, "%.2g", perParam) + " per parameter";
        if (perParam >= 32) {
            return Finding.info("counting", head + ": at least 32 per parameter, so training and test error should stay"
                    + " close");
        }
        if (perParam >= 4) {
            return Finding.info("counting", head + ": within the essay's 4N-32N range; expect a modest train/test gap"
                    + " and watch the validation error");
        }
        return Finding.warning("counting", head + " (the counting rule wants 4N-32N = " + human(4 * parameters) + "-"
                + human(32 * parameters) + "): expect a large train/test gap unless you regularize (dropout,"
                + " augmentation) or shrink the model");
    }

    private static void finite(Dataset d, ColumnStats s, List<Finding> out) {
        if (s.nonFinite > 0) {
            out.add(Finding.error("finite", d.name() + ": " + s.nonFinite + " NaN/Inf input values, first at row "
                    + s.firstNonFiniteRow + ", " + position(d, s.firstNonFiniteCol) + ": fix or drop these rows"
                    + " (one NaN makes every loss NaN)"));
        }
        if (!d.isClassification()) {
            ColumnStats t = ColumnStats.of(d.targets(), null);
            if (t.nonFinite > 0) {
                out.add(Finding.error("finite", d.name() + ": " + t.nonFinite + " NaN/Inf targets, first at row "
                        + t.firstNonFiniteRow + ": fix or drop these rows"));
            }
        }
    }

    private static void constantAndScale(Dataset train, ColumnStats s, boolean image, List<Finding> out) {
        List<Integer> constant = new ArrayList<>();
        double minMean = Double.POSITIVE_INFINITY, maxMean = Double.NEGATIVE_INFINITY;
        double minStd = Double.POSITIVE_INFINITY, maxStd = 0;
        for (int j = 0; j < s.d; j++) {
            if (s.isConstant(j)) {
                constant.add(j);
                continue;
            }
            minMean = Math.min(minMean, s.mean[j]);
            maxMean = Math.max(maxMean, s.mean[j]);
            minStd = Math.min(minStd, s.std[j]);
            maxStd = Math.max(maxStd, s.std[j]);
        }
        if (constant.size() == s.d) {
            out.add(Finding.error("constant", "every input dimension of " + train.name() + " is constant: there is"
                    + " nothing to learn from"));
            return;
        }
        if (!constant.isEmpty()) {
            String what = constant.size() + " of " + s.d + " input dimensions are constant in " + train.name();
            out.add(image ? Finding.info("constant", what + " (e.g. image borders): standardization maps them to 0")
                    : Finding.warning("constant", what + " " + list(constant) + ": they carry no information; drop them"));
        }
        boolean[] log = s.needsLog(train.x());
        List<String> logCols = new ArrayList<>();
        for (int j = 0; j < s.d; j++) {
            if (log[j] && logCols.size() < LISTED) {
                logCols.add(position(train, j) + " (median |x| " + num(s.typicalAbs[j]) + ", max "
                        + num(Math.max(Math.abs(s.min[j]), Math.abs(s.max[j]))) + ")");
            }
        }
        int nLog = 0;
        for (boolean b : log) {
            nLog += b ? 1 : 0;
        }
        if (nLog > 0) {
            out.add(Finding.warning("log", nLog + " dimension(s) span orders of magnitude: " + String.join("; ", logCols)
                    + (nLog > LISTED ? "; ..." : "") + ": take log(1+x) first (the default Standardizer does)"));
        }
        if (maxMean > 1 || minMean < -1 || maxStd > 3 || minStd < 0.3) {
            out.add(Finding.warning("scale", "inputs are not standardized: means " + num(minMean) + ".." + num(maxMean)
                    + ", stds " + num(minStd) + ".." + num(maxStd) + "; standardize with training-split statistics"
                    + " (recipe point 2; the default preprocessing does)"));
        }
    }

    /** A held-out label the training classes do not have (a negative one, or beyond the last class). */
    private static void heldOutLabels(Dataset train, Dataset h, List<Finding> out) {
        if (!train.isClassification() || h.labels() == null) {
            return;
        }
        int k = train.numClasses();
        int[] y = h.labels().data();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= k) {
                out.add(Finding.error("labels", h.name() + ": label " + y[i] + " at row " + i + " is not one of the "
                        + k + " classes [0, " + k + ") of " + train.name()));
                return;
            }
        }
    }

    private static void labels(Dataset train, List<Finding> out) {
        int k = train.numClasses();
        long[] counts = new long[Math.max(k, 1)];
        for (int y : train.labels().data()) {
            if (y < 0 || y >= k) {
                out.add(Finding.error("labels", train.name() + ": label " + y + " outside the " + k + " classes [0, "
                        + k + ")"));
                return;
            }
            counts[y]++;
        }
        List<Integer> empty = new ArrayList<>();
        int big = -1, small = -1;
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                empty.add(c);
                continue;
            }
            big = big < 0 || counts[c] > counts[big] ? c : big;
            small = small < 0 || counts[c] < counts[small] ? c : small;
        }
        int present = k - empty.size();
        if (present <= 1) {
            out.add(Finding.error("labels", "every example of " + train.name() + " has the same label ("
                    + (big < 0 ? "none" : className(train, big)) + "): a classifier needs at least two classes to tell"
                    + " apart; is the label column the right one (--label)?"));
            return;
        }
        if (!empty.isEmpty()) {
            out.add(Finding.warning("labels", "classes " + list(empty) + " have no examples in " + train.name()
                    + ": the model cannot learn them" + (empty.size() > present
                    ? "; " + empty.size() + " of the " + k + " outputs are for labels that never occur (labels are"
                        + " class indices from 0: are these labels codes or IDs instead?)" : "")));
        }
        if (counts[big] == 1) {
            out.add(Finding.warning("labels", "every class of " + train.name() + " has a single example (" + present
                    + " classes): nothing can be learned about a class from one example; is the label column an ID"
                    + " (--label)?"));
        } else if ((double) train.size() / present < 2) {
            out.add(Finding.warning("labels", String.format(Locale.ROOT, "%s has %.1f examples per class (%d classes):"
                    + " most classes have one example, too few to learn them", train.name(),
                    (double) train.size() / present, present)));
        }
        double ratio = (double) counts[big] / counts[small];
        String range = "largest class " + className(train, big) + " has " + counts[big] + ", smallest "
                + className(train, small) + " has " + counts[small];
        if (ratio >= 10) {
            out.add(Finding.warning("labels", "label imbalance " + String.format(Locale.ROOT, "%.0f:1", ratio) + ": "
                    + range + "; accuracy will favour the big classes: reweight or resample, and report per-class"
                    + " accuracy"));
        } else {
            out.add(Finding.info("labels", (k - empty.size()) + " classes, " + (counts[big] == counts[small]
                    ? counts[big] + " examples each" : range) + (ratio >= 3 ? " (mild imbalance)" : " (balanced)")));
        }
    }

    private static void targets(Dataset train, List<Finding> out) {
        ColumnStats t = ColumnStats.of(train.targets(), null);
        for (int j = 0; j < t.d; j++) {
            if (Math.abs(t.mean[j]) > 10 * Math.max(t.std[j], 1e-12) || t.std[j] > 100) {
                out.add(Finding.warning("targets", "regression target " + j + " has mean " + num(t.mean[j]) + ", std "
                        + num(t.std[j]) + ": standardize the targets (and undo it on predictions)"));
                return;
            }
        }
    }

    /** "column 5", or "pixel (c, y, x)" for images. */
    private static String position(Dataset d, int flat) {
        int[] s = d.exampleShape();
        if (s.length == 3) {
            int plane = s[1] * s[2];
            return "pixel (c " + flat / plane + ", y " + (flat % plane) / s[2] + ", x " + flat % s[2] + ")";
        }
        return "column " + flat;
    }

    private static String className(Dataset d, int c) {
        return d.classNames().size() > c ? "'" + d.classNames().get(c) + "'" : String.valueOf(c);
    }

    private static String list(List<Integer> xs) {
        String s = xs.subList(0, Math.min(xs.size(), LISTED)).toString();
        return xs.size() > LISTED ? s.substring(0, s.length() - 1) + ", ...]" : s;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** Two significant digits with a unit: 3.3M, 60k, 850. */
    static String human(long v) {
        String[] units = {"", "k", "M", "G"};
        int u = 0;
        double x = v;
        while (x >= 1000 && u < units.length - 1) {
            x /= 1000;
            u++;
        }
        java.math.BigDecimal b = new java.math.BigDecimal(x).round(new java.math.MathContext(2)).stripTrailingZeros();
        return b.toPlainString() + units[u];
    }
}
