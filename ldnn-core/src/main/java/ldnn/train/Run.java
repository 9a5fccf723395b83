package ldnn.train;

import ldnn.nn.Loss;
import ldnn.nn.Module;
import ldnn.optim.Optimizer;

/** What monitors see of a running training, and the few things they may do to it directly. */
public interface Run {
    /** The model being trained. */
    Module model();

    /** The optimizer, whose LR monitors may change. */
    Optimizer optimizer();

    /** The run's settings. */
    TrainConfig config();

    /** The loss being minimized (known from the first batch). */
    Loss loss();

    /** Training steps taken so far. */
    long step();

    /** The epoch in progress, from 0. */
    int epoch();

    /** The LR this attempt started from (the configured one, or as calibrated or lowered by a retry). */
    double startLr();

    /** The fraction of the time budget still left (1 at the start, 0 at the end); NaN without a budget. */
    double budgetLeft();

    /** What monitors measured at recent steps. */
    Measurements measurements();

    /** A warning shown in the progress output, the log and the end-of-run checklist. */
    void warn(String monitor, String message);

    /** A notable event (LR change, clipping summary) for the log and the report. */
    void event(String monitor, String message);
}
