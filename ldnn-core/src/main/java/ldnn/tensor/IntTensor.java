package ldnn.tensor;

import java.util.Arrays;

/** An integer tensor (contiguous, row-major) for class labels and indices. Never differentiated. */
public final class IntTensor {
    private final int[] data;
    private final int[] shape;

    /** Wraps {@code data} (no copy) in the given shape. */
    public IntTensor(int[] data, int... shape) {
        if (data.length != Shape.numel(shape)) {
            throw new ShapeException("IntTensor: " + data.length + " values cannot have shape " + Shape.str(shape));
        }
        this.data = data;
        this.shape = shape.clone();
    }

    /** A 1-d tensor of the given values (copied). */
    public static IntTensor of(int... values) {
        return new IntTensor(values.clone(), values.length);
    }

    /** The values in row-major order (the array itself, not a copy). */
    public int[] data() {
        return data;
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of axes. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public int numel() {
        return data.length;
    }

    /** The i-th value in row-major order. */
    public int get(int i) {
        return data[i];
    }

    /** The same values in another shape of the same size. */
    public IntTensor reshape(int... newShape) {
        return new IntTensor(data, newShape);
    }

    /** Entries [from, to) of a 1-d (or leading-axis) tensor, copied. */
    public IntTensor rows(int from, int to) {
        int row = shape.length == 0 ? 1 : data.length / Math.max(shape[0], 1);
        int[] s = shape.clone();
        s[0] = to - from;
        return new IntTensor(Arrays.copyOfRange(data, from * row, to * row), s);
    }

    /** Fraction of positions where this equals other. */
    public double accuracyAgainst(IntTensor other) {
        if (other.data.length != data.length) {
            throw new ShapeException("accuracy: " + data.length + " predictions vs " + other.data.length + " labels");
        }
        int ok = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == other.data[i]) {
                ok++;
            }
        }
        return data.length == 0 ? 0 : (double) ok / data.length;
    }

    @Override
    public String toString() {
        return "IntTensor" + Shape.str(shape) + " "
                + Arrays.toString(data.length <= 16 ? data : Arrays.copyOf(data, 16));
    }
}
