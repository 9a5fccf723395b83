package ldnn.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ldnn.io.Json;
import ldnn.io.JsonLines;
import ldnn.train.RunFiles;

/**
 * Run folders written by hand in the shape RunFolder and the CLI wrote before format 2 (no "format"
 * field: the readers upgrade them, so these tests also keep old run folders readable): a plausible classification
 * run (losses falling, an LR halving, ratios near 1e-3, some clipping) that tests then bend into a
 * regression, text, ensemble, one-epoch or killed run.
 */
final class SyntheticRun {
    final Map<String, Object> config = new LinkedHashMap<>();
    final List<Map<String, Object>> lines = new ArrayList<>();
    final Map<String, Object> summary = new LinkedHashMap<>();

    static SyntheticRun classification(int epochs) {
        SyntheticRun r = new SyntheticRun();
        r.config.put("dataset", "blobs");
        r.config.put("started", "2025-01-02T03:04:05Z");
        r.config.put("model_spec", "dense(64) relu dropout(0.2) dense(5)");
        r.config.put("parameters", 1029);
        r.config.put("train_data", "blobs (1350 examples, batches of 128, shuffled each epoch)");
        r.config.put("validation", "10% of the training data held out (150 examples, seed 1)");
        r.config.put("preprocessing", null);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("batch_size", 128);
        settings.put("lr", 0.1);
        settings.put("optimizer", "sgd");
        settings.put("clip_norm", 2.0);
        settings.put("update_ratio_band", "1.0E-4..0.01");
        r.config.put("config", settings);
        r.config.put("overrides", new LinkedHashMap<>(Map.of("gradient clipping", "code: 2.0")));
        double lr = 0.1;
        long clipped = 0;
        for (int e = 0; e < epochs; e++) {
            long step = 11L * (e + 1);
            if (e == 3) {
                lr /= 2;
                r.lines.add(note("event", step, e, "lr-schedule", "LR 0.100 -> 0.0500: validation error 0.1 has not improved"));
            }
            clipped += e < 2 ? 3 : 0;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "eval");
            m.put("epoch", e);
            m.put("step", step);
            m.put("train_loss", 1.6 / (1 + e));
            m.put("train_error", 0.6 / (1 + e));
            m.put("val_loss", 1.7 / (1 + 0.8 * e));
            m.put("val_error", 0.62 / (1 + 0.8 * e));
            m.put("lr", lr);
            m.put("seconds", 0.5 * (e + 1));
            m.put("examples_per_s", 25000.0);
            m.put("grad_norm", 3.0 / (1 + e));
            m.put("clipped", clipped);
            m.put("update_ratios", Map.of("0.weight", 2e-3 / (1 + e), "3.weight", 5e-4 / (1 + e)));
            r.lines.add(m);
            if (e == 1) {
                r.lines.add(note("warning", step, e, "update-ratio", "3.weight: update/weight ratio 9.0e-05 is below 1e-04"));
            }
        }
        r.summary.put("stop_reason", "reached the maximum of " + epochs + " epochs");
        r.summary.put("steps", 11L * epochs);
        r.summary.put("seconds", 0.5 * epochs);
        r.summary.put("best_epoch", epochs - 1);
        r.summary.put("best_validation", Map.of("loss", 1.7 / (1 + 0.8 * (epochs - 1)), "error", 0.62 / (1 + 0.8 * (epochs - 1)),
                "examples", 150));
        r.summary.put("checklist", List.of(
                item(1, "validation set", "applied", "10% held out"),
                item(5, "LR schedule", "overridden", "started at LR 0.1 (learning rate set by command line: 0.1)"),
                item(8, "gradient clipping", "applied", "gradient norm clipped at 2 in 6 of 55 steps"),
                item(10, "LSTM forget-gate bias", "not_applicable", "no LSTM layer"),
                item(13, "ensemble", "off", "a single net")));
        r.summary.put("warnings", List.of("step 22: 3.weight: update/weight ratio 9.0e-05 is below 1e-04"));
        r.summary.put("events", epochs > 3 ? List.of("step 44: LR 0.100 -> 0.0500: validation error 0.1 has not improved") : List.of());
        r.summary.put("test", Map.of("loss", 0.4, "error", 0.12, "accuracy", 0.88));
        return r;
    }

    /** Errors null, as a regression run logs them. */
    SyntheticRun regression() {
        for (Map<String, Object> m : lines) {
            if ("eval".equals(m.get("type"))) {
                m.put("train_error", null);
                m.put("val_error", null);
            }
        }
        summary.put("best_validation", Map.of("loss", 0.2));
        summary.put("test", Map.of("loss", 0.25));
        return this;
    }

    SyntheticRun ensembleOf(int k) {
        List<Object> members = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            members.add(Map.of("validation", Map.of("loss", 0.5 + 0.02 * i, "error", 0.11 + 0.01 * i),
                    "test", Map.of("loss", 0.52 + 0.02 * i, "error", 0.12 + 0.01 * i)));
        }
        summary.put("ensemble", Map.of("members", members, "ensemble",
                Map.of("validation", Map.of("loss", 0.42, "error", 0.09), "test", Map.of("loss", 0.44, "error", 0.095))));
        return this;
    }

    static Map<String, Object> note(String type, long step, int epoch, String monitor, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("step", step);
        m.put("epoch", epoch);
        m.put("monitor", monitor);
        m.put("message", message);
        return m;
    }

    static Map<String, Object> item(int point, String title, String status, String detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("point", point);
        m.put("title", title);
        m.put("status", status);
        m.put("detail", detail);
        return m;
    }

    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Json.writeFile(dir.resolve(RunFiles.CONFIG), config);
        for (Map<String, Object> m : lines) {
            JsonLines.append(dir.resolve(RunFiles.METRICS), m, Json.NonFinite.NULL);
        }
        if (!summary.isEmpty()) {
            Files.writeString(dir.resolve(RunFiles.SUMMARY), Json.write(summary, true, Json.NonFinite.NULL) + "\n");
        }
        return dir;
    }
}
