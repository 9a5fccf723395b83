package ldnn.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import ldnn.data.NamedDatasets;
import ldnn.train.EpochRecord;
import ldnn.train.Note;
import ldnn.train.RunFiles;

/**
 * What the report shows, read from a run folder through {@link RunFiles} (the one reader of its files).
 * Lenient about everything but config.json: a killed run has no summary.json and may end with a torn
 * metrics line, a run killed before its first evaluation has no metrics.jsonl, and older files may lack
 * fields (missing numbers read as NaN).
 */
final class RunData {
    final Path dir;
    final RunFiles.Config config;
    /** Null when the run did not finish. */
    final RunFiles.Summary summary;
    final List<EpochRecord> evals;
    /** Training-step samples, empty in logs written before they existed. */
    final List<EpochRecord> steps;
    final List<Note> warnings = new ArrayList<>(), events = new ArrayList<>();
    /** The skipped last line of a killed run's log, or null. */
    final String tornLine;
    final boolean hasMetricsFile;

    private RunData(Path dir, RunFiles.Config config, RunFiles.Summary summary, RunFiles.Metrics metrics,
                    boolean hasMetricsFile) {
        this.dir = dir;
        this.config = config;
        this.summary = summary;
        this.evals = metrics.evals();
        this.steps = metrics.steps();
        this.tornLine = metrics.tornLine();
        this.hasMetricsFile = hasMetricsFile;
        warnings.addAll(merge(metrics.warnings(), summary == null ? List.of() : summary.warnings()));
        events.addAll(merge(metrics.events(), summary == null ? List.of() : summary.events()));
    }

    static RunData read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no run folder " + dir + " (expected a folder holding "
                    + RunFiles.CONFIG + ", " + RunFiles.METRICS + " and " + RunFiles.SUMMARY + ")");
        }
        Path configFile = dir.resolve(RunFiles.CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new NoSuchFileException(configFile.toString(), null, "the run folder " + dir + " has no "
                    + RunFiles.CONFIG + " (written when training starts); is it a run folder?");
        }
        return new RunData(dir, RunFiles.readConfig(dir), RunFiles.readSummary(dir), RunFiles.readMetrics(dir),
                Files.isRegularFile(dir.resolve(RunFiles.METRICS)));
    }

    /**
     * The log's notes plus those only summary.json has (an ensemble's members log no metrics of their own).
     */
    private static List<Note> merge(List<Note> logged, List<Note> fromSummary) {
        List<Note> all = new ArrayList<>(logged);
        for (Note n : fromSummary) {
            boolean known = logged.stream().anyMatch(l -> l.message().equals(n.message()) && (n.step() < 0 || l.step() == n.step()));
            if (!known) {
                all.add(n);
            }
        }
        return all;
    }

    /** The launch facts (empty for a run started from code). */
    RunFiles.Launch launch() {
        return config.launch() != null ? config.launch()
                : new RunFiles.Launch(null, null, null, null, null, null, null, null, null, null);
    }

    /** A text model: config.json says so, or its dataset is a named text corpus. */
    boolean isText() {
        return config.isText() || (launch().dataset() != null && NamedDatasets.isText(launch().dataset()));
    }

    /** Points for the monitor plots: the step samples with the evaluations, by step (evaluations alone in old logs). */
    List<EpochRecord> monitorPoints() {
        if (steps.isEmpty()) {
            return evals;
        }
        List<EpochRecord> all = new ArrayList<>(steps);
        all.addAll(evals);
        all.sort(Comparator.comparingLong(EpochRecord::step));
        return all;
    }

    /** The gradient-clipping threshold the run used; 0 when off (or not recorded). */
    double clipThreshold() {
        double t = config.clipNormEffective();
        return Double.isFinite(t) ? t : 0;
    }

    /** The update-ratio band [low, high] from config.json, else the recipe's. */
    double[] ratioBand() {
        if (config.config() != null && config.config().updateRatioBand() != null && config.config().updateRatioBand().size() == 2) {
            return new double[] {config.config().updateRatioBand().get(0), config.config().updateRatioBand().get(1)};
        }
        return new double[] {1e-4, 1e-2};
    }

    /** True when some evaluations share an epoch (evaluation every N steps): plot against steps then. */
    boolean severalEvalsPerEpoch() {
        return evals.stream().mapToInt(EpochRecord::epoch).distinct().count() < evals.size();
    }

    /** The ensemble's results, or null for a single net. */
    RunFiles.EnsembleResult ensemble() {
        return summary == null ? null : summary.ensemble();
    }
}
