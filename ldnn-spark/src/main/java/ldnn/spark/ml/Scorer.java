package ldnn.spark.ml;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import ldnn.model.ModelFile;
import ldnn.nn.Loss;
import ldnn.tensor.Tensor;
import ldnn.train.Ensemble;

/**
 * A model file's predictions for single feature rows, as the transform's functions use them: shipped
 * to the executors as the file's bytes, loaded once per executor JVM.
 */
final class Scorer implements Serializable {
    private final byte[] modelFile;
    private transient ModelFile.Loaded loaded;
    private transient Ensemble ensemble;
    private transient double[] labelOf;

    Scorer(byte[] modelFile) {
        this.modelFile = modelFile;
    }

    byte[] bytes() {
        return modelFile;
    }

    private synchronized void load() {
        if (loaded != null) {
            return;
        }
        try {
            Path f = Files.createTempFile("ldnn-model", ".ldnn");
            try {
                Files.write(f, modelFile);
                loaded = ModelFile.load(f);
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ldnn model file: " + e.getMessage(), e);
        }
        ensemble = Ensemble.of(List.copyOf(loaded.members())).withMirrorAveraging(loaded.info().mirrorAtTest());
        List<String> names = loaded.info().classNames();
        labelOf = new double[names.size()];
        for (int c = 0; c < names.size(); c++) {
            labelOf[c] = Double.parseDouble(names.get(c));
        }
    }

    ModelFile.Info info() {
        load();
        return loaded.info();
    }

    /** The number of label values: probability vectors have one entry per label 0..max. */
    int labels() {
        load();
        double max = 0;
        for (double l : labelOf) {
            max = Math.max(max, l);
        }
        return (int) max + 1;
    }

    /** P(label = j) for j = 0..labels-1, for one example's features. */
    double[] probabilities(float[] features) {
        load();
        int[] shape = loaded.info().inputShape();
        int[] batch = new int[shape.length + 1];
        batch[0] = 1;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        int need = 1;
        for (int d : shape) {
            need *= d;
        }
        if (features.length != need) {
            throw new IllegalArgumentException("ldnn model: expected " + need + " features per row (input shape "
                    + java.util.Arrays.toString(shape) + "), found " + features.length);
        }
        Tensor x = Tensor.of(features, batch);
        if (loaded.preprocessor() != null) {
            x = loaded.preprocessor().apply(x);
        }
        float[] p = ensemble.predict(x, Loss.CROSS_ENTROPY).toArray();
        double[] out = new double[labels()];
        for (int c = 0; c < p.length; c++) {
            out[(int) labelOf[c]] = p[c];
        }
        return out;
    }
}
