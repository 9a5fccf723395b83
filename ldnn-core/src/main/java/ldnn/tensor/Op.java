package ldnn.tensor;

/**
 * The table of differentiable ops. Every recorded node names one of these; {@code ldnn.check.OpCases}
 * gives each at least one gradient-check case (CI checks every entry, in double precision).
 */
public enum Op {
    // elementwise, with broadcasting
    /** a + b. */
    ADD("a + b"),
    /** a - b. */
    SUB("a - b"),
    /** a * b. */
    MUL("a * b"),
    /** a / b. */
    DIV("a / b"),
    /** a ^ b (elementwise, a &gt; 0 where b is differentiated). */
    POW("a ^ b (elementwise, a > 0 where b is differentiated)"),
    /** a ^ p for a constant p. */
    POW_SCALAR("a ^ p for a constant p"),
    /** -a. */
    NEG("-a"),
    /** exp(a). */
    EXP("exp(a)"),
    /** log(a). */
    LOG("log(a)"),
    /** log(1 + a). */
    LOG1P("log(1 + a)"),
    /** sqrt(a). */
    SQRT("sqrt(a)"),
    /** |a|. */
    ABS("|a|"),
    /** tanh(a). */
    TANH("tanh(a)"),
    /** 1 / (1 + exp(-a)). */
    SIGMOID("1 / (1 + exp(-a))"),
    /** max(a, 0). */
    RELU("max(a, 0)"),
    /** cond ? a : b, cond a constant mask. */
    WHERE("cond ? a : b, cond a constant mask"),
    /** a * mask / (1 - p), mask ~ Bernoulli(1 - p) drawn in forward. */
    DROPOUT("a * mask / (1 - p), mask ~ Bernoulli(1 - p) drawn in forward"),
    // reductions
    /** Sum over axes. */
    SUM("sum over axes"),
    /** Mean over axes. */
    MEAN("mean over axes"),
    /** Max over axes (ties share the gradient). */
    MAX("max over axes (ties share the gradient)"),
    /** Min over axes (ties share the gradient). */
    MIN("min over axes (ties share the gradient)"),
    // views and copies
    /** Same elements, new shape. */
    RESHAPE("same elements, new shape"),
    /** Axes reordered (transpose is a permute). */
    PERMUTE("axes reordered (transpose is a permute)"),
    /** a[start:end:step] along one axis. */
    SLICE("a[start:end:step] along one axis"),
    /** Broadcast view to a larger shape. */
    EXPAND("broadcast view to a larger shape"),
    /** Row-major copy of a view. */
    CONTIGUOUS("row-major copy of a view"),
    /** Tensors joined along an axis. */
    CONCAT("tensors joined along an axis"),
    // linear algebra
    /** Matrix product, batched over leading dims. */
    MATMUL("matrix product, batched over leading dims"),
    // neural-network ops
    /** Softmax over the last axis. */
    SOFTMAX("softmax over the last axis"),
    /** Log-softmax over the last axis. */
    LOG_SOFTMAX("log-softmax over the last axis"),
    /** Fused, stable softmax + cross-entropy with class or probability targets, mean over rows. */
    SOFTMAX_CROSS_ENTROPY("fused, stable softmax + cross-entropy with class or probability targets, mean over rows"),
    /** Mean squared error, mean over all elements. */
    MSE("mean squared error, mean over all elements"),
    /** Binary cross-entropy on logits, stable, mean over all elements. */
    BCE_WITH_LOGITS("binary cross-entropy on logits, stable, mean over all elements"),
    /** Rows of a table gathered by index; scatter-add backward. */
    EMBEDDING("rows of a table gathered by index; scatter-add backward"),
    /** 2-d convolution, NCHW, stride and zero padding. */
    CONV2D("2-d convolution, NCHW, stride and zero padding"),
    /** 2-d max pooling, NCHW. */
    MAX_POOL2D("2-d max pooling, NCHW"),
    /** 2-d average pooling, NCHW. */
    AVG_POOL2D("2-d average pooling, NCHW"),
    /** a whole LSTM layer over a sequence, fused (gates i, f, g, o). */
    LSTM("a whole LSTM layer over a sequence, fused (gates i, f, g, o)"),
    /** Batch normalization with the batch's statistics: per channel over batch and spatial axes, then scale and shift. */
    BATCH_NORM("batch normalization with the batch's statistics: per channel over batch and spatial axes, then scale and shift");

    private final String description;

    Op(String description) {
        this.description = description;
    }

    /** What the op computes, in one line. */
    public String description() {
        return description;
    }
}
