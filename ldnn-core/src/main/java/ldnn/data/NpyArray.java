package ldnn.data;

import java.util.Arrays;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Shape;
import ldnn.tensor.Tensor;

/**
 * One array read from a .npy file (or a .npz entry), in C order. Float dtypes (f4, f8) are held as
 * float32 values, integer and bool dtypes as ints; exactly one of floats/ints is non-null.
 *
 * @param source the file (and entry) it came from, for error messages
 * @param dtype  numpy's descr, e.g. "&lt;f4", "|u1"
 */
public record NpyArray(String source, String dtype, int[] shape, float[] floats, int[] ints) {

    /** Whether the values are integers (held in {@code ints}). */
    public boolean isInteger() {
        return ints != null;
    }

    /** The number of values. */
    public int numel() {
        return isInteger() ? ints.length : floats.length;
    }

    /** The values as a float tensor of the same shape (integers converted). */
    public Tensor toTensor() {
        if (!isInteger()) {
            return Tensor.of(floats, shape);
        }
        float[] f = new float[ints.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = ints[i];
        }
        return Tensor.of(f, shape);
    }

    /** The values as an IntTensor; a float array must hold whole numbers only. */
    public IntTensor toIntTensor() {
        if (isInteger()) {
            return new IntTensor(ints, shape);
        }
        int[] v = new int[floats.length];
        for (int i = 0; i < v.length; i++) {
            float f = floats[i];
            if (f != Math.rint(f) || Math.abs(f) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(source + ": element " + i + ": expected a whole number "
                        + "(integer labels), found " + f + " in a " + dtype + " array");
            }
            v[i] = (int) f;
        }
        return new IntTensor(v, shape);
    }

    @Override
    public String toString() {
        return source + " " + dtype + Shape.str(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a && dtype.equals(a.dtype) && Arrays.equals(shape, a.shape)
                && Arrays.equals(floats, a.floats) && Arrays.equals(ints, a.ints);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + dtype.hashCode();
    }
}
