package ldnn.tensor;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A contiguous, row-major double-precision tensor for the reference path: every op has a plain,
 * obviously-correct forward on these, used by the gradient checker (numerical gradients in double
 * precision) and to validate the fast float kernels.
 */
public final class RefTensor {
    /** The values in row-major order. */
    public final double[] data;
    /** The shape. */
    public final int[] shape;

    /** Wraps {@code data} (no copy) in the given shape. */
    public RefTensor(double[] data, int... shape) {
        if (data.length != Shape.numel(shape)) {
            throw new ShapeException("RefTensor: " + data.length + " values for shape " + Shape.str(shape));
        }
        this.data = data;
        this.shape = shape.clone();
    }

    /** Zeros of the given shape. */
    public static RefTensor zeros(int... shape) {
        return new RefTensor(new double[Shape.numel(shape)], shape);
    }

    /** The logical values of a float tensor, widened to double. */
    public static RefTensor of(Tensor t) {
        float[] f = t.toArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return new RefTensor(d, t.shape());
    }

    /** The number of elements. */
    public int numel() {
        return data.length;
    }

    /** The number of axes. */
    public int rank() {
        return shape.length;
    }

    /** Row-major strides of the shape. */
    public int[] strides() {
        return Shape.contiguousStrides(shape);
    }

    /** {@code f} applied to every element. */
    public RefTensor map(DoubleUnaryOperator f) {
        double[] o = new double[data.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = f.applyAsDouble(data[i]);
        }
        return new RefTensor(o, shape);
    }

    /** The same values in another shape (shared storage). */
    public RefTensor reshape(int... newShape) {
        return new RefTensor(data, newShape);
    }

    /** Element at a multi-index of the broadcast target shape (dims of size 1 repeat). */
    public double atBroadcast(int[] index) {
        int off = 0, shift = index.length - shape.length;
        int[] st = strides();
        for (int i = 0; i < shape.length; i++) {
            int ix = shape[i] == 1 ? 0 : index[i + shift];
            off += ix * st[i];
        }
        return data[off];
    }

    /** {@code f} of the elements of a and b, broadcasting their shapes. */
    public static RefTensor zip(RefTensor a, RefTensor b, DoubleBinaryOperator f) {
        int[] out = Shape.broadcast("reference", a.shape, b.shape);
        double[] o = new double[Shape.numel(out)];
        int[] idx = new int[out.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = f.applyAsDouble(a.atBroadcast(idx), b.atBroadcast(idx));
            increment(idx, out);
        }
        return new RefTensor(o, out);
    }

    /** Advances a row-major multi-index; returns false after the last one. */
    public static boolean increment(int[] idx, int[] shape) {
        for (int d = shape.length - 1; d >= 0; d--) {
            if (++idx[d] < shape[d]) {
                return true;
            }
            idx[d] = 0;
        }
        return false;
    }

    /** The sum of all elements. */
    public double sum() {
        double s = 0;
        for (double v : data) {
            s += v;
        }
        return s;
    }

    /** Narrowed back to a float tensor. */
    public Tensor toTensor() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return Tensor.of(f, shape);
    }

    @Override
    public String toString() {
        return "RefTensor" + Arrays.toString(shape);
    }
}
