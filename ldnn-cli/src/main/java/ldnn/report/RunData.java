package ldnn.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ldnn.data.NamedDatasets;
import ldnn.io.Json;
import ldnn.io.JsonLines;
import ldnn.train.EpochRecord;
import ldnn.train.RunFolder;

/**
 * What the report shows, read from a run folder. Lenient about everything but config.json: a killed
 * run has no summary.json and may end with a torn metrics line, a run killed before its first
 * evaluation has no metrics.jsonl, and older or hand-written files may lack optional fields.
 */
final class RunData {
    /** A warning or event line of the metrics log (step and epoch -1 when unknown). */
    record Note(String type, long step, int epoch, String monitor, String message) {
    }

    final Path dir;
    final Map<String, Object> config;
    final Map<String, Object> summary; // empty when the run did not finish
    final List<EpochRecord> evals;
    /** Training-step samples ("type":"step"), empty in logs written before they existed. */
    final List<EpochRecord> steps = new ArrayList<>();
    final List<Note> warnings = new ArrayList<>(), events = new ArrayList<>();
    final String tornLine; // the skipped last line of a killed run's log, or null
    final boolean hasMetricsFile, hasSummaryFile;

    private RunData(Path dir, Map<String, Object> config, Map<String, Object> summary, List<EpochRecord> evals,
                    String tornLine, boolean hasMetricsFile, boolean hasSummaryFile) {
        this.dir = dir;
        this.config = config;
        this.summary = summary;
        this.evals = evals;
        this.tornLine = tornLine;
        this.hasMetricsFile = hasMetricsFile;
        this.hasSummaryFile = hasSummaryFile;
    }

    static RunData read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no run folder " + dir + " (expected a folder holding "
                    + RunFolder.CONFIG + ", " + RunFolder.METRICS + " and " + RunFolder.SUMMARY + ")");
        }
        Path configFile = dir.resolve(RunFolder.CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new NoSuchFileException(configFile.toString(), null, "the run folder " + dir + " has no "
                    + RunFolder.CONFIG + " (written when training starts); is it a run folder?");
        }
        Map<String, Object> config = Json.readObject(configFile);
        Path summaryFile = dir.resolve(RunFolder.SUMMARY);
        boolean hasSummary = Files.isRegularFile(summaryFile);
        Map<String, Object> summary = hasSummary ? Json.readObject(summaryFile) : Map.of();
        Path metricsFile = dir.resolve(RunFolder.METRICS);
        boolean hasMetrics = Files.isRegularFile(metricsFile);
        List<EpochRecord> evals = new ArrayList<>();
        List<EpochRecord> stepSamples = new ArrayList<>();
        String torn = null;
        List<Note> warnings = new ArrayList<>(), events = new ArrayList<>();
        if (hasMetrics) {
            JsonLines.Contents log = JsonLines.read(metricsFile);
            torn = log.truncatedLine();
            int line = 0;
            for (Object o : log.records()) {
                line++;
                if (!(o instanceof Map<?, ?> m)) {
                    continue; // not ours; the report shows what it understands
                }
                Object type = m.get("type");
                if ("eval".equals(type)) {
                    evals.add(evalRecord(m, metricsFile, line));
                } else if ("step".equals(type)) {
                    stepSamples.add(evalRecord(m, metricsFile, line));
                } else if ("warning".equals(type) || "event".equals(type)) {
                    Note n = new Note((String) type, (long) num(m.get("step"), -1), (int) num(m.get("epoch"), -1),
                            str(m.get("monitor")), str(m.get("message")));
                    (n.type().equals("warning") ? warnings : events).add(n);
                }
            }
        }
        RunData d = new RunData(dir, config, summary, evals, torn, hasMetrics, hasSummary);
        d.steps.addAll(stepSamples);
        d.warnings.addAll(merge(warnings, summary.get("warnings"), "warning"));
        d.events.addAll(merge(events, summary.get("events"), "event"));
        return d;
    }

    /**
     * One evaluation record. RunFolder.readMetrics would do for our own logs, but it requires every
     * field; here a missing number is NaN so that an older log still gives a report.
     */
    private static EpochRecord evalRecord(Map<?, ?> m, Path file, int line) throws IOException {
        if (!(m.get("epoch") instanceof Number) && !(m.get("step") instanceof Number)) {
            throw new IOException(file + ": record " + line + " is an evaluation without \"epoch\" or \"step\"");
        }
        Map<String, Double> ratios = new LinkedHashMap<>();
        if (m.get("update_ratios") instanceof Map<?, ?> ur) {
            ur.forEach((k, v) -> ratios.put(String.valueOf(k), num(v, Double.NaN)));
        }
        return new EpochRecord((int) num(m.get("epoch"), -1), (long) num(m.get("step"), -1),
                num(m.get("train_loss"), Double.NaN), num(m.get("train_error"), Double.NaN),
                num(m.get("val_loss"), Double.NaN), num(m.get("val_error"), Double.NaN),
                num(m.get("lr"), Double.NaN), num(m.get("seconds"), Double.NaN),
                num(m.get("examples_per_s"), Double.NaN), num(m.get("grad_norm"), Double.NaN),
                (long) num(m.get("clipped"), 0), ratios);
    }

    private static final Pattern STEP_PREFIX = Pattern.compile("step (\\d+): (.*)", Pattern.DOTALL);

    /**
     * The log's notes plus those only summary.json has ("step N: message" strings): a resumed run
     * rewrites its log, so warnings from before the resume live on only in the summary.
     */
    private static List<Note> merge(List<Note> logged, Object fromSummary, String type) {
        List<Note> all = new ArrayList<>(logged);
        if (fromSummary instanceof List<?> list) {
            for (Object o : list) {
                String s = String.valueOf(o);
                Matcher mt = STEP_PREFIX.matcher(s);
                long step = mt.matches() ? Long.parseLong(mt.group(1)) : -1;
                String message = mt.matches() ? mt.group(2) : s;
                boolean known = logged.stream().anyMatch(n -> n.message().equals(message)
                        && (step < 0 || n.step() == step));
                if (!known) {
                    all.add(new Note(type, step, -1, "", message));
                }
            }
        }
        return all;
    }

    // ---- lenient access to optional fields

    static double num(Object v, double missing) {
        return v instanceof Number n ? n.doubleValue() : missing;
    }

    static String str(Object v) {
        return v == null ? "" : String.valueOf(v);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object v) {
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }

    Map<String, Object> settings() {
        return map(config.get("config"));
    }

    /** A text model: config.json says {@code "task": "text"}, or its "dataset" is a named text corpus. */
    boolean isText() {
        return "text".equalsIgnoreCase(str(config.get("task")))
                || (config.get("dataset") instanceof String name && NamedDatasets.isText(name));
    }

    /** Gradient-clipping threshold: the configured one, or for "auto" the one the checklist reports; 0 if off. */
    /** Points for the monitor plots: the step samples with the evaluations, by step (evaluations alone in old logs). */
    List<EpochRecord> monitorPoints() {
        if (steps.isEmpty()) {
            return evals;
        }
        List<EpochRecord> all = new ArrayList<>(steps);
        all.addAll(evals);
        all.sort(java.util.Comparator.comparingLong(EpochRecord::step));
        return all;
    }

    double clipThreshold() {
        for (String key : new String[] {"clip_norm_effective", "clip_norm"}) {
            if (settings().get(key) instanceof Number n) {
                return n.doubleValue();
            }
        }
        // older run folders: read it back from the checklist
        for (Object o : list(summary.get("checklist"))) {
            Map<String, Object> item = map(o);
            if ("gradient clipping".equals(item.get("title")) || num(item.get("point"), 0) == 8) {
                Matcher mt = Pattern.compile("clipped at ([0-9.eE+-]+)").matcher(str(item.get("detail")));
                if (mt.find()) {
                    try {
                        return Double.parseDouble(mt.group(1));
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                }
            }
        }
        return 0;
    }

    /** The update-ratio band [low, high] from config.json ("1.0E-4..0.01"), else the recipe's. */
    double[] ratioBand() {
        String b = str(settings().get("update_ratio_band"));
        int dots = b.indexOf("..");
        if (dots > 0) {
            try {
                return new double[] {Double.parseDouble(b.substring(0, dots)), Double.parseDouble(b.substring(dots + 2))};
            } catch (NumberFormatException e) {
                // fall through to the recipe's band
            }
        }
        return new double[] {1e-4, 1e-2};
    }

    /** True when some evaluations share an epoch (evaluation every N steps): plot against steps then. */
    boolean severalEvalsPerEpoch() {
        return evals.stream().mapToInt(EpochRecord::epoch).distinct().count() < evals.size();
    }

    Map<String, Object> ensemble() {
        return map(summary.get("ensemble"));
    }
}
