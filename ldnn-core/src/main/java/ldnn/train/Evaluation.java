package ldnn.train;

/** Loss and error rate of a model on a data split (error is NaN when the loss has no error measure). */
public record Evaluation(double loss, double error, long examples) {
    /** The number the schedule and model selection use: the error rate, or the loss when there is none. */
    public double score() {
        return Double.isNaN(error) ? loss : error;
    }
}
