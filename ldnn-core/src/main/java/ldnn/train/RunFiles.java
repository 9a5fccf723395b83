package ldnn.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ldnn.io.AtomicFiles;
import ldnn.io.Json;
import ldnn.io.JsonLines;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The files of a run folder: what each holds, as typed records, and the one reader and writer of each.
 * The trainer writes them ({@link RunFolder}), and {@code ldnn resume}, the report and {@code ldnn info}
 * read them through here. JSON names are the record components in snake_case; NaN (no value) is
 * written as null and read back as NaN; unknown fields are ignored, so a newer file still reads.
 *
 * <pre>
 * config.json             {@link Config}: when, what model, what data, every setting and who changed it,
 *                         and how the run was launched ({@link Launch}; resume starts from it)
 * metrics.jsonl           one JSON object per line, told apart by "type":
 *                           "eval"    an {@link EpochRecord}: after each evaluation
 *                           "step"    an {@link EpochRecord} without validation fields, every 50 steps
 *                           "warning", "event"  a {@link Note}
 *                         a killed run may leave a torn last line, which readers skip
 * checkpoint.safetensors  after every epoch, atomically: see {@link CheckpointFile}
 * summary.json            {@link Summary}: at the end: best validation, stop reason, checklist, notes;
 *                         the CLI adds the test result, the ensemble and the model file's name
 * </pre>
 *
 * Run folders written before this format (no "format" field) are read through {@link #upgradeConfig}
 * and {@link #upgradeSummary}, which move their fields to where they are now.
 */
public final class RunFiles {
    /** The run folder's files: settings, the metrics log, the latest checkpoint and the final summary. */
    public static final String CONFIG = "config.json", METRICS = "metrics.jsonl", CHECKPOINT = "checkpoint.safetensors",
            SUMMARY = "summary.json";
    /** The format of config.json and summary.json written now. */
    public static final int FORMAT = 2;

    private RunFiles() {
    }

    /** How a run was launched (by `ldnn train`; null fields for runs started from the Java API). */
    public record Launch(String command, List<String> arguments, String dataset, String data, String test,
                         Double testFraction, String kind, String modelOption, Integer ensemble, String testTime) {
    }

    /** config.json. */
    public record Config(int format, String started, String modelSpec, long parameters, String trainData,
                         String validation, String preprocessing, String augmentation, TrainConfig.Settings config,
                         double clipNormEffective, List<RecipeChecklist.Change> overrides, Launch launch) {
        /** Copies the overrides; null means none. */
        public Config {
            overrides = overrides == null ? List.of() : List.copyOf(overrides);
        }

        /** A text model (a character language model): its losses are also shown in bits per character. */
        public boolean isText() {
            return launch != null && "text".equalsIgnoreCase(launch.kind());
        }
    }

    /** What the test set says: errors are fractions (0.083 is 8.3%), NaN for regression. */
    public record TestResult(double loss, double error, long examples, double accuracy, String testTime,
                             TestResult imageAlone, Long characters, Double bitsPerCharacter,
                             Double unigramBitsPerCharacter) {
        /** A test result of an evaluation alone. */
        public static TestResult of(Evaluation e) {
            return new TestResult(e.loss(), e.error(), e.examples(), 1 - e.error(), null, null, null, null, null);
        }

        /** The loss, error and example count as an {@link Evaluation}. */
        public Evaluation evaluation() {
            return new Evaluation(loss, error, examples);
        }
    }

    /** The data a run used, as the CLI saw it. */
    public record DataInfo(String dataset, String test, Double testFraction, Long seed, String modelOption,
                           Integer seqLen) {
    }

    /**
     * One trained net: how its training went, and (for ensemble members) its seed and its results on the
     * validation and test sets. Also saved in the model file ("ldnn.training").
     */
    public record Training(DataInfo data, int epochs, long steps, double seconds, String stopReason, int bestEpoch,
                           Evaluation bestValidation, Long seed, Evaluation validation, TestResult test,
                           EnsembleResult ensemble) {
        /** The part of the summary a trainer's result gives. */
        public static Training of(TrainResult r, DataInfo data) {
            return new Training(data, r.last() == null ? 0 : r.last().epoch() + 1, r.steps(), r.seconds(), r.stopReason(),
                    r.bestEpoch(), r.bestValidation(), null, null, null, null);
        }

        /** The same with the seed and the final evaluations filled in. */
        public Training with(Long seed, Evaluation validation, TestResult test, EnsembleResult ensemble) {
            return new Training(data, epochs, steps, seconds, stopReason, bestEpoch, bestValidation, seed, validation, test,
                    ensemble);
        }
    }

    /** The averaged ensemble's results, and each member's. */
    public record EnsembleResult(List<Training> members, Combined ensemble) {
        /** The averaged ensemble's validation and test results. */
        public record Combined(Evaluation validation, TestResult test) {
        }
    }

    /** summary.json. */
    public record Summary(int format, String finished, String stopReason, long steps, double seconds, int bestEpoch,
                          Evaluation bestValidation, List<RecipeChecklist.Item> checklist, List<Note> warnings,
                          List<Note> events, TestResult test, EnsembleResult ensemble, String modelFile, DataInfo data,
                          Double firstStepSeconds) {
        /** Copies the lists; null means empty. */
        public Summary {
            checklist = checklist == null ? List.of() : List.copyOf(checklist);
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
            events = events == null ? List.of() : List.copyOf(events);
        }

        /** The trainer's part of the summary. */
        public static Summary of(TrainResult r, String finished) {
            return new Summary(FORMAT, finished, r.stopReason(), r.steps(), r.seconds(), r.bestEpoch(), r.bestValidation(),
                    r.checklist().items(), r.warnings(), r.events(), null, null, null, null,
                    Double.isNaN(r.firstStepSeconds()) ? null : r.firstStepSeconds());
        }

        /** With what the command that ran the training adds after it. */
        public Summary withResults(RecipeChecklist checklist, TestResult test, EnsembleResult ensemble, String modelFile,
                                   DataInfo data) {
            return new Summary(format, finished, stopReason, steps, seconds, bestEpoch, bestValidation,
                    checklist == null ? this.checklist : checklist.items(), warnings, events, test, ensemble, modelFile, data,
                    firstStepSeconds);
        }
    }

    /** metrics.jsonl, read: the evaluations, the step samples, the notes, and a torn last line (or null). */
    public record Metrics(List<EpochRecord> evals, List<EpochRecord> steps, List<Note> warnings, List<Note> events,
                          String tornLine) {
    }

    // ------------------------------------------------------------------ config.json

    /** Writes the run folder's config.json. */
    public static void writeConfig(Path dir, Config c) throws IOException {
        Json.writeFile(dir.resolve(CONFIG), c);
    }

    /** Reads a run folder's config.json, upgrading a file written by an older format. */
    public static Config readConfig(Path dir) throws IOException {
        Path f = dir.resolve(CONFIG);
        JsonNode tree = Json.tree(Json.readObject(f));
        return convert(f, tree.has("format") ? tree : upgradeConfig((ObjectNode) tree), Config.class);
    }

    /**
     * config.json before format 2: the launch fields sat at the top level, the effective clipping threshold
     * inside the settings, "clip_norm" could be "auto", the ratio band was a string "low..high", and the
     * overrides a map of "label": "who: value".
     */
    static JsonNode upgradeConfig(ObjectNode c) {
        ObjectNode launch = c.objectNode();
        for (String k : List.of("command", "arguments", "dataset", "data", "test", "test_fraction", "kind", "model_option",
                "ensemble", "test_time")) {
            if (c.has(k)) {
                launch.set(k, c.remove(k));
            }
        }
        if ("text".equals(c.path("task").asString(""))) { // older still: "task": "text"
            launch.put("kind", "text");
        }
        c.set("launch", launch);
        if (c.get("config") instanceof ObjectNode s) {
            if (s.has("clip_norm_effective")) {
                c.set("clip_norm_effective", s.remove("clip_norm_effective"));
            }
            if (s.path("clip_norm").isString()) {
                s.putNull("clip_norm");
            }
            if (s.path("update_ratio_band").isString()) {
                String[] b = s.get("update_ratio_band").asString().split("\\.\\.");
                s.putArray("update_ratio_band").add(Double.parseDouble(b[0])).add(Double.parseDouble(b[1]));
            }
        }
        if (c.get("overrides") instanceof ObjectNode o) {
            var list = c.arrayNode();
            for (var e : o.properties()) {
                String v = e.getValue().asString();
                int colon = v.indexOf(": ");
                TrainConfig.Setting setting = TrainConfig.Setting.byLabel(e.getKey());
                if (setting != null) {
                    list.addObject().put("setting", setting.name()).put("by", colon < 0 ? "" : v.substring(0, colon))
                            .put("value", colon < 0 ? v : v.substring(colon + 2));
                }
            }
            c.set("overrides", list);
        }
        return c;
    }

    // ------------------------------------------------------------------ metrics.jsonl

    /** Appends an evaluation ("eval") or a step sample ("step", without the validation fields). */
    public static void appendRecord(Path dir, String type, EpochRecord r) throws IOException {
        Map<String, Object> line = line(type, r);
        if (type.equals("step")) {
            line.remove("val_loss");
            line.remove("val_error");
        }
        JsonLines.append(dir.resolve(METRICS), line, Json.NonFinite.NULL);
    }

    /** Appends a warning or an event. */
    public static void appendNote(Path dir, String type, Note n) throws IOException {
        JsonLines.append(dir.resolve(METRICS), line(type, n), Json.NonFinite.NULL);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> line(String type, Record r) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", type);
        line.putAll(Json.convert(r, Map.class));
        return line;
    }

    /** The log; a torn last line (a killed run) is skipped and returned; lines of unknown type are ignored. */
    public static Metrics readMetrics(Path dir) throws IOException {
        Path f = dir.resolve(METRICS);
        List<EpochRecord> evals = new ArrayList<>(), steps = new ArrayList<>();
        List<Note> warnings = new ArrayList<>(), events = new ArrayList<>();
        if (!Files.isRegularFile(f)) {
            return new Metrics(evals, steps, warnings, events, null);
        }
        JsonLines.Contents log = JsonLines.read(f);
        int line = 0;
        for (Object o : log.records()) {
            line++;
            if (!(o instanceof Map<?, ?> m)) {
                continue;
            }
            String where = f + ": line " + line;
            switch (String.valueOf(m.get("type"))) {
                case "eval" -> evals.add(record(where, m));
                case "step" -> steps.add(record(where, m));
                case "warning" -> warnings.add(convert(where, m, Note.class));
                case "event" -> events.add(convert(where, m, Note.class));
                default -> {
                }
            }
        }
        return new Metrics(evals, steps, warnings, events, log.truncatedLine());
    }

    private static EpochRecord record(String where, Map<?, ?> m) throws IOException {
        if (!(m.get("epoch") instanceof Number) && !(m.get("step") instanceof Number)) {
            throw new IOException(where + " is an evaluation without \"epoch\" or \"step\"");
        }
        return convert(where, m, EpochRecord.class);
    }

    /**
     * Cuts the log back to what a checkpoint knew: a killed run may have logged steps, evaluations and
     * warnings past its last checkpoint, which the resumed run logs again.
     */
    public static void truncateMetrics(Path dir, long step) throws IOException {
        Path f = dir.resolve(METRICS);
        StringBuilder sb = new StringBuilder();
        if (Files.exists(f)) {
            for (Object o : JsonLines.read(f).records()) {
                if (o instanceof Map<?, ?> m && m.get("step") instanceof Number n && n.longValue() <= step) {
                    sb.append(Json.write(o, false, Json.NonFinite.NULL)).append('\n');
                }
            }
        }
        AtomicFiles.writeString(f, sb.toString());
    }

    // ------------------------------------------------------------------ summary.json

    /** Writes the run folder's summary.json atomically. */
    public static void writeSummary(Path dir, Summary s) throws IOException {
        AtomicFiles.writeString(dir.resolve(SUMMARY), Json.write(s, true, Json.NonFinite.NULL) + "\n");
    }

    /** The summary, or null when the run has none (it did not finish). */
    public static Summary readSummary(Path dir) throws IOException {
        Path f = dir.resolve(SUMMARY);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        JsonNode tree = Json.tree(Json.readObject(f));
        return convert(f, tree.has("format") ? tree : upgradeSummary((ObjectNode) tree), Summary.class);
    }

    /**
     * summary.json before format 2: warnings and events were "step N: message" strings, and a checklist
     * item's changes were part of its detail.
     */
    static JsonNode upgradeSummary(ObjectNode s) {
        for (String k : List.of("warnings", "events")) {
            if (s.get(k) != null && s.get(k).isArray()) {
                var notes = s.arrayNode();
                for (JsonNode n : s.get(k)) {
                    if (n.isString()) {
                        String text = n.asString();
                        java.util.regex.Matcher m = java.util.regex.Pattern.compile("step (\\d+): (.*)", java.util.regex.Pattern.DOTALL)
                                .matcher(text);
                        notes.addObject().put("step", m.matches() ? Long.parseLong(m.group(1)) : -1).put("epoch", -1)
                                .put("monitor", "").put("message", m.matches() ? m.group(2) : text);
                    } else {
                        notes.add(n);
                    }
                }
                s.set(k, notes);
            }
        }
        return s;
    }

    private static <T> T convert(Object where, Object value, Class<T> type) throws IOException {
        try {
            return Json.convert(value, type);
        } catch (RuntimeException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
    }
}
