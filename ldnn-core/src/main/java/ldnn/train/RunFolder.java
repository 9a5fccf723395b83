package ldnn.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import ldnn.nn.Module;

/**
 * Records a run into its folder as training goes (the files and their schema: {@link RunFiles}): the
 * configuration at the start, the metrics log, a checkpoint after every epoch, the summary at the end.
 * The model file, test results and the report are added by whoever owns the run (the CLI).
 */
public final class RunFolder implements RunRecorder {
    private final Path dir;
    private final RunFiles.Launch launch;

    /**
     * Records into {@code dir}, creating it, and clears what a killed writer left half-written there.
     *
     * @param dir    the run folder
     * @param launch how the run was launched, saved in config.json (null: from code)
     */
    public RunFolder(Path dir, RunFiles.Launch launch) {
        this.dir = dir;
        this.launch = launch;
        try {
            Files.createDirectories(dir);
            ldnn.io.AtomicFiles.removeLeftovers(dir); // a killed writer's half-written temp files
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The run folder. */
    public Path dir() {
        return dir;
    }

    /** The checkpoint in this folder (null if none yet). */
    public Checkpoint lastCheckpoint() throws IOException {
        Path f = dir.resolve(RunFiles.CHECKPOINT);
        return Files.isRegularFile(f) ? CheckpointFile.read(f) : null;
    }

    /**
     * Before a run starts again from the beginning in this folder (it was killed before its first
     * checkpoint): what the lost start left behind goes, so the log is the new start's alone.
     */
    public void startOver() throws IOException {
        for (String f : new String[] {RunFiles.METRICS, RunFiles.CHECKPOINT, RunFiles.SUMMARY}) {
            Files.deleteIfExists(dir.resolve(f));
        }
    }

    @Override
    public void start(TrainConfig cfg, Module model, TrainingData data) {
        RunFiles.Config c = new RunFiles.Config(RunFiles.FORMAT, Instant.now().toString(), safeSpec(model),
                model.parameterCount(), data.train().describe(), data.validationNote(),
                data.preprocessor() == null ? null : data.preprocessor().describe(),
                data.augmenter() == null ? null : data.augmenter().describe(), cfg.settings(), cfg.clipNormFor(model),
                RecipeChecklist.changes(cfg), launch);
        write(() -> RunFiles.writeConfig(dir, c));
    }

    private static String safeSpec(Module m) {
        try {
            return m.spec();
        } catch (RuntimeException e) {
            return m.getClass().getSimpleName();
        }
    }

    /** On resume, the log is cut back to what the checkpoint knew, and the resume is logged. */
    @Override
    public void resumed(Checkpoint c) {
        write(() -> RunFiles.truncateMetrics(dir, c.step()));
        note("event", new Note(c.step(), c.epoch(), "resume", "resumed from the checkpoint of epoch " + (c.epoch() + 1)));
    }

    @Override
    public void record(EpochRecord r) {
        write(() -> RunFiles.appendRecord(dir, "eval", r));
    }

    @Override
    public void step(EpochRecord r) {
        write(() -> RunFiles.appendRecord(dir, "step", r));
    }

    @Override
    public void note(String kind, Note n) {
        write(() -> RunFiles.appendNote(dir, kind, n));
    }

    @Override
    public void checkpoint(Checkpoint c) {
        write(() -> CheckpointFile.write(dir.resolve(RunFiles.CHECKPOINT), c, Map.of()));
    }

    @Override
    public void finish(TrainResult r) {
        write(() -> RunFiles.writeSummary(dir, RunFiles.Summary.of(r, Instant.now().toString())));
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void write(IoAction a) {
        try {
            a.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
