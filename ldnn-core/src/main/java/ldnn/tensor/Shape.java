package ldnn.tensor;

import java.util.Arrays;

/** Static helpers for shapes and strides (row-major, in elements). */
public final class Shape {
    private Shape() {
    }

    /**
     * The number of elements of a shape; a negative dimension or more than Integer.MAX_VALUE elements is a
     * ShapeException.
     */
    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new ShapeException("negative dimension in shape " + str(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new ShapeException("shape " + str(shape) + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /** Row-major strides of a shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return s;
    }

    /** The shape as text, e.g. "[128, 10]". */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Normalizes a possibly negative axis; the error names the op. */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.max(rank, 1)) {
            throw new ShapeException(op + ": axis " + axis + " is out of range for a tensor of rank " + rank
                    + " (expected " + (-Math.max(rank, 1)) + ".." + (Math.max(rank, 1) - 1) + ")");
        }
        return a;
    }

    /**
     * NumPy/PyTorch broadcasting: shapes are aligned at the trailing dimension; each pair of dimensions
     * must be equal or one of them 1.
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new ShapeException(op + ": shapes " + str(a) + " and " + str(b) + " cannot be broadcast: "
                        + "aligned from the last dimension, each pair must be equal or 1, but dimension "
                        + (i - rank) + " is " + da + " vs " + db);
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides for reading a tensor of shape/strides as if it had shape {@code target} (0 where broadcast). */
    public static int[] broadcastStrides(int[] shape, int[] strides, int[] target) {
        int[] s = new int[target.length];
        int shift = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            s[i + shift] = shape[i] == 1 && target[i + shift] != 1 ? 0 : strides[i];
        }
        return s;
    }

    /** Whether strides lay the shape out row-major without gaps (axes of size 1 may have any stride). */
    public static boolean isContiguous(int[] shape, int[] strides) {
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != acc) {
                return false;
            }
            acc *= shape[i];
        }
        return true;
    }

    /** A shape of the given dimensions (copied). */
    public static int[] of(int... dims) {
        return dims.clone();
    }

    /** Removes the axes flagged in {@code drop}. */
    static int[] without(int[] shape, boolean[] drop) {
        int n = 0;
        for (boolean d : drop) {
            if (!d) {
                n++;
            }
        }
        int[] out = new int[n];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (!drop[i]) {
                out[j++] = shape[i];
            }
        }
        return out;
    }
}
