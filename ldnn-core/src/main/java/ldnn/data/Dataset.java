package ldnn.data;

import java.util.Arrays;
import java.util.List;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Rng;
import ldnn.tensor.Shape;
import ldnn.tensor.ShapeException;
import ldnn.tensor.Tensor;

/**
 * An in-memory set of examples along axis 0: inputs x [n, ...] with class labels [n] or float targets
 * [n, ...]. Splitting and subsetting copy rows, so the pieces are independent.
 */
public final class Dataset {
    private final String name;
    private final Tensor x;
    private final IntTensor labels;
    private final Tensor targets;
    private final List<String> classNames;

    private Dataset(String name, Tensor x, IntTensor labels, Tensor targets, List<String> classNames) {
        this.name = name;
        this.x = x.contiguous();
        this.labels = labels;
        this.targets = targets == null ? null : targets.contiguous();
        this.classNames = classNames == null ? List.of() : List.copyOf(classNames);
        int n = x.size(0);
        if (labels != null && (labels.rank() != 1 || labels.numel() != n)) {
            throw new ShapeException(name + ": " + n + " examples but labels of shape " + Shape.str(labels.shape())
                    + " (expected [" + n + "])");
        }
        if (targets != null && targets.size(0) != n) {
            throw new ShapeException(name + ": " + n + " examples but targets of shape "
                    + Shape.str(targets.shape()) + " (expected [" + n + ", ...])");
        }
    }

    /** A classification set; class names may be empty (then classes are 0..k-1). */
    public static Dataset classification(String name, Tensor x, IntTensor labels, List<String> classNames) {
        return new Dataset(name, x, labels, null, classNames);
    }

    /** A set with float targets (regression, multi-output, bit outputs). */
    public static Dataset regression(String name, Tensor x, Tensor targets) {
        return new Dataset(name, x, null, targets, null);
    }

    /** The name used in messages, e.g. "iris.csv (train)". */
    public String name() {
        return name;
    }

    /** The number of examples. */
    public int size() {
        return x.size(0);
    }

    /** The inputs [n, ...]. */
    public Tensor x() {
        return x;
    }

    /** Class labels, or null for a regression set. */
    public IntTensor labels() {
        return labels;
    }

    /** Float targets, or null for a classification set. */
    public Tensor targets() {
        return targets;
    }

    /** True when the examples have class labels, false for float targets. */
    public boolean isClassification() {
        return labels != null;
    }

    /** The class names (may be empty when the data has none). */
    public List<String> classNames() {
        return classNames;
    }

    /** Number of classes: the class names' count, else 1 + the largest label. */
    public int numClasses() {
        if (!classNames.isEmpty()) {
            return classNames.size();
        }
        int max = -1;
        for (int v : labels.data()) {
            max = Math.max(max, v);
        }
        return max + 1;
    }

    /** Shape of one example (x's shape without the leading axis). */
    public int[] exampleShape() {
        int[] s = x.shape();
        return Arrays.copyOfRange(s, 1, s.length);
    }

    /** The rows at the given indices, copied, as a batch. */
    public Batch batch(int[] rows, int from, int to) {
        int b = to - from;
        Tensor bx = gatherRows(x, rows, from, to);
        if (labels != null) {
            int[] l = new int[b];
            for (int i = 0; i < b; i++) {
                l[i] = labels.data()[rows[from + i]];
            }
            return new Batch(bx, new IntTensor(l, b), null);
        }
        return new Batch(bx, null, gatherRows(targets, rows, from, to));
    }

    /** A new dataset of the given rows (copied). */
    public Dataset subset(String newName, int[] rows) {
        Batch b = batch(rows, 0, rows.length);
        return new Dataset(newName, b.x(), b.labels(), b.targets(), classNames);
    }

    /** Rows [from, to) in order. */
    public Dataset range(String newName, int from, int to) {
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return subset(newName, rows);
    }

    /**
     * Holds out a random fraction (seeded) as a second set: returns {rest, heldOut}. Used for the
     * automatic validation split (recipe point 1).
     */
    public Dataset[] split(double heldOutFraction, Rng rng) {
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("split: fraction must be in (0, 1), got " + heldOutFraction);
        }
        int n = size(), k = (int) Math.round(n * heldOutFraction);
        if (k == 0 || k == n) {
            throw new IllegalArgumentException(name + ": " + n + " examples are too few to hold out "
                    + heldOutFraction + " of them for validation");
        }
        int[] perm = rng.permutation(n);
        int[] held = Arrays.copyOf(perm, k), rest = Arrays.copyOfRange(perm, k, n);
        Arrays.sort(held);
        Arrays.sort(rest);
        return new Dataset[] {subset(name + " (train)", rest), subset(name + " (validation)", held)};
    }

    /** The same examples with x replaced (e.g. after preprocessing); x must keep the row count. */
    public Dataset withX(Tensor newX) {
        if (newX.size(0) != size()) {
            throw new ShapeException(name + ": withX needs " + size() + " rows, got " + newX.size(0));
        }
        return new Dataset(name, newX, labels, targets, classNames);
    }

    static Tensor gatherRows(Tensor t, int[] rows, int from, int to) {
        int[] s = t.shape();
        int row = s[0] == 0 ? 0 : t.numel() / s[0];
        float[] src = t.data();
        int off = t.offset();
        float[] out = new float[(to - from) * row];
        for (int i = from; i < to; i++) {
            System.arraycopy(src, off + rows[i] * row, out, (i - from) * row, row);
        }
        s[0] = to - from;
        return Tensor.of(out, s);
    }

    @Override
    public String toString() {
        return name + ": " + size() + " examples of shape " + Shape.str(exampleShape())
                + (labels != null ? ", " + numClasses() + " classes" : ", targets " + Shape.str(targets.shape()));
    }
}
