package ldnn.tensor;

/**
 * The table of differentiable ops. Every recorded node names one of these; {@code ldnn.check.OpCases}
 * gives each at least one gradient-check case (CI checks every entry, in double precision).
 */
public enum Op {
    // elementwise, with broadcasting
    ADD("a + b"),
    SUB("a - b"),
    MUL("a * b"),
    DIV("a / b"),
    POW("a ^ b (elementwise, a > 0 where b is differentiated)"),
    POW_SCALAR("a ^ p for a constant p"),
    NEG("-a"),
    EXP("exp(a)"),
    LOG("log(a)"),
    LOG1P("log(1 + a)"),
    SQRT("sqrt(a)"),
    ABS("|a|"),
    TANH("tanh(a)"),
    SIGMOID("1 / (1 + exp(-a))"),
    RELU("max(a, 0)"),
    WHERE("cond ? a : b, cond a constant mask"),
    DROPOUT("a * mask / (1 - p), mask ~ Bernoulli(1 - p) drawn in forward"),
    // reductions
    SUM("sum over axes"),
    MEAN("mean over axes"),
    MAX("max over axes (ties share the gradient)"),
    MIN("min over axes (ties share the gradient)"),
    // views and copies
    RESHAPE("same elements, new shape"),
    PERMUTE("axes reordered (transpose is a permute)"),
    SLICE("a[start:end:step] along one axis"),
    EXPAND("broadcast view to a larger shape"),
    CONTIGUOUS("row-major copy of a view"),
    CONCAT("tensors joined along an axis"),
    // linear algebra
    MATMUL("matrix product, batched over leading dims"),
    // neural-network ops
    SOFTMAX("softmax over the last axis"),
    LOG_SOFTMAX("log-softmax over the last axis"),
    SOFTMAX_CROSS_ENTROPY("fused, stable softmax + cross-entropy with class or probability targets, mean over rows"),
    MSE("mean squared error, mean over all elements"),
    BCE_WITH_LOGITS("binary cross-entropy on logits, stable, mean over all elements"),
    EMBEDDING("rows of a table gathered by index; scatter-add backward"),
    CONV2D("2-d convolution, NCHW, stride and zero padding"),
    MAX_POOL2D("2-d max pooling, NCHW"),
    AVG_POOL2D("2-d average pooling, NCHW"),
    LSTM("a whole LSTM layer over a sequence, fused (gates i, f, g, o)"),
    BATCH_NORM("batch normalization with the batch's statistics: per channel over batch and spatial axes, then scale and shift");

    private final String description;

    Op(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
