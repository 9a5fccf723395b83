package ldnn.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ldnn.io.Json;
import ldnn.io.SafeTensors;
import ldnn.tensor.Tensor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A checkpoint on disk: one safetensors file, written atomically. Tensors: "param/…" (weights),
 * "opt/…" (optimizer buffers), "monitor/NAME/…" (a monitor's large state, e.g. the best weights so
 * far). Everything else is the JSON of {@link State} in the metadata entry "ldnn.checkpoint".
 */
public final class CheckpointFile {
    /** The checkpoint file format this version writes and reads. */
    public static final int FORMAT = 1;
    /** The version of the JSON state: 2 since monitors keep their own state. */
    static final int VERSION = 2;
    static final String KEY = "ldnn.checkpoint";

    private CheckpointFile() {
    }

    /** The checkpoint's JSON part: everything but the tensors; each monitor's fields under its name. */
    record State(int version, int epoch, int batchesDone, long step, double lr, double startLr, long optimizerSteps,
                 Map<String, Object> monitors, Map<String, long[]> rngs, Checkpoint.Log log, String stopReason) {
    }

    /**
     * Writes a checkpoint atomically (complete or unchanged): parameters and optimizer state as tensors, everything
     * else as JSON metadata, plus {@code extraMetadata}.
     */
    public static void write(Path file, Checkpoint c, Map<String, String> extraMetadata) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        c.params().forEach((k, v) -> tensors.put("param/" + k, v));
        c.optimizerState().forEach((k, v) -> tensors.put("opt/" + k, v));
        Map<String, Object> monitors = new LinkedHashMap<>();
        c.monitors().forEach((name, s) -> {
            monitors.put(name, s.fields());
            s.tensors().forEach((k, v) -> tensors.put("monitor/" + name + "/" + k, v));
        });
        State s = new State(VERSION, c.epoch(), c.batchesDone(), c.step(), c.lr(), c.startLr(), c.optimizerSteps(),
                monitors, c.rngs(), c.log(), c.stopReason());
        Map<String, String> meta = new LinkedHashMap<>(extraMetadata);
        meta.put(SafeTensors.FORMAT_KEY, String.valueOf(FORMAT));
        meta.put("ldnn.kind", "checkpoint");
        meta.put(KEY, Json.write(s, false, Json.NonFinite.NULL));
        SafeTensors.write(file, tensors, Map.of(), meta);
    }

    /**
     * Reads a checkpoint, checking its format and checksums; a model file or other safetensors file is refused with a
     * message saying so.
     */
    public static Checkpoint read(Path file) throws IOException {
        SafeTensors.Contents f = SafeTensors.read(file, FORMAT);
        String json = f.metadata().get(KEY);
        if (json == null || !"checkpoint".equals(f.metadata().get("ldnn.kind"))) {
            throw new IOException(file + ": not an ldnn checkpoint (no '" + KEY + "' metadata); "
                    + "is it a model file? Models are loaded with `ldnn eval`/`predict`, runs are continued from their folder");
        }
        for (String k : f.floats().keySet()) {
            if (k.startsWith("monitor/") && k.indexOf('/', 8) < 9) {
                throw new IOException(file + ": tensor '" + k + "': expected a name monitor/<monitor>/<tensor>, as ldnn"
                        + " writes a monitor's state (damaged file?)");
            }
        }
        Map<String, Tensor> params = new LinkedHashMap<>(), opt = new LinkedHashMap<>();
        Map<String, Map<String, Tensor>> monitorTensors = new LinkedHashMap<>();
        f.floats().forEach((k, v) -> {
            if (k.startsWith("param/")) {
                params.put(k.substring(6), v);
            } else if (k.startsWith("opt/")) {
                opt.put(k.substring(4), v);
            } else if (k.startsWith("best/")) { // version 1: the best weights
                monitorTensors.computeIfAbsent("best-model", n -> new LinkedHashMap<>()).put(k.substring(5), v);
            } else if (k.startsWith("monitor/")) {
                int slash = k.indexOf('/', 8);
                monitorTensors.computeIfAbsent(k.substring(8, slash), n -> new LinkedHashMap<>()).put(k.substring(slash + 1), v);
            }
        });
        State s;
        try {
            JsonNode tree = Json.tree(Json.parseObject(json));
            s = Json.convert(tree.path("version").asInt(1) >= 2 ? tree : upgrade((ObjectNode) tree), State.class);
        } catch (RuntimeException e) {
            throw new IOException(file + ": the checkpoint's state (" + KEY + ") cannot be read: " + e.getMessage(), e);
        }
        String missing = s.monitors() == null ? "monitors" : s.rngs() == null ? "rngs" : s.log() == null ? "log" : null;
        if (missing != null) {
            throw new IOException(file + ": the checkpoint's state (" + KEY + ") has no '" + missing + "' (damaged file?)");
        }
        Map<String, MonitorState> monitors = new LinkedHashMap<>();
        s.monitors().forEach((name, fields) -> monitors.put(name,
                new MonitorState(fields, monitorTensors.getOrDefault(name, Map.of()))));
        monitorTensors.forEach((name, t) -> monitors.putIfAbsent(name, new MonitorState(null, t)));
        return new Checkpoint(s.epoch(), s.batchesDone(), s.step(), s.lr(), s.startLr(), params, opt, s.optimizerSteps(),
                monitors, s.rngs(), s.log(), s.stopReason(),
                file + (f.checksummed() ? "" : " (written before ldnn kept checksums: not checked for damage)"));
    }

    /**
     * Version 1 (before monitors kept their own state): the best evaluation, the divergence count, the
     * off-the-ground attempts and the init sat at the top level, the starting LR in the update-ratio
     * monitor, and warnings and events were "step N: message" strings. Moved to where they are now.
     */
    static JsonNode upgrade(ObjectNode v1) {
        ObjectNode monitors = v1.get("monitors") instanceof ObjectNode m ? m : v1.putObject("monitors");
        ObjectNode best = monitors.putObject("best-model");
        best.set("eval", v1.remove("best_eval"));
        best.set("epoch", v1.remove("best_epoch"));
        monitors.putObject("divergence-guard").set("divergences", v1.remove("divergences"));
        ObjectNode ground = monitors.putObject("off-the-ground");
        ground.set("attempts", v1.remove("off_ground_attempts"));
        ground.set("init", v1.remove("init"));
        JsonNode startLr = monitors.path("update-ratio").path("start_lr");
        v1.set("start_lr", startLr.isNumber() ? startLr : v1.get("lr"));
        ObjectNode log = v1.putObject("log");
        log.set("history", v1.remove("history"));
        for (String k : List.of("warnings", "events")) {
            ObjectNode wrapped = v1.objectNode();
            wrapped.set(k, v1.remove(k));
            log.set(k, RunFiles.upgradeSummary(wrapped).get(k));
        }
        return v1;
    }
}
