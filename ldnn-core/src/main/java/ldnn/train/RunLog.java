package ldnn.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run tells as it goes, in one place: its evaluations, step samples, warnings and events go to
 * the terminal ({@link Progress}), to the recorder (the run folder), and into the history that the
 * result and the checkpoints carry.
 */
final class RunLog {
    private final Progress progress;
    private RunRecorder recorder = RunRecorder.NONE;
    private final List<EpochRecord> history = new ArrayList<>();
    private final List<Note> warnings = new ArrayList<>(), events = new ArrayList<>();
    private double stepLossSum;
    private int stepLossCount;

    RunLog(PrintStream out, boolean progress) {
        this(out, progress, false);
    }

    /** @param perCharacter progress lines also give the validation loss in bits per character */
    RunLog(PrintStream out, boolean progress, boolean perCharacter) {
        this.progress = new Progress(out, progress, perCharacter);
    }

    void recorder(RunRecorder r) {
        recorder = r == null ? RunRecorder.NONE : r;
    }

    RunRecorder recorder() {
        return recorder;
    }

    Progress progress() {
        return progress;
    }

    void line(String s) {
        progress.line(s);
    }

    void warning(Note n) {
        warnings.add(n);
        progress.line("warning (" + n.monitor() + ") " + n);
        recorder.note("warning", n);
    }

    void event(Note n) {
        events.add(n);
        progress.line("(" + n.monitor() + ") " + n.message());
        recorder.note("event", n);
    }

    /** A training step's loss; every {@link Trainer#STEP_LOG_EVERY} steps the mean since the last sample is logged. */
    void step(long step, double loss, java.util.function.DoubleFunction<EpochRecord> sample) {
        stepLossSum += loss;
        stepLossCount++;
        if (step % Trainer.STEP_LOG_EVERY == 0) {
            recorder.step(sample.apply(stepLossSum / stepLossCount));
            stepLossSum = 0;
            stepLossCount = 0;
        }
    }

    void evaluation(EpochRecord r, boolean best) {
        history.add(r);
        progress.evaluation(r, best);
        recorder.record(r);
    }

    /** A restart from fresh weights: the evaluations of the failed attempt are dropped, the notes stay. */
    void restarted() {
        history.clear();
    }

    Checkpoint.Log snapshot() {
        return new Checkpoint.Log(history, warnings, events);
    }

    void restore(Checkpoint.Log log) {
        history.addAll(log.history());
        warnings.addAll(log.warnings());
        events.addAll(log.events());
    }
}
