package ldnn.train;

import ldnn.nn.Module;
import ldnn.optim.Optimizer;

/** What monitors see of a running training, and the few things they may do to it. */
public interface Run {
    Module model();

    Optimizer optimizer();

    TrainConfig config();

    long step();

    int epoch();

    /** A warning shown in the progress output, the log and the end-of-run checklist. */
    void warn(String monitor, String message);

    /** A notable event (LR change, clipping summary) for the log and the report. */
    void event(String monitor, String message);

    /** Ends training after the current step, with the reason. */
    void stop(String reason);

    /** The fraction of the time budget still left (1 at the start, 0 at the end); NaN without a budget. */
    double budgetLeft();

    /** Keep the current parameters as the best so far (called by model selection). */
    void markBest(Evaluation eval);
}
