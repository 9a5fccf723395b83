package ldnn.spark.ml;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A trained ldnn net (or ensemble) as a Spark ML model: adds a {@code probability} Vector (P(label = j)
 * for j = 0..max label) and a {@code prediction} (the most probable label) to a DataFrame. It saves
 * itself with Spark ML's persistence as the usual metadata plus {@code model.ldnn}, which the
 * {@code ldnn info/eval/predict} commands read as they read any model file.
 */
public final class LdnnClassificationModel extends Model<LdnnClassificationModel> implements MLWritable {
    /** The file inside a saved model's folder that is an ordinary ldnn model file. */
    public static final String MODEL_FILE = "model.ldnn";

    private final String uid;
    private final Scorer scorer;
    private final Param<String> featuresCol, predictionCol, probabilityCol;

    public LdnnClassificationModel(String uid) {
        this(uid, null);
    }

    LdnnClassificationModel(String uid, byte[] modelFile) {
        this.uid = uid;
        this.scorer = modelFile == null ? null : new Scorer(modelFile);
        featuresCol = new Param<>(this, "featuresCol", "features column: an ML Vector or an array of numbers");
        predictionCol = new Param<>(this, "predictionCol", "prediction column (the most probable label)");
        probabilityCol = new Param<>(this, "probabilityCol", "probability column (Vector of P(label = j))");
        setDefault(featuresCol, "features");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, "probability");
    }

    static LdnnClassificationModel fromFile(String uid, Path modelFile) throws IOException {
        return new LdnnClassificationModel(uid, Files.readAllBytes(modelFile));
    }

    public Param<String> featuresCol() {
        return featuresCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    public LdnnClassificationModel setFeaturesCol(String v) {
        set(featuresCol, v);
        return this;
    }

    public LdnnClassificationModel setPredictionCol(String v) {
        set(predictionCol, v);
        return this;
    }

    public LdnnClassificationModel setProbabilityCol(String v) {
        set(probabilityCol, v);
        return this;
    }

    /** The ldnn model file's bytes (write them to a file for `ldnn info`, `eval`, `predict`). */
    public byte[] modelFile() {
        return scorer.bytes().clone();
    }

    /** Label values the probability vector covers (0 .. numClasses-1). */
    public int numClasses() {
        return scorer.labels();
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        Columns.checkFeatures(schema, getOrDefault(featuresCol));
        return Columns.withOutputs(schema, getOrDefault(probabilityCol), getOrDefault(predictionCol));
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Scorer s = scorer;
        UserDefinedFunction probability = functions.udf(
                (UDF1<Object, Vector>) v -> Vectors.dense(s.probabilities(Columns.features(v))), new VectorUDT());
        UserDefinedFunction argmax = functions.udf((UDF1<Vector, Double>) p -> (double) p.argmax(), DataTypes.DoubleType);
        String prob = getOrDefault(probabilityCol);
        return dataset.withColumn(prob, probability.apply(dataset.col(getOrDefault(featuresCol))))
                .withColumn(getOrDefault(predictionCol), argmax.apply(functions.col(prob)));
    }

    @Override
    public LdnnClassificationModel copy(ParamMap extra) {
        LdnnClassificationModel m = new LdnnClassificationModel(uid, scorer == null ? null : scorer.bytes());
        return copyValues(m, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        LdnnClassificationModel self = this;
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                DefaultParamsWriter$.MODULE$.saveMetadata(self, path, sparkSession());
                org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(path, MODEL_FILE);
                try {
                    FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
                    try (OutputStream out = fs.create(file, true)) {
                        out.write(self.scorer.bytes());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /** Spark ML's reader (used by {@code load} and by {@code PipelineModel.load}). */
    public static MLReader<LdnnClassificationModel> read() {
        return new MLReader<>() {
            @Override
            public LdnnClassificationModel load(String path) {
                DefaultParamsReader.Metadata md = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(),
                        LdnnClassificationModel.class.getName());
                org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(path, MODEL_FILE);
                try {
                    FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
                    byte[] bytes;
                    try (InputStream in = fs.open(file)) {
                        bytes = in.readAllBytes();
                    }
                    LdnnClassificationModel m = new LdnnClassificationModel(md.uid(), bytes);
                    md.getAndSetParams(m, scala.Option.empty());
                    return m;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
                }
            }
        };
    }

    public static LdnnClassificationModel load(String path) {
        return read().load(path);
    }

    static String newUid() {
        return Identifiable$.MODULE$.randomUID("ldnnModel");
    }
}
