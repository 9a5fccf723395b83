package ldnn.train;

/** Loss and error rate of a model on a data split (error is NaN when the loss has no error measure). */
public record Evaluation(double loss, double error, long examples) implements java.io.Serializable {
    /** The number the schedule and model selection use: the error rate, or the loss when there is none. */
    public double score() {
        return Double.isNaN(error) ? loss : error;
    }

    /** "error 8.31% (loss 0.3124)", or "loss 0.3124" without an error measure. */
    public String describe() {
        return Double.isNaN(error) ? String.format(java.util.Locale.ROOT, "loss %.4f", loss)
                : String.format(java.util.Locale.ROOT, "error %.2f%% (loss %.4f)", 100 * error, loss);
    }
}
