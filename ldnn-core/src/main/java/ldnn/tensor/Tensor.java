package ldnn.tensor;

import java.util.Arrays;
import java.util.List;
import ldnn.autograd.Backward;
import ldnn.autograd.GradMode;
import ldnn.autograd.Node;

/**
 * A float32 N-d tensor: a view (offset, shape, strides) onto a plain {@code float[]}, owned by the
 * garbage collector. Ops with broadcasting, views that share storage, and a define-by-run autograd
 * tape: ops on tensors that require grad record a {@link Node}; {@link #backward()} fills {@link #grad()}.
 *
 * <p>Every method here is a thin front for an op defined (forward, backward and double-precision
 * reference together) in one of the op family classes: {@link Pointwise}, {@link Reductions},
 * {@link Views}, {@link Linalg}, {@link NnOps}.
 */
public final class Tensor {
    final float[] data;
    final int offset;
    final int[] shape;
    final int[] strides;
    final int size;

    private boolean requiresGrad;
    private boolean retainGrad;
    private Tensor grad;
    /** The gradient's array, kept across {@link #clearGrad()} so each step's gradient lands in the same memory. */
    private float[] gradStore;
    private Node gradFn;
    private String name;

    /** A contiguous tensor over data (no copy). */
    Tensor(float[] data, int[] shape) {
        this(data, 0, shape, Shape.contiguousStrides(shape));
    }

    Tensor(float[] data, int offset, int[] shape, int[] strides) {
        this.data = data;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
        this.size = Shape.numel(shape);
    }

    // ------------------------------------------------------------------ creation

    /** Wraps data (no copy) as a contiguous tensor of the given shape. */
    public static Tensor of(float[] data, int... shape) {
        if (data.length != Shape.numel(shape)) {
            throw new ShapeException("Tensor.of: " + data.length + " values cannot have shape " + Shape.str(shape)
                    + " (" + Shape.numel(shape) + " elements)");
        }
        return new Tensor(data, shape.clone());
    }

    /** A 1-d tensor of the given values (copied). */
    public static Tensor vector(float... values) {
        return new Tensor(values.clone(), new int[] {values.length});
    }

    /** A 2-d tensor from rows (copied); all rows must have the same length. */
    public static Tensor matrix(float[][] rows) {
        int n = rows.length, m = n == 0 ? 0 : rows[0].length;
        float[] d = new float[n * m];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != m) {
                throw new ShapeException("Tensor.matrix: row " + i + " has " + rows[i].length + " values, expected " + m);
            }
            System.arraycopy(rows[i], 0, d, i * m, m);
        }
        return new Tensor(d, new int[] {n, m});
    }

    /** A rank-0 tensor holding one value. */
    public static Tensor scalar(float v) {
        return new Tensor(new float[] {v}, new int[0]);
    }

    /** Zeros of the given shape. */
    public static Tensor zeros(int... shape) {
        return new Tensor(new float[Shape.numel(shape)], shape.clone());
    }

    /** Zeros in memory from the active workspace, if any (for ops' outputs; never handed to users directly). */
    static Tensor workspaceZeros(int... shape) {
        return new Tensor(ldnn.backend.Workspace.floats(Shape.numel(shape)), shape.clone());
    }

    /** Ones of the given shape. */
    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** A tensor of the given shape with every element {@code value}. */
    public static Tensor full(float value, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        Arrays.fill(d, value);
        return new Tensor(d, shape.clone());
    }

    /** Standard normal values. */
    public static Tensor randn(Rng rng, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rng.nextGaussian();
        }
        return new Tensor(d, shape.clone());
    }

    /** Uniform values in [0, 1). */
    public static Tensor rand(Rng rng, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextFloat();
        }
        return new Tensor(d, shape.clone());
    }

    /** 0, 1, ..., n-1. */
    public static Tensor arange(int n) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = i;
        }
        return new Tensor(d, new int[] {n});
    }

    // ------------------------------------------------------------------ metadata and values

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of one axis (negative axes count from the end). */
    public int size(int axis) {
        return shape[Shape.axis("size", axis, shape.length)];
    }

    /** The number of axes. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public int numel() {
        return size;
    }

    /** The backing storage (shared with views). Index it through {@link #offset()} and {@link #strides()}. */
    public float[] data() {
        return data;
    }

    /** Where the first element sits in {@link #data()}. */
    public int offset() {
        return offset;
    }

    /** The step in {@link #data()} per axis (a copy). */
    public int[] strides() {
        return strides.clone();
    }

    /** Whether the elements lie in row-major order without gaps (the offset may be non-zero). */
    public boolean isContiguous() {
        return Shape.isContiguous(shape, strides);
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (size != 1) {
            throw new ShapeException("item: expected a tensor with one element, got shape " + Shape.str(shape));
        }
        return data[offset];
    }

    /** One element, by its index on every axis. */
    public float get(int... index) {
        return data[flatIndex("get", index)];
    }

    /** Writes one element of the storage (not recorded by autograd). */
    public void set(float value, int... index) {
        data[flatIndex("set", index)] = value;
    }

    private int flatIndex(String op, int[] index) {
        if (index.length != shape.length) {
            throw new ShapeException(op + ": " + index.length + " indices for a tensor of rank " + shape.length);
        }
        int off = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException(op + ": index " + index[i] + " out of range for axis " + i
                        + " of size " + shape[i]);
            }
            off += index[i] * strides[i];
        }
        return off;
    }

    /** A row-major copy of the logical elements. */
    public float[] toArray() {
        if (isContiguous()) {
            return Arrays.copyOfRange(data, offset, offset + size);
        }
        float[] out = new float[size]; // never from a workspace: the copy belongs to the caller
        Elementwise.copy(this, out, 0, shape, Shape.contiguousStrides(shape));
        return out;
    }

    // ------------------------------------------------------------------ autograd

    /** True for leaves marked with {@code requiresGrad(true)} and for every result computed from one. */
    public boolean requiresGrad() {
        return requiresGrad || gradFn != null;
    }

    /** Marks a leaf (a parameter) as needing gradients. Returns this. */
    public Tensor requiresGrad(boolean on) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad: only leaves can be marked; this tensor was computed by "
                    + gradFn + " (use detach() for a constant copy)");
        }
        this.requiresGrad = on;
        return this;
    }

    /** Keeps this non-leaf tensor's gradient in {@link #grad()} after backward (for monitoring). */
    public Tensor retainGrad() {
        this.retainGrad = true;
        return this;
    }

    /** Whether {@link #retainGrad()} was called. */
    public boolean retainsGrad() {
        return retainGrad;
    }

    /** The accumulated gradient, or null before any backward (and after {@link #zeroGrad()}). */
    public Tensor grad() {
        return grad;
    }

    /** Drops the gradient and its memory (the next backward allocates a new one, as PyTorch's set_to_none). */
    public void zeroGrad() {
        grad = null;
        gradStore = null;
    }

    /**
     * Forgets the gradient but keeps its array: the next backward writes its gradient into the same
     * memory (the trainer does this every step, so a parameter's gradient lives as long as the parameter).
     * A {@link #grad()} tensor obtained before this call is overwritten by the next backward; copy it to keep it.
     */
    public void clearGrad() {
        if (grad != null && grad.data == gradStore) {
            grad = null;
        } else {
            zeroGrad();
        }
    }

    /** Replaces the gradient (used by optimizers' clipping and by tests). */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new ShapeException("setGrad: gradient shape " + Shape.str(g.shape) + " != tensor shape "
                    + Shape.str(shape));
        }
        grad = g;
    }

    /** Adds g to the gradient; the first time, the gradient becomes a private contiguous copy. Internal. */
    public void accumulateGrad(Tensor g) {
        accumulateGrad(g, false);
    }

    /**
     * Adds g to the gradient. With {@code adopt} (the caller guarantees that nothing else holds g's
     * storage) a first gradient that fills its whole array is kept as it is instead of copied. Internal.
     */
    public void accumulateGrad(Tensor g, boolean adopt) {
        if (grad == null) {
            boolean whole = g.isContiguous() && g.offset == 0 && g.data.length == size;
            if (gradStore != null && gradStore.length == size) {
                // the gradient's own memory from the last step: copy into it
                Elementwise.copy(g, gradStore, 0, shape, Shape.contiguousStrides(shape));
                grad = new Tensor(gradStore, shape.clone());
            } else if (adopt && whole && ldnn.backend.Workspace.active() == null) {
                // (never adopt an array lent by a workspace: it goes back to the workspace at the next step)
                grad = new Tensor(g.data, shape.clone());
                gradStore = g.data;
            } else {
                grad = new Tensor(g.toArray(), shape.clone());
                gradStore = grad.data;
            }
        } else {
            float[] gd = g.isContiguous() ? g.data : Elementwise.contiguousData(g);
            int go = g.isContiguous() ? g.offset : 0;
            ldnn.backend.Vec.add(grad.data, grad.offset, gd, go, grad.data, grad.offset, size);
        }
    }

    /**
     * For a kernel that writes a leaf's gradient itself (a weight-gradient GEMM with beta = 1): the
     * contiguous array of this leaf's shape to write into, and whether it already holds a gradient to
     * add to ({@link #gradHeld()}). Call {@link #gradWritten()} after writing. Null when this tensor's
     * gradient cannot be written in place (not a contiguous leaf, or a gradient set from outside that
     * is not contiguous): then return the gradient to the engine as usual. Internal.
     */
    float[] gradTarget() {
        if (gradFn != null || !requiresGrad || retainGrad || offset != 0 || !isContiguous()) {
            return null;
        }
        if (grad != null) {
            return grad.isContiguous() && grad.offset == 0 && grad.data.length == size ? grad.data : null;
        }
        if (gradStore == null || gradStore.length != size) {
            gradStore = new float[size];
        }
        return gradStore;
    }

    /** Whether {@link #gradTarget()}'s array holds a gradient already (add to it) or not (overwrite it). */
    boolean gradHeld() {
        return grad != null;
    }

    /** Marks the array from {@link #gradTarget()} as holding this leaf's gradient. */
    void gradWritten() {
        if (grad == null) {
            grad = new Tensor(gradStore, shape.clone());
        }
    }

    /** The node that computed this tensor, or null for leaves and constants. */
    public Node gradFn() {
        return gradFn;
    }

    /** Backpropagates from this scalar: fills {@link #grad()} of every tensor it depends on that requires grad. */
    public void backward() {
        Backward.run(this, null);
    }

    /** Backpropagates with an explicit output gradient of this tensor's shape. */
    public void backward(Tensor gradOutput) {
        Backward.run(this, gradOutput);
    }

    /** Same values, shared storage, cut from the graph. */
    public Tensor detach() {
        return new Tensor(data, offset, shape, strides);
    }

    /** A contiguous copy, cut from the graph, in memory of its own (never lent by a workspace). */
    public Tensor copy() {
        return new Tensor(toArray(), shape.clone());
    }

    /** The tensor's name (a parameter's path, e.g. "0.weight"), or null. */
    public String name() {
        return name;
    }

    /** Names the tensor (used in messages and gradient-check reports); returns this. */
    public Tensor name(String n) {
        this.name = n;
        return this;
    }

    /** Records node as this tensor's producer when recording is on and some input needs grad. */
    static Tensor record(Tensor out, Node node) {
        out.gradFn = node;
        return out;
    }

    /** Whether an op on these inputs should be recorded. */
    static boolean tracking(Tensor... inputs) {
        if (!GradMode.isEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ elementwise (broadcasting)

    /** this + b, broadcasting. */
    public Tensor add(Tensor b) {
        return Pointwise.binary(Op.ADD, this, b);
    }

    /** this + s. */
    public Tensor add(float s) {
        return Pointwise.binary(Op.ADD, this, scalar(s));
    }

    /** this - b, broadcasting. */
    public Tensor sub(Tensor b) {
        return Pointwise.binary(Op.SUB, this, b);
    }

    /** this - s. */
    public Tensor sub(float s) {
        return Pointwise.binary(Op.SUB, this, scalar(s));
    }

    /** this · b elementwise, broadcasting. */
    public Tensor mul(Tensor b) {
        return Pointwise.binary(Op.MUL, this, b);
    }

    /** this · s. */
    public Tensor mul(float s) {
        return Pointwise.binary(Op.MUL, this, scalar(s));
    }

    /** this / b elementwise, broadcasting. */
    public Tensor div(Tensor b) {
        return Pointwise.binary(Op.DIV, this, b);
    }

    /** this / s. */
    public Tensor div(float s) {
        return Pointwise.binary(Op.DIV, this, scalar(s));
    }

    /** Elementwise power with a tensor exponent (broadcasting). */
    public Tensor pow(Tensor exponent) {
        return Pointwise.binary(Op.POW, this, exponent);
    }

    /** Each element to the power {@code p}. */
    public Tensor pow(float p) {
        return Pointwise.powScalar(this, p);
    }

    /** -this. */
    public Tensor neg() {
        return Pointwise.unary(Op.NEG, this);
    }

    /** e to the power of each element. */
    public Tensor exp() {
        return Pointwise.unary(Op.EXP, this);
    }

    /** The natural logarithm of each element. */
    public Tensor log() {
        return Pointwise.unary(Op.LOG, this);
    }

    /** log(1 + x) of each element, accurate near 0. */
    public Tensor log1p() {
        return Pointwise.unary(Op.LOG1P, this);
    }

    /** The square root of each element. */
    public Tensor sqrt() {
        return Pointwise.unary(Op.SQRT, this);
    }

    /** The absolute value of each element. */
    public Tensor abs() {
        return Pointwise.unary(Op.ABS, this);
    }

    /** tanh of each element. */
    public Tensor tanh() {
        return Pointwise.unary(Op.TANH, this);
    }

    /** 1 / (1 + exp(-x)) of each element. */
    public Tensor sigmoid() {
        return Pointwise.unary(Op.SIGMOID, this);
    }

    /** max(0, x) of each element. */
    public Tensor relu() {
        return Pointwise.unary(Op.RELU, this);
    }

    /** cond != 0 ? a : b, broadcasting all three; cond is a constant mask. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return Pointwise.where(cond, a, b);
    }

    /** Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1-p). */
    public Tensor dropout(float p, Rng rng) {
        return Pointwise.dropout(this, p, rng);
    }

    // comparisons: constant 0/1 masks, never recorded

    /** 1 where this &gt; b, else 0 (broadcasting; a constant mask). */
    public Tensor gt(Tensor b) {
        return Elementwise.binary("gt", Elementwise.Fn.GT, this, b);
    }

    /** 1 where this &gt; s, else 0. */
    public Tensor gt(float s) {
        return gt(scalar(s));
    }

    /** 1 where this &ge; b, else 0 (broadcasting). */
    public Tensor ge(Tensor b) {
        return Elementwise.binary("ge", Elementwise.Fn.GE, this, b);
    }

    /** 1 where this &lt; b, else 0 (broadcasting). */
    public Tensor lt(Tensor b) {
        return Elementwise.binary("lt", Elementwise.Fn.LT, this, b);
    }

    /** 1 where this &lt; s, else 0. */
    public Tensor lt(float s) {
        return lt(scalar(s));
    }

    /** 1 where this &le; b, else 0 (broadcasting). */
    public Tensor le(Tensor b) {
        return Elementwise.binary("le", Elementwise.Fn.LE, this, b);
    }

    /** 1 where this == b, else 0 (broadcasting). */
    public Tensor eq(Tensor b) {
        return Elementwise.binary("eq", Elementwise.Fn.EQ, this, b);
    }

    /** Elementwise max(a, b), not differentiable (use where with a mask to differentiate). */
    public Tensor maximum(Tensor b) {
        return Elementwise.binary("maximum", Elementwise.Fn.MAXIMUM, this, b);
    }

    /** Elementwise min(a, b), not differentiable. */
    public Tensor minimum(Tensor b) {
        return Elementwise.binary("minimum", Elementwise.Fn.MINIMUM, this, b);
    }

    // ------------------------------------------------------------------ reductions

    /** Sum of all elements, a scalar. */
    public Tensor sum() {
        return Reductions.reduce(Op.SUM, this, null, false);
    }

    /** Sum over the given axes (negative axes count from the end). */
    public Tensor sum(boolean keepDim, int... axes) {
        return Reductions.reduce(Op.SUM, this, axes, keepDim);
    }

    /** Mean of all elements, a scalar. */
    public Tensor mean() {
        return Reductions.reduce(Op.MEAN, this, null, false);
    }

    /** Mean over the given axes (negative axes count from the end), keeping them as size 1 when {@code keepDim}. */
    public Tensor mean(boolean keepDim, int... axes) {
        return Reductions.reduce(Op.MEAN, this, axes, keepDim);
    }

    /** The largest element, a scalar (its gradient goes to that element). */
    public Tensor max() {
        return Reductions.reduce(Op.MAX, this, null, false);
    }

    /** The largest element over the given axes. */
    public Tensor max(boolean keepDim, int... axes) {
        return Reductions.reduce(Op.MAX, this, axes, keepDim);
    }

    /** The smallest element, a scalar. */
    public Tensor min() {
        return Reductions.reduce(Op.MIN, this, null, false);
    }

    /** The smallest element over the given axes. */
    public Tensor min(boolean keepDim, int... axes) {
        return Reductions.reduce(Op.MIN, this, axes, keepDim);
    }

    /** Index of the largest element along the last axis, per row. Not differentiable. */
    public IntTensor argmax() {
        return Reductions.argmaxLastAxis(this);
    }

    /** Euclidean norm of all elements, in double (not recorded). */
    public double norm() {
        Tensor d = Elementwise.dense(this);
        return Math.sqrt(ldnn.backend.Vec.sumSquares(d.data, d.offset, d.size));
    }

    // ------------------------------------------------------------------ views and copies

    /** Same elements in a new shape; one dimension may be -1. A view when the layout allows, else a copy. */
    public Tensor reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    /** Collapses all axes from {@code fromAxis} on into one. */
    public Tensor flatten(int fromAxis) {
        int a = Shape.axis("flatten", fromAxis, shape.length);
        int[] s = Arrays.copyOf(shape, a + 1);
        s[a] = -1;
        return reshape(s);
    }

    /** The axes in a new order (a view): axis i of the result is axis {@code axes[i]} of this. */
    public Tensor permute(int... axes) {
        return Views.permute(this, axes);
    }

    /** Swaps two axes (a view). */
    public Tensor transpose(int axis0, int axis1) {
        int a = Shape.axis("transpose", axis0, shape.length), b = Shape.axis("transpose", axis1, shape.length);
        int[] p = new int[shape.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        p[a] = b;
        p[b] = a;
        return permute(p);
    }

    /** Transpose of a matrix (swaps the last two axes). */
    public Tensor t() {
        if (shape.length < 2) {
            throw new ShapeException("t: expected a tensor of rank >= 2, got shape " + Shape.str(shape));
        }
        return transpose(-2, -1);
    }

    /** Elements start, start+step, ... below end along an axis (a view). */
    public Tensor slice(int axis, int start, int end, int step) {
        return Views.slice(this, axis, start, end, step);
    }

    /** Elements start to end-1 along an axis (a view). */
    public Tensor slice(int axis, int start, int end) {
        return slice(axis, start, end, 1);
    }

    /** Broadcast view to a larger shape (dims of size 1 repeat; -1 keeps a dim). */
    public Tensor expand(int... newShape) {
        return Views.expand(this, newShape);
    }

    /** Inserts an axis of size 1. */
    public Tensor unsqueeze(int axis) {
        int a = axis < 0 ? axis + shape.length + 1 : axis;
        if (a < 0 || a > shape.length) {
            throw new ShapeException("unsqueeze: axis " + axis + " out of range for rank " + shape.length);
        }
        int[] s = new int[shape.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            s[i] = i == a ? 1 : shape[j++];
        }
        return reshape(s);
    }

    /** This tensor if already contiguous, else a recorded row-major copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : Views.contiguous(this);
    }

    /** The parts joined along an axis (a copy); the other axes must match. */
    public static Tensor concat(List<Tensor> parts, int axis) {
        return Views.concat(parts, axis);
    }

    /** Splits into pieces of the given sizes along an axis (views). */
    public List<Tensor> split(int axis, int... sizes) {
        return Views.split(this, axis, sizes);
    }

    // ------------------------------------------------------------------ linear algebra

    /** Matrix product; leading dims batch (and broadcast). [..., M, K] x [K, N] folds the batch into M. */
    public Tensor matmul(Tensor b) {
        return Linalg.matmul(this, b);
    }

    // ------------------------------------------------------------------ neural-network ops

    /** Softmax over the last axis. */
    public Tensor softmax() {
        return NnOps.softmax(this, false);
    }

    /** log(softmax) over the last axis, computed stably. */
    public Tensor logSoftmax() {
        return NnOps.softmax(this, true);
    }

    /** Mean over rows of the softmax cross-entropy; logits [..., C], class indices [...]. */
    public Tensor crossEntropy(IntTensor targets) {
        return NnOps.crossEntropy(this, targets, null);
    }

    /** Mean over rows of the cross-entropy against probability targets of the same shape (constants). */
    public Tensor crossEntropy(Tensor targetProbs) {
        return NnOps.crossEntropy(this, null, targetProbs);
    }

    /** Mean squared error against a target of the same shape. */
    public Tensor mse(Tensor target) {
        return NnOps.mse(this, target);
    }

    /** Mean binary cross-entropy of these logits against 0/1 (or soft) targets (constants). */
    public Tensor bceWithLogits(Tensor targets) {
        return NnOps.bceWithLogits(this, targets);
    }

    /** Rows of this [V, E] table at the given indices: shape [..., E]. */
    public Tensor embedding(IntTensor indices) {
        return NnOps.embedding(this, indices);
    }

    /** 2-d convolution of NCHW input with weight [Cout, Cin, kH, kW] and optional bias [Cout]. */
    public Tensor conv2d(Tensor weight, Tensor bias, int stride, int padding) {
        return Conv.conv2d(this, weight, bias, stride, padding);
    }

    /** Max pooling of NCHW input over kernel×kernel windows. */
    public Tensor maxPool2d(int kernel, int stride) {
        return Conv.maxPool2d(this, kernel, stride);
    }

    /**
     * Batch normalization with this batch's statistics (training mode), fused: per channel (axis 1) over
     * the batch and spatial axes of [batch, c] or [batch, c, h, w], (x - mean) / sqrt(var + eps) * weight
     * + bias, with the biased variance. The batch's mean and biased variance per channel are written
     * into the arrays given (null: not wanted), for running statistics.
     *
     * @param weight    the scale per channel [c]
     * @param bias      the shift per channel [c]
     * @param eps       added to the variance
     * @param batchMean receives the batch's mean per channel, or null
     * @param batchVar  receives the batch's biased variance per channel, or null
     * @return the normalized tensor, shaped as this one
     */
    public Tensor batchNorm(Tensor weight, Tensor bias, double eps, float[] batchMean, float[] batchVar) {
        return Norms.batchNorm(this, weight, bias, eps, batchMean, batchVar);
    }

    /** Average pooling of NCHW input over kernel×kernel windows. */
    public Tensor avgPool2d(int kernel, int stride) {
        return Conv.avgPool2d(this, kernel, stride);
    }

    // ------------------------------------------------------------------ printing

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Shape.str(shape));
        if (name != null) {
            sb.append(" '").append(name).append('\'');
        }
        if (gradFn != null) {
            sb.append(" grad_fn=").append(gradFn);
        } else if (requiresGrad) {
            sb.append(" requires_grad");
        }
        float[] v = size <= 8 ? toArray() : Arrays.copyOf(toArray(), 8);
        sb.append(' ').append(Arrays.toString(v));
        if (size > 8) {
            sb.setLength(sb.length() - 1);
            sb.append(", ...]");
        }
        return sb.toString();
    }
}
