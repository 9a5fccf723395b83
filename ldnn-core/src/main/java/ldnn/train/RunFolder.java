package ldnn.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ldnn.io.Json;
import ldnn.io.JsonLines;
import ldnn.nn.Module;

/**
 * A run's folder, written as training goes:
 * <pre>
 * config.json             settings, model spec, data description (at start)
 * metrics.jsonl           one line per evaluation ("type":"eval"), per warning/event, and a
 *                         sample of the training steps every 50 steps ("type":"step")
 * checkpoint.safetensors  after every epoch, atomically (resume continues from it)
 * summary.json            at the end: best validation, stop reason, checklist, warnings
 * </pre>
 * The model file, test results and the report are added by whoever owns the run (the CLI).
 */
public final class RunFolder implements RunRecorder {
    public static final String CONFIG = "config.json", METRICS = "metrics.jsonl", CHECKPOINT = "checkpoint.safetensors",
            SUMMARY = "summary.json";

    private final Path dir;
    private final Map<String, Object> extraConfig;

    /** @param extraConfig anything the caller wants in config.json (e.g. the command line, dataset name) */
    public RunFolder(Path dir, Map<String, Object> extraConfig) {
        this.dir = dir;
        this.extraConfig = extraConfig == null ? Map.of() : extraConfig;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run folder " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void start(TrainConfig cfg, Module model, TrainingData data) {
        Map<String, Object> c = new LinkedHashMap<>(extraConfig);
        c.put("started", Instant.now().toString());
        c.put("model_spec", safeSpec(model));
        c.put("parameters", model.parameterCount());
        c.put("train_data", data.train().describe());
        c.put("validation", data.validationNote());
        c.put("preprocessing", data.preprocessor() == null ? null : data.preprocessor().describe());
        c.put("augmentation", data.augmenter() == null ? null : data.augmenter().describe());
        Map<String, Object> settings = new LinkedHashMap<>(cfg.describe());
        settings.put("clip_norm_effective", cfg.clipNormFor(model));
        c.put("config", settings);
        c.put("overrides", cfg.overrides());
        write(() -> Json.writeFile(dir.resolve(CONFIG), c));
    }

    private static String safeSpec(Module m) {
        try {
            return m.spec();
        } catch (RuntimeException e) {
            return m.getClass().getSimpleName();
        }
    }

    /**
     * On resume, the log is cut back to what the checkpoint knew: a killed run may have logged steps,
     * evaluations and warnings past its last checkpoint, which the resumed run will log again.
     */
    @Override
    public void resumed(Checkpoint c) {
        Path f = dir.resolve(METRICS);
        write(() -> {
            StringBuilder sb = new StringBuilder();
            if (Files.exists(f)) {
                for (Object o : JsonLines.read(f).records()) {
                    if (o instanceof Map<?, ?> m && m.get("step") instanceof Number n && n.longValue() <= c.step()) {
                        sb.append(Json.write(o, false, Json.NonFinite.NULL)).append('\n');
                    }
                }
            }
            ldnn.io.AtomicFiles.writeString(f, sb.toString());
        });
        event(c.step(), c.epoch(), "event", "resume", "resumed from the checkpoint of epoch " + (c.epoch() + 1));
    }

    @Override
    public void record(EpochRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "eval");
        m.putAll(recordMap(r));
        write(() -> JsonLines.append(dir.resolve(METRICS), m, Json.NonFinite.NULL));
    }

    @Override
    public void step(EpochRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "step");
        m.putAll(recordMap(r));
        m.remove("val_loss");
        m.remove("val_error");
        write(() -> JsonLines.append(dir.resolve(METRICS), m, Json.NonFinite.NULL));
    }

    @Override
    public void event(long step, int epoch, String kind, String monitor, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", kind);
        m.put("step", step);
        m.put("epoch", epoch);
        m.put("monitor", monitor);
        m.put("message", message);
        write(() -> JsonLines.append(dir.resolve(METRICS), m, Json.NonFinite.NULL));
    }

    @Override
    public void checkpoint(Trainer trainer, int completedEpoch) {
        Checkpoint c = RunRecorder.capture(trainer, completedEpoch);
        write(() -> CheckpointFile.write(dir.resolve(CHECKPOINT), c, Map.of("ldnn.model_spec", safeSpec(trainer.model()))));
    }

    @Override
    public void finish(TrainResult r) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("finished", Instant.now().toString());
        s.put("stop_reason", r.stopReason());
        s.put("steps", r.steps());
        s.put("seconds", r.seconds());
        s.put("best_epoch", r.bestEpoch());
        s.put("best_validation", r.bestValidation() == null ? null : CheckpointFile.evalMap(r.bestValidation()));
        s.put("checklist", r.checklist().stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("point", i.point());
            m.put("title", i.title());
            m.put("status", i.status().name().toLowerCase(java.util.Locale.ROOT));
            m.put("detail", i.detail());
            return m;
        }).toList());
        s.put("warnings", r.warnings());
        s.put("events", r.events());
        updateSummary(dir, s);
    }

    /** Merges fields into summary.json (the CLI adds test results, ensemble members, file names). */
    public static void updateSummary(Path dir, Map<String, Object> fields) {
        Path f = dir.resolve(SUMMARY);
        write(() -> {
            Map<String, Object> s = Files.exists(f) ? new LinkedHashMap<>(Json.readObject(f)) : new LinkedHashMap<>();
            s.putAll(fields);
            ldnn.io.AtomicFiles.writeString(f, Json.write(s, true, Json.NonFinite.NULL) + "\n");
        });
    }

    static Map<String, Object> recordMap(EpochRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", r.epoch());
        m.put("step", r.step());
        m.put("train_loss", r.trainLoss());
        m.put("train_error", r.trainError());
        m.put("val_loss", r.valLoss());
        m.put("val_error", r.valError());
        m.put("lr", r.lr());
        m.put("seconds", r.seconds());
        m.put("examples_per_s", r.examplesPerSecond());
        m.put("grad_norm", r.gradNorm());
        m.put("clipped", r.clipped());
        m.put("update_ratios", new LinkedHashMap<>(r.updateRatios()));
        return m;
    }

    @SuppressWarnings("unchecked")
    static EpochRecord record(Map<String, Object> m) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        Object ur = m.get("update_ratios");
        if (ur instanceof Map<?, ?> mm) {
            ((Map<String, Object>) mm).forEach((k, v) -> ratios.put(k, CheckpointFile.dbl(v)));
        }
        return new EpochRecord(((Number) m.get("epoch")).intValue(), ((Number) m.get("step")).longValue(),
                CheckpointFile.dbl(m.get("train_loss")), CheckpointFile.dbl(m.get("train_error")),
                CheckpointFile.dbl(m.get("val_loss")), CheckpointFile.dbl(m.get("val_error")),
                CheckpointFile.dbl(m.get("lr")), CheckpointFile.dbl(m.get("seconds")),
                CheckpointFile.dbl(m.get("examples_per_s")), CheckpointFile.dbl(m.get("grad_norm")),
                ((Number) m.get("clipped")).longValue(), ratios);
    }

    /** All evaluation records of a metrics log (a torn last line from a killed run is skipped). */
    @SuppressWarnings("unchecked")
    public static List<EpochRecord> readMetrics(Path dir) throws IOException {
        return JsonLines.read(dir.resolve(METRICS)).records().stream()
                .map(o -> (Map<String, Object>) o).filter(m -> "eval".equals(m.get("type"))).map(RunFolder::record).toList();
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
