package ldnn.spark.ml;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ldnn.cli.Main;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;

/**
 * ldnn's recipe trainer as a Spark ML estimator: fits on a DataFrame with a features column (an ML
 * Vector or an array of numbers) and a label column (class indices 0, 1, ...), and returns an
 * {@link LdnnClassificationModel}. It runs `ldnn train` on the collected rows with its params as the
 * options: one net on the driver, or with {@code ensemble > 1} one member per Spark task, or with
 * {@code workers > 1} synchronous data-parallel workers, on the session's cluster. The run folder
 * (config, metrics, checkpoints, report, model.ldnn) is kept in {@code runFolder}.
 *
 * <p>The rows are collected on the driver and written to the run folder as an .npz file, which every
 * task reads: on a cluster, runFolder must be a path all executors see (a shared file system).
 * {@code testFraction} of the rows is held out as the run's test set (reported in the run folder).
 */
public final class LdnnClassifier extends Estimator<LdnnClassificationModel> implements DefaultParamsWritable {
    private final String uid;
    private final Param<String> featuresCol, labelCol, predictionCol, probabilityCol, model, time, inputShape, runFolder,
            augment;
    private final IntParam epochs, ensemble, workers, seed, batchSize;
    private final DoubleParam lr, testFraction;
    private final BooleanParam quiet;

    public LdnnClassifier() {
        this(Identifiable$.MODULE$.randomUID("ldnn"));
    }

    public LdnnClassifier(String uid) {
        this.uid = uid;
        featuresCol = new Param<>(this, "featuresCol", "features column: an ML Vector or an array of numbers");
        labelCol = new Param<>(this, "labelCol", "label column: class indices 0, 1, 2, ...");
        predictionCol = new Param<>(this, "predictionCol", "prediction column (the most probable label)");
        probabilityCol = new Param<>(this, "probabilityCol", "probability column (Vector of P(label = j))");
        model = new Param<>(this, "model", "ldnn --model: a preset (mlp, convnet, ...) or a spec; empty: ldnn's default");
        time = new Param<>(this, "time", "ldnn --time: time budget per net, e.g. 90s, 15m; empty: none");
        inputShape = new Param<>(this, "inputShape", "shape of one example, e.g. 1,28,28 for images; empty: a vector");
        runFolder = new Param<>(this, "runFolder", "the run folder (shared by the cluster); empty: a new temporary folder");
        augment = new Param<>(this, "augment", "ldnn --augment for images (none, or shift=PX,rotate=DEG,flip); empty: default");
        epochs = new IntParam(this, "epochs", "ldnn --epochs: the most epochs (0: ldnn's default)");
        ensemble = new IntParam(this, "ensemble", "ldnn --ensemble: nets averaged (> 1: one member per Spark task)");
        workers = new IntParam(this, "workers", "ldnn --workers: synchronous data-parallel Spark tasks per net");
        seed = new IntParam(this, "seed", "ldnn --seed");
        batchSize = new IntParam(this, "batchSize", "ldnn --batch-size: the global batch (the same for any workers)");
        lr = new DoubleParam(this, "lr", "ldnn --lr: the initial learning rate");
        testFraction = new DoubleParam(this, "testFraction", "ldnn --test-fraction: rows held out as the run's test set");
        quiet = new BooleanParam(this, "quiet", "no progress lines");
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, "probability");
        setDefault(model, "");
        setDefault(time, "");
        setDefault(inputShape, "");
        setDefault(runFolder, "");
        setDefault(augment, "");
        setDefault(epochs, 0);
        setDefault(ensemble, 1);
        setDefault(workers, 1);
        setDefault(seed, 1);
        setDefault(batchSize, 128);
        setDefault(lr, 0.1);
        setDefault(testFraction, 0.1);
        setDefault(quiet, false);
    }

    // ---------------------------------------------------------------- params (Spark ML finds them by these getters)
    public Param<String> featuresCol() { return featuresCol; }
    public Param<String> labelCol() { return labelCol; }
    public Param<String> predictionCol() { return predictionCol; }
    public Param<String> probabilityCol() { return probabilityCol; }
    public Param<String> model() { return model; }
    public Param<String> time() { return time; }
    public Param<String> inputShape() { return inputShape; }
    public Param<String> runFolder() { return runFolder; }
    public Param<String> augment() { return augment; }
    public IntParam epochs() { return epochs; }
    public IntParam ensemble() { return ensemble; }
    public IntParam workers() { return workers; }
    public IntParam seed() { return seed; }
    public IntParam batchSize() { return batchSize; }
    public DoubleParam lr() { return lr; }
    public DoubleParam testFraction() { return testFraction; }
    public BooleanParam quiet() { return quiet; }

    public LdnnClassifier setFeaturesCol(String v) { set(featuresCol, v); return this; }
    public LdnnClassifier setLabelCol(String v) { set(labelCol, v); return this; }
    public LdnnClassifier setPredictionCol(String v) { set(predictionCol, v); return this; }
    public LdnnClassifier setProbabilityCol(String v) { set(probabilityCol, v); return this; }
    public LdnnClassifier setModel(String v) { set(model, v); return this; }
    public LdnnClassifier setTime(String v) { set(time, v); return this; }
    public LdnnClassifier setInputShape(String v) { set(inputShape, v); return this; }
    public LdnnClassifier setRunFolder(String v) { set(runFolder, v); return this; }
    public LdnnClassifier setAugment(String v) { set(augment, v); return this; }
    public LdnnClassifier setEpochs(int v) { set(epochs, v); return this; }
    public LdnnClassifier setEnsemble(int v) { set(ensemble, v); return this; }
    public LdnnClassifier setWorkers(int v) { set(workers, v); return this; }
    public LdnnClassifier setSeed(int v) { set(seed, v); return this; }
    public LdnnClassifier setBatchSize(int v) { set(batchSize, v); return this; }
    public LdnnClassifier setLr(double v) { set(lr, v); return this; }
    public LdnnClassifier setTestFraction(double v) { set(testFraction, v); return this; }
    public LdnnClassifier setQuiet(boolean v) { set(quiet, v); return this; }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        Columns.checkFeatures(schema, getOrDefault(featuresCol));
        Columns.checkLabel(schema, getOrDefault(labelCol));
        return Columns.withOutputs(schema, getOrDefault(probabilityCol), getOrDefault(predictionCol));
    }

    @Override
    public LdnnClassificationModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        try {
            Path dir = getOrDefault(runFolder).isEmpty() ? Files.createTempDirectory("ldnn-fit-")
                    : Files.createDirectories(Path.of(getOrDefault(runFolder)));
            Path data = dir.resolve("data.npz");
            int rows = collect(dataset, data);
            List<String> args = arguments(data, dir.resolve("run"));
            StringWriter out = new StringWriter(), err = new StringWriter();
            CommandLine cl = Main.commandLine();
            PrintWriter progress = (Boolean) getOrDefault(quiet) ? new PrintWriter(out, true) : new PrintWriter(System.out, true);
            cl.setOut(progress);
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args.toArray(String[]::new));
            progress.flush();
            if (code != 0) {
                throw new IllegalArgumentException("ldnn: training on " + rows + " rows failed (ldnn train "
                        + String.join(" ", args) + "): " + err.toString().strip());
            }
            LdnnClassificationModel m = LdnnClassificationModel.fromFile(LdnnClassificationModel.newUid(),
                    dir.resolve("run").resolve(LdnnClassificationModel.MODEL_FILE));
            return copyValues(m, ParamMap.empty()).setParent(this);
        } catch (IOException e) {
            throw new UncheckedIOException("ldnn fit: " + e.getMessage(), e);
        }
    }

    /** The train command's arguments for these params. */
    List<String> arguments(Path data, Path run) {
        List<String> a = new ArrayList<>(List.of("train", data.toString(), "--run", run.toString(), "--seed",
                Integer.toString(intOf(seed)), "--batch-size", Integer.toString(intOf(batchSize)), "--lr",
                Double.toString(doubleOf(lr)), "--test-fraction", Double.toString(doubleOf(testFraction))));
        if (!getOrDefault(model).isEmpty()) {
            a.addAll(List.of("--model", getOrDefault(model)));
        }
        if (!getOrDefault(time).isEmpty()) {
            a.addAll(List.of("--time", getOrDefault(time)));
        }
        if (intOf(epochs) > 0) {
            a.addAll(List.of("--epochs", Integer.toString(intOf(epochs))));
        }
        if (!getOrDefault(augment).isEmpty()) {
            a.addAll(List.of("--augment", getOrDefault(augment)));
        }
        if ((Boolean) getOrDefault(quiet)) {
            a.add("-q");
        }
        int k = intOf(ensemble), w = intOf(workers);
        if (k > 1 || w > 1) {
            // on this session's cluster (the one the DataFrame lives on)
            a.addAll(List.of("--ensemble", Integer.toString(k), "--workers", Integer.toString(w), "--spark",
                    org.apache.spark.sql.SparkSession.active().sparkContext().master()));
        }
        return a;
    }

    /** Collects features and labels to the driver and writes them as an .npz file; returns the row count. */
    private int collect(Dataset<?> dataset, Path file) throws IOException {
        String f = getOrDefault(featuresCol), l = getOrDefault(labelCol);
        List<Row> rows = dataset.select(f, l).collectAsList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("ldnn fit: the DataFrame has no rows");
        }
        int[] shape = shape(Columns.features(rows.get(0).get(0)).length);
        int d = Columns.features(rows.get(0).get(0)).length;
        float[] x = new float[rows.size() * d];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            float[] v = Columns.features(r.get(0));
            if (v.length != d) {
                throw new IllegalArgumentException("ldnn fit: features column '" + f + "' row " + i + ": expected " + d
                        + " values (as in row 0), found " + v.length);
            }
            System.arraycopy(v, 0, x, i * d, d);
            double label = ((Number) r.get(1)).doubleValue();
            if (!(label >= 0) || label != Math.rint(label)) {
                throw new IllegalArgumentException("ldnn fit: label column '" + l + "' row " + i + ": expected a class"
                        + " index 0, 1, 2, ..., found " + label + " (StringIndexer turns other labels into indices)");
            }
            y[i] = (int) label;
        }
        int[] xShape = new int[shape.length + 1];
        xShape[0] = rows.size();
        System.arraycopy(shape, 0, xShape, 1, shape.length);
        ldnn.data.NpzWriter.write(file, x, xShape, y);
        return rows.size();
    }

    private int[] shape(int features) {
        String s = getOrDefault(inputShape).trim();
        if (s.isEmpty()) {
            return new int[] {features};
        }
        String[] parts = s.split(",");
        int[] shape = new int[parts.length];
        int n = 1;
        for (int i = 0; i < parts.length; i++) {
            shape[i] = Integer.parseInt(parts[i].trim());
            n *= shape[i];
        }
        if (n != features) {
            throw new IllegalArgumentException("ldnn fit: inputShape " + s + " holds " + n + " values, but the features"
                    + " column has " + features + " per row");
        }
        return shape;
    }

    private int intOf(IntParam p) {
        return (Integer) getOrDefault(p);
    }

    private double doubleOf(DoubleParam p) {
        return (Double) getOrDefault(p);
    }

    @Override
    public LdnnClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** Spark ML's reader (used by {@code load} and by {@code Pipeline.load}). */
    public static MLReader<LdnnClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static LdnnClassifier load(String path) {
        return read().load(path);
    }
}
