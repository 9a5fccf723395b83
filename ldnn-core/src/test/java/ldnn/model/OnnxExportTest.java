package ldnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ldnn.data.ImageStandardizer;
import ldnn.data.Preprocessor;
import ldnn.data.Standardizer;
import ldnn.nn.Init;
import ldnn.nn.Loss;
import ldnn.nn.ModelSpec;
import ldnn.nn.Sequential;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import ldnn.train.Ensemble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every layer kind exported to ONNX and run in ONNX Runtime: the probabilities match ldnn's own
 * prediction (what {@code ldnn predict} computes: preprocessing, members, mirror averaging) to 1e-5.
 */
class OnnxExportTest {
    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();

    /** A model file of the spec with random weights, batch-norm statistics that are not 0 and 1, and fitted preprocessing. */
    static ModelFile.Loaded model(Path dir, String spec, int[] shape, int members, boolean mirror, boolean logColumns)
            throws Exception {
        Rng rng = new Rng(7);
        List<Sequential> nets = new java.util.ArrayList<>();
        for (int i = 0; i < members; i++) {
            Sequential m = ModelSpec.build(spec, shape, 0);
            m.initialize(Init.defaults(), rng.split());
            m.train(true);
            for (int k = 0; k < 3; k++) { // moves the running statistics away from 0 and 1
                m.forward(inputs(rng, 16, shape).mul(1.5f).add(0.3f));
            }
            nets.add(m);
        }
        Tensor fitOn = raw(rng, 50, shape, logColumns);
        Preprocessor pre = shape.length == 3 ? ImageStandardizer.fit(fitOn) : logColumns
                ? Standardizer.fit(fitOn, Map.of(0, true, 2, true)) : Standardizer.fit(fitOn);
        int classes = ModelSpec.outputShape(nets.get(0), shape)[0];
        List<String> names = java.util.stream.IntStream.range(0, classes).mapToObj(i -> "c" + i).toList();
        Path f = dir.resolve("m.ldnn");
        ModelFile.save(f, nets, pre, new ModelFile.Info(spec, shape, 0, names, "cross-entropy", Map.of(),
                mirror ? ModelFile.MIRROR : ModelFile.NO_TTA));
        return ModelFile.load(f);
    }

    static Tensor inputs(Rng rng, int n, int[] shape) {
        int[] s = new int[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return Tensor.randn(rng, s);
    }

    /** Raw inputs as a user has them: pixel values 0-255, or table columns with a wide range. */
    static Tensor raw(Rng rng, int n, int[] shape, boolean wide) {
        Tensor x = inputs(rng, n, shape);
        if (shape.length == 3) {
            return Tensor.rand(rng, x.shape()).mul(255f);
        }
        return wide ? x.mul(x).mul(x).mul(1000f) : x.mul(3f).add(2f);
    }

    /** ldnn's probabilities for raw inputs, as ldnn predict computes them. */
    static float[] ldnnProbabilities(ModelFile.Loaded m, Tensor x) {
        Tensor in = m.preprocessor() == null ? x : m.preprocessor().apply(x);
        return Ensemble.of(List.copyOf(m.members())).withMirrorAveraging(m.info().mirrorAtTest())
                .predict(in, Loss.CROSS_ENTROPY).toArray();
    }

    static float[] onnxProbabilities(byte[] onnx, Tensor x) throws Exception {
        return onnxProbabilities(onnx, x, false);
    }

    /** Runs the graph on x (as int64 ids when {@code ids}); returns its probabilities. */
    static float[] onnxProbabilities(byte[] onnx, Tensor x, boolean ids) throws Exception {
        long[] shape = java.util.Arrays.stream(x.shape()).asLongStream().toArray();
        try (OrtSession s = ORT.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor in = ids ? OnnxTensor.createTensor(ORT, java.nio.LongBuffer.wrap(longs(x)), shape)
                     : OnnxTensor.createTensor(ORT, FloatBuffer.wrap(x.toArray()), shape);
             OrtSession.Result r = s.run(Map.of("input", in))) {
            return ((OnnxTensor) r.get("probabilities").orElseThrow()).getFloatBuffer().array();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "dense(12) dense(5)                                                 | 6      | 1 | false | false",
        "dense(12,bias=false) tanh dense(8) sigmoid dropout(0.3) dense(4)  | 6      | 1 | false | true",
        "dense(16) bn dense(8) ln dense(3)                                  | 5      | 1 | false | false",
        "res(dense(8) dense(8)) res(dense(8) dense(5)) dense(3)            | 8      | 1 | false | false",
        "conv(4,3) pool(2) conv(6,5,stride=2,pad=1) flatten dense(5)       | 2,10,9 | 1 | false | false",
        "conv(4,3) bn avgpool(2,stride=1) conv(4,3) ln gap dense(3)        | 1,8,8  | 1 | true  | false",
        "conv(4,3) bn res(conv(4,3) bn relu conv(4,3) bn) res(conv(8,3,stride=2) bn conv(8,3) bn) gap dense(4) | 3,8,8 | 1 | true | false",
        "conv(3,3) pool(2) dense(6) dropout(0.5) dense(3)                   | 1,6,6  | 3 | true  | false",
        "dense(10) dense(4)                                                 | 7      | 3 | false | true",
    })
    void everyLayerKindRunsInOnnxRuntimeAndMatchesLdnn(String spec, String shapeText, int members, boolean mirror,
                                                         boolean logColumns, @TempDir Path dir) throws Exception {
        int[] shape = java.util.Arrays.stream(shapeText.trim().split(",")).mapToInt(Integer::parseInt).toArray();
        ModelFile.Loaded m = model(dir, spec.trim(), shape, members, mirror, logColumns);
        Tensor x = raw(new Rng(3), 9, shape, logColumns);
        byte[] onnx = OnnxExport.export(m);
        float[] want = ldnnProbabilities(m, x), got = onnxProbabilities(onnx, x);
        assertEquals(want.length, got.length);
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(want[i] - got[i]));
        }
        assertTrue(worst <= 1e-5, spec + ": largest difference " + worst);
        // the file form, written atomically, is the same model, and passes the ONNX checker
        Path f = dir.resolve("m.onnx");
        OnnxExport.write(f, m);
        assertEquals(onnx.length, Files.size(f));
        checkWithOnnxChecker(f);
    }

    /**
     * Runs the ONNX project's checker with full shape inference (Debian's python3-onnx, which .ci/run
     * installs); skipped where it is missing, except in CI.
     */
    static void checkWithOnnxChecker(Path f) throws Exception {
        Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import onnx").redirectErrorStream(true).start();
        boolean have = probe.waitFor() == 0;
        if (!have) {
            org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("CI") != null,
                    "python3-onnx is not installed (apt-get install python3-onnx); the ONNX checker is skipped");
            throw new AssertionError("CI: python3-onnx is missing (.ci/run installs it)");
        }
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import onnx, sys; m = onnx.load(sys.argv[1]); "
                + "onnx.checker.check_model(m, full_check=True); print('ok', m.opset_import[0].version)", f.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "onnx.checker: " + out);
        assertTrue(out.contains("ok " + OnnxExport.OPSET), out);
    }

    /** Text and sequence models: embedding, LSTM (gates reordered), RNN, per-step and last-step outputs. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "embed(4) lstm(6) dense(5)                                | 7   | 5",
        "embed(4) lstm(6,layers=2,forget_bias=1.5,last=true) dense(5) | 7 | 5",
        "embed(4) lstm(6,stateful=true) dense(5)                  | 7   | 5",
        "embed(3) rnn(5) dense(5)                                 | 6   | 5",
        "embed(3) rnn(5,last=true) ln dense(5)                    | 6   | 5",
        "lstm(6) dense(3)                                         | 5,2 | 0",
        "embed(4) gru(6) dense(5)                                 | 7   | 5",
        "embed(4) gru(6,last=true) dense(5)                       | 7   | 5",
    })
    void sequenceModelsRunInOnnxRuntimeAndMatchLdnn(String spec, String shapeText, int vocab, @TempDir Path dir)
            throws Exception {
        int[] shape = java.util.Arrays.stream(shapeText.trim().split(",")).mapToInt(Integer::parseInt).toArray();
        Sequential m = ModelSpec.build(spec.trim(), shape, vocab);
        m.initialize(Init.defaults(), new Rng(5));
        int outputs = ModelSpec.outputShape(m, shape)[ModelSpec.outputShape(m, shape).length - 1];
        Path f = dir.resolve("t.ldnn");
        ModelFile.save(f, List.of(m), null, new ModelFile.Info(spec.trim(), shape, vocab,
                java.util.stream.IntStream.range(0, outputs).mapToObj(i -> "c" + i).toList(), "cross-entropy", Map.of()));
        ModelFile.Loaded loaded = ModelFile.load(f);
        Rng rng = new Rng(8);
        int n = 4;
        Tensor x = vocab > 0 ? ids(rng, n, shape[0], vocab) : inputs(rng, n, shape);
        float[] want = ldnnProbabilities(loaded, x);
        byte[] onnx = OnnxExport.export(loaded);
        float[] got = onnxProbabilities(onnx, x, vocab > 0);
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5, spec + " entry " + i);
        }
        Path o = dir.resolve("t.onnx");
        OnnxExport.write(o, loaded);
        checkWithOnnxChecker(o);
    }

    static Tensor ids(Rng rng, int n, int t, int vocab) {
        float[] v = new float[n * t];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextInt(vocab);
        }
        return Tensor.of(v, n, t);
    }

    static long[] longs(Tensor x) {
        float[] f = x.toArray();
        long[] l = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            l[i] = (long) f[i];
        }
        return l;
    }
}
