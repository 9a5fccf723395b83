package ldnn.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ldnn.io.Json;
import ldnn.io.SafeTensors;
import ldnn.tensor.Tensor;

/**
 * A checkpoint on disk: one safetensors file, written atomically. Tensors: "param/…" (weights),
 * "best/…" (best weights so far), "opt/…" (optimizer buffers). Everything else is JSON in the
 * metadata entry "ldnn.checkpoint".
 */
public final class CheckpointFile {
    public static final int FORMAT = 1;
    static final String KEY = "ldnn.checkpoint";

    private CheckpointFile() {
    }

    public static void write(Path file, Checkpoint c, Map<String, String> extraMetadata) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        c.params().forEach((k, v) -> tensors.put("param/" + k, v));
        c.optimizerState().forEach((k, v) -> tensors.put("opt/" + k, v));
        if (c.bestParams() != null) {
            c.bestParams().forEach((k, v) -> tensors.put("best/" + k, v));
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("epoch", c.epoch());
        s.put("step", c.step());
        s.put("lr", c.lr());
        s.put("optimizer_steps", c.optimizerSteps());
        s.put("best_eval", c.bestEval() == null ? null : evalMap(c.bestEval()));
        s.put("best_epoch", c.bestEpoch());
        s.put("monitors", c.monitors());
        Map<String, Object> rngs = new LinkedHashMap<>();
        c.rngs().forEach((k, v) -> rngs.put(k, v));
        s.put("rngs", rngs);
        List<Object> hist = new ArrayList<>();
        for (EpochRecord r : c.history()) {
            hist.add(RunFolder.recordMap(r));
        }
        s.put("history", hist);
        s.put("warnings", c.warnings());
        s.put("events", c.events());
        s.put("divergences", c.divergences());
        s.put("off_ground_attempts", c.offGroundAttempts());
        s.put("init", c.init());
        s.put("batches_done", c.batchesDone());
        Map<String, String> meta = new LinkedHashMap<>(extraMetadata);
        meta.put(SafeTensors.FORMAT_KEY, String.valueOf(FORMAT));
        meta.put("ldnn.kind", "checkpoint");
        meta.put(KEY, Json.write(s, false, Json.NonFinite.NULL));
        SafeTensors.write(file, tensors, Map.of(), meta);
    }

    @SuppressWarnings("unchecked")
    public static Checkpoint read(Path file) throws IOException {
        SafeTensors.Contents f = SafeTensors.read(file, FORMAT);
        String json = f.metadata().get(KEY);
        if (json == null || !"checkpoint".equals(f.metadata().get("ldnn.kind"))) {
            throw new IOException(file + ": not an ldnn checkpoint (no '" + KEY + "' metadata); "
                    + "is it a model file? Models are loaded with `ldnn eval`/`predict`, runs are continued from their folder");
        }
        Map<String, Object> s = Json.parseObject(json);
        Map<String, Tensor> params = new LinkedHashMap<>(), opt = new LinkedHashMap<>(), best = new LinkedHashMap<>();
        f.floats().forEach((k, v) -> {
            if (k.startsWith("param/")) {
                params.put(k.substring(6), v);
            } else if (k.startsWith("opt/")) {
                opt.put(k.substring(4), v);
            } else if (k.startsWith("best/")) {
                best.put(k.substring(5), v);
            }
        });
        Map<String, long[]> rngs = new LinkedHashMap<>();
        ((Map<String, Object>) s.get("rngs")).forEach((k, v) -> {
            List<Object> l = (List<Object>) v;
            long[] a = new long[l.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = ((Number) l.get(i)).longValue();
            }
            rngs.put(k, a);
        });
        List<EpochRecord> hist = new ArrayList<>();
        for (Object o : (List<Object>) s.get("history")) {
            hist.add(RunFolder.record((Map<String, Object>) o));
        }
        Map<String, Object> be = (Map<String, Object>) s.get("best_eval");
        return new Checkpoint(num(s, "epoch").intValue(), num(s, "step").longValue(), num(s, "lr").doubleValue(),
                params, opt, num(s, "optimizer_steps").longValue(), best.isEmpty() ? null : best,
                be == null ? null : new Evaluation(dbl(be.get("loss")), dbl(be.get("error")), num(be, "examples").longValue()),
                num(s, "best_epoch").intValue(), (Map<String, Map<String, Object>>) (Map<?, ?>) s.get("monitors"), rngs,
                hist, strings(s.get("warnings")), strings(s.get("events")), num(s, "divergences").intValue(),
                num(s, "off_ground_attempts").intValue(), (String) s.get("init"),
                s.get("batches_done") instanceof Number b ? b.intValue() : 0, file.toString());
    }

    static Map<String, Object> evalMap(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", e.loss());
        m.put("error", e.error());
        m.put("examples", e.examples());
        return m;
    }

    private static Number num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("checkpoint: field '" + key + "' missing or not a number");
        }
        return n;
    }

    static double dbl(Object v) {
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object v) {
        return v == null ? List.of() : (List<String>) v;
    }
}
