package ldnn.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ldnn.data.Preprocessor;
import ldnn.io.FileFormatException;
import ldnn.io.Json;
import ldnn.io.SafeTensors;
import ldnn.nn.Module;
import ldnn.nn.ModelSpec;
import ldnn.nn.Sequential;
import ldnn.tensor.Tensor;

/**
 * One self-describing model file: architecture (the model spec and input shape), preprocessing
 * (kind, settings and fitted statistics), class names, the loss, a training summary, and the weights.
 * It is a safetensors file, so PyTorch users can read the weights with {@code safetensors.torch.load_file}:
 * a single model's tensors carry its parameter names ("0.weight", ...); an ensemble's are prefixed
 * {@code "members.<i>."} as an nn.ModuleList would be. Everything else is in the metadata (keys "ldnn.*").
 */
public final class ModelFile {
    /** The model file format this version writes and reads. */
    public static final int FORMAT = 1;

    private ModelFile() {
    }

    /**
     * What a model file says about its model(s). testTime is how predictions are made: "none" (the input
     * as it is) or "mirror" (the average over each image and its mirror image, for nets trained with flips).
     */
    public record Info(String spec, int[] inputShape, int vocab, List<String> classNames, String loss,
                       Map<String, Object> training, String testTime) {
        /** Checks that the test-time view is {@link #NO_TTA} or {@link #MIRROR}. */
        public Info {
            if (!testTime.equals(NO_TTA) && !testTime.equals(MIRROR)) {
                throw new IllegalArgumentException("test-time view must be '" + NO_TTA + "' or '" + MIRROR + "', got '"
                        + testTime + "'");
            }
        }

        /** Info for predictions on the input as it is (no test-time view). */
        public Info(String spec, int[] inputShape, int vocab, List<String> classNames, String loss,
                    Map<String, Object> training) {
            this(spec, inputShape, vocab, classNames, loss, training, NO_TTA);
        }

        /** Whether predictions average each image and its mirror image. */
        public boolean mirrorAtTest() {
            return testTime.equals(MIRROR);
        }
    }

    /** Info.testTime values. */
    public static final String NO_TTA = "none", MIRROR = "mirror";

    /**
     * A loaded model file: the members (one unless it is an ensemble), their preprocessing and the info.
     *
     * @param checksummed false for a file written before ldnn kept checksums: it loads, but damage to it
     *                    cannot be detected ({@link #note})
     */
    public record Loaded(List<Sequential> members, Preprocessor preprocessor, Info info, Map<String, String> metadata,
                         boolean checksummed) {
        /** What a user should know about the file (null: nothing): an old file that cannot be checked. */
        public String note(Path file) {
            return checksummed ? null : "note: " + file + " was written before ldnn kept checksums in model files, so"
                    + " it could not be checked for damage (train or save it again to add them)";
        }

        /** The model (the first member of an ensemble). */
        public Sequential model() {
            return members.get(0);
        }

        /** Whether the file holds more than one member. */
        public boolean isEnsemble() {
            return members.size() > 1;
        }
    }

    /**
     * Writes the members' weights, the preprocessing and the info to one file, atomically (complete or unchanged),
     * with a CRC-32C of every tensor and of the metadata; one member is a model, more an ensemble.
     */
    public static void save(Path file, List<? extends Module> members, Preprocessor preprocessor, Info info)
            throws IOException {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("ModelFile.save: no model given");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            String prefix = members.size() == 1 ? "" : "members." + i + ".";
            for (Map.Entry<String, Tensor> e : members.get(i).state().entrySet()) {
                tensors.put(prefix + e.getKey(), e.getValue());
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(SafeTensors.FORMAT_KEY, String.valueOf(FORMAT));
        meta.put("ldnn.kind", "model");
        meta.put("ldnn.spec", info.spec());
        meta.put("ldnn.input_shape", Json.write(info.inputShape()));
        meta.put("ldnn.vocab", String.valueOf(info.vocab()));
        meta.put("ldnn.classes", Json.write(info.classNames()));
        meta.put("ldnn.loss", info.loss());
        meta.put("ldnn.members", String.valueOf(members.size()));
        meta.put("ldnn.test_time", info.testTime());
        meta.put("ldnn.created", Instant.now().toString());
        meta.put("ldnn.training", Json.write(info.training(), false, Json.NonFinite.NULL));
        if (preprocessor != null) {
            meta.put("ldnn.preprocess.kind", preprocessor.kind());
            meta.put("ldnn.preprocess.config", Json.write(preprocessor.config()));
            for (Map.Entry<String, Tensor> e : preprocessor.state().entrySet()) {
                tensors.put("preprocess." + e.getKey(), e.getValue());
            }
        }
        SafeTensors.write(file, tensors, Map.of(), meta);
    }

    /**
     * Reads a model file, rebuilding the members from the spec and checking every checksum; a damaged or foreign file
     * is a {@link FileFormatException} naming the file.
     */
    @SuppressWarnings("unchecked")
    public static Loaded load(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileFormatException(file, "is a folder; expected a model file" + (Files.isRegularFile(
                    file.resolve("model.ldnn")) ? " (this run folder's is " + file.resolve("model.ldnn") + ")" : ""));
        }
        SafeTensors.Contents c = SafeTensors.read(file, FORMAT);
        Map<String, String> m = c.metadata();
        if (!"model".equals(m.get("ldnn.kind"))) {
            throw new FileFormatException(file, "not an ldnn model file (kind '" + m.get("ldnn.kind")
                    + "'; a run's checkpoint is continued with `ldnn resume <run folder>`)");
        }
        String spec = require(file, m, "ldnn.spec");
        int[] inputShape = parse(file, m, "ldnn.input_shape", v -> {
            int[] shape = ((List<?>) Json.parse(v)).stream().mapToInt(o -> Math.toIntExact((Long) o)).toArray();
            if (shape.length == 0 || Arrays.stream(shape).anyMatch(d -> d < 1)) {
                throw new IllegalArgumentException("expected a list of positive sizes");
            }
            return shape;
        });
        int vocab = parse(file, m, "ldnn.vocab", Integer::parseInt);
        List<String> classes = parse(file, m, "ldnn.classes", v -> ((List<?>) Json.parse(v)).stream()
                .map(name -> (String) name).toList());
        int k = parse(file, m, "ldnn.members", v -> {
            if (Integer.parseInt(v) < 1) {
                throw new IllegalArgumentException("expected at least 1 member");
            }
            return Integer.parseInt(v);
        });
        Map<String, Object> training = m.containsKey("ldnn.training")
                ? parse(file, m, "ldnn.training", Json::parseObject) : Map.of();
        String testTime = m.getOrDefault("ldnn.test_time", NO_TTA);
        if (!testTime.equals(NO_TTA) && !testTime.equals(MIRROR)) {
            throw new FileFormatException(file, "metadata 'ldnn.test_time' is '" + testTime + "'; expected '" + NO_TTA
                    + "' or '" + MIRROR + "'");
        }
        Info info = new Info(spec, inputShape, vocab, classes, require(file, m, "ldnn.loss"), training, testTime);
        List<Sequential> members = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            Sequential model;
            try {
                model = ModelSpec.build(spec, inputShape, vocab);
            } catch (IllegalArgumentException e) {
                throw new FileFormatException(file, "its model spec does not build: " + e.getMessage());
            } catch (OutOfMemoryError e) { // the metadata sizes the model before any weight is checked
                throw new FileFormatException(file, "its model spec '" + spec + "' for input shape " + Json.write(inputShape)
                        + " needs more memory than the heap has, yet the file holds " + c.floats().values().stream()
                        .mapToLong(Tensor::numel).sum() + " weights (damaged metadata? if not, give ldnn more memory: LDNN_HEAP)");
            }
            String prefix = k == 1 ? "" : "members." + i + ".";
            Map<String, Tensor> weights = new LinkedHashMap<>();
            for (String name : model.state().keySet()) {
                Tensor t = c.floats().get(prefix + name);
                if (t == null) {
                    throw new FileFormatException(file, "weights '" + prefix + name + "' are missing (the spec '"
                            + spec + "' needs " + model.state().keySet() + ")");
                }
                weights.put(name, t);
            }
            try {
                model.loadState(weights);
            } catch (IllegalArgumentException e) {
                throw new FileFormatException(file, "" + e.getMessage());
            }
            model.eval();
            members.add(model);
        }
        Preprocessor pre = null;
        if (m.containsKey("ldnn.preprocess.kind")) {
            Map<String, String> config = new LinkedHashMap<>();
            parse(file, m, "ldnn.preprocess.config", Json::parseObject).forEach((key, v) -> config.put(key, String.valueOf(v)));
            Map<String, Tensor> state = new LinkedHashMap<>();
            c.floats().forEach((name, v) -> {
                if (name.startsWith("preprocess.")) {
                    state.put(name.substring("preprocess.".length()), v);
                }
            });
            try {
                pre = Preprocessor.restore(m.get("ldnn.preprocess.kind"), config, state);
            } catch (IllegalArgumentException e) {
                throw new FileFormatException(file, "its preprocessing does not restore: " + e.getMessage());
            }
        }
        return new Loaded(members, pre, info, m, c.checksummed());
    }

    /** Metadata value key as parse reads it; a value ldnn does not write is an error naming the key and the value. */
    private static <T> T parse(Path file, Map<String, String> m, String key, java.util.function.Function<String, T> parse)
            throws FileFormatException {
        String v = require(file, m, key);
        try {
            return parse.apply(v);
        } catch (RuntimeException e) {
            throw new FileFormatException(file, "metadata '" + key + "' is " + Json.quote(v.length() > 60 ? v.substring(0, 60)
                    + "..." : v) + ", not what ldnn writes there (" + e.getMessage() + ")");
        }
    }

    private static String require(Path file, Map<String, String> m, String key) throws FileFormatException {
        String v = m.get(key);
        if (v == null) {
            throw new FileFormatException(file, "metadata '" + key + "' is missing; the file is not a complete "
                    + "ldnn model (written by another tool, or damaged)");
        }
        return v;
    }
}
