package ldnn.train;

import java.util.List;

/**
 * What a training run produced: the history, the best validation evaluation (the returned model is
 * that one), why it stopped, warnings and events, and the recipe checklist.
 */
public record TrainResult(List<EpochRecord> history, Evaluation bestValidation, int bestEpoch, String stopReason,
                          long steps, double seconds, List<Note> warnings, List<Note> events,
                          RecipeChecklist checklist, double firstStepSeconds) implements java.io.Serializable {

    /** The last evaluation's record (null when none was made). */
    public EpochRecord last() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }
}
