package ldnn.nn;

import ldnn.tensor.Tensor;

/** Max or average pooling over k×k windows (stride defaults to k). */
public final class Pool2d extends Module {
    private final boolean max;
    private final int kernel, stride;

    private Pool2d(boolean max, int kernel, int stride) {
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("pooling: kernel and stride must be >= 1, got " + kernel + ", " + stride);
        }
        this.max = max;
        this.kernel = kernel;
        this.stride = stride;
    }

    /** Max pooling over k×k windows at stride k. */
    public static Pool2d max(int kernel) {
        return new Pool2d(true, kernel, kernel);
    }

    /** Max pooling over k×k windows at the given stride. */
    public static Pool2d max(int kernel, int stride) {
        return new Pool2d(true, kernel, stride);
    }

    /** Average pooling over k×k windows at stride k. */
    public static Pool2d avg(int kernel) {
        return new Pool2d(false, kernel, kernel);
    }

    /** Average pooling over k×k windows at the given stride. */
    public static Pool2d avg(int kernel, int stride) {
        return new Pool2d(false, kernel, stride);
    }

    @Override
    public Tensor forward(Tensor x) {
        return max ? x.maxPool2d(kernel, stride) : x.avgPool2d(kernel, stride);
    }

    /** True for max pooling, false for average pooling. */
    public boolean isMax() {
        return max;
    }

    /**
     * The window's height and width.
     *
     * @return the kernel size
     */
    public int kernel() {
        return kernel;
    }

    /**
     * The step between windows.
     *
     * @return the stride
     */
    public int stride() {
        return stride;
    }

    /** Output height/width for an input of the given size. */
    public int outSize(int size) {
        return (size - kernel) / stride + 1;
    }

    @Override
    public String spec() {
        return (max ? "pool(" : "avgpool(") + kernel + (stride != kernel ? ",stride=" + stride : "") + ")";
    }
}
