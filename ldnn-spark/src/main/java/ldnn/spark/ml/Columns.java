package ldnn.spark.ml;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The features column's two accepted forms (an ML Vector, or an array of numbers) and the schema checks. */
final class Columns {
    private Columns() {
    }

    static void checkFeatures(StructType schema, String col) {
        DataType t = field(schema, col).dataType();
        boolean ok = t instanceof VectorUDT || t instanceof ArrayType a && a.elementType() instanceof NumericType;
        if (!ok) {
            throw new IllegalArgumentException("ldnn: features column '" + col + "': expected an ML Vector or an array of"
                    + " numbers (VectorAssembler makes one), found " + t.simpleString());
        }
    }

    static void checkLabel(StructType schema, String col) {
        DataType t = field(schema, col).dataType();
        if (!(t instanceof NumericType)) {
            throw new IllegalArgumentException("ldnn: label column '" + col + "': expected class indices 0, 1, 2, ... as"
                    + " numbers (StringIndexer makes them), found " + t.simpleString());
        }
    }

    static StructField field(StructType schema, String col) {
        if (!List.of(schema.fieldNames()).contains(col)) {
            throw new IllegalArgumentException("ldnn: no column '" + col + "' in the data; its columns are "
                    + String.join(", ", schema.fieldNames()));
        }
        return schema.apply(col);
    }

    /** The schema with the model's two output columns added. */
    static StructType withOutputs(StructType schema, String probabilityCol, String predictionCol) {
        return schema.add(probabilityCol, new VectorUDT(), false).add(predictionCol, org.apache.spark.sql.types.DataTypes.DoubleType,
                false);
    }

    /** One row's features as floats, from a Vector, a Scala Seq or a Java List of numbers. */
    static float[] features(Object v) {
        if (v instanceof Vector vec) {
            double[] d = vec.toArray();
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        if (v instanceof scala.collection.Seq<?> seq) {
            return features(scala.jdk.javaapi.CollectionConverters.asJava(seq));
        }
        if (v instanceof List<?> list) {
            float[] f = new float[list.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = ((Number) list.get(i)).floatValue();
            }
            return f;
        }
        throw new IllegalArgumentException("ldnn: expected a features Vector or array, found "
                + (v == null ? "null" : v.getClass().getName()));
    }
}
