package ldnn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ldnn.cli.Main;
import ldnn.model.ModelFile;
import ldnn.nn.Sequential;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `ldnn train --spark local[2]` in this process: the members are those of the local ensemble, bit for bit. */
class EmbeddedSparkTest {
    static final String SPEC = "dense(16) dense(3)";

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run ldnn(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void ensembleOnSparkHasTheLocalEnsemblesMembers() throws Exception {
        Path csv = SparkData.csv(tmp, 600);
        Run local = ldnn("train", csv.toString(), "--model", SPEC, "--epochs", "4", "--ensemble", "3", "-q",
                "--run", tmp.resolve("local").toString());
        assertEquals(0, local.code(), local.toString());
        Run spark = ldnn("train", csv.toString(), "--model", SPEC, "--epochs", "4", "--ensemble", "3", "-q",
                "--spark", "local[2]", "--run", tmp.resolve("spark").toString());
        assertEquals(0, spark.code(), spark.toString());
        List<Sequential> a = ModelFile.load(tmp.resolve("local/model.ldnn")).members();
        List<Sequential> b = ModelFile.load(tmp.resolve("spark/model.ldnn")).members();
        assertEquals(3, b.size());
        for (int i = 0; i < 3; i++) {
            Map<String, Tensor> pa = a.get(i).parameters(), pb = b.get(i).parameters();
            for (String k : pa.keySet()) {
                assertArrayEquals(pa.get(k).toArray(), pb.get(k).toArray(), "member " + (i + 1) + " " + k);
            }
        }
        String last = spark.out().strip().substring(spark.out().strip().lastIndexOf('\n') + 1);
        assertTrue(local.out().strip().endsWith(last), "same test accuracy:\n" + local.out() + "\n" + spark.out());
    }

    @Test
    void twoDataParallelWorkersTrainTheOneMachineModel() throws Exception {
        Path csv = SparkData.csv(tmp, 3000);
        Run one = ldnn("train", csv.toString(), "--model", SPEC, "--epochs", "6", "-q", "--run", tmp.resolve("one").toString());
        assertEquals(0, one.code(), one.toString());
        Run two = ldnn("train", csv.toString(), "--model", SPEC, "--epochs", "6", "--workers", "2", "--spark", "local[2]",
                "--run", tmp.resolve("two").toString());
        assertEquals(0, two.code(), two.toString());
        assertTrue(two.out().contains("2 workers ended with identical weights"), two.out());
        double worst = ClusterTest.largestRelativeDifference(tmp.resolve("one"), tmp.resolve("two"));
        System.out.println("data-parallel (2 workers) vs one process, 6 epochs: largest relative weight difference " + worst);
        assertTrue(worst < 1e-3, "the same model up to float summation order: " + worst);
        assertTrue(java.nio.file.Files.isRegularFile(tmp.resolve("two/checkpoint.safetensors")), "worker 0 checkpoints");
    }

    @Test
    void aSparkEnsembleResumesWithMoreEpochsFromItsMembersCheckpoints() throws Exception {
        Path csv = SparkData.csv(tmp, 600);
        Path run = tmp.resolve("ens");
        Run first = ldnn("train", csv.toString(), "--model", SPEC, "--epochs", "2", "--ensemble", "2", "-q", "--spark",
                "local[2]", "--run", run.toString());
        assertEquals(0, first.code(), first.toString());
        Run more = ldnn("resume", run.toString(), "--epochs", "4", "-q");
        assertEquals(0, more.code(), more.toString());
        for (int m = 1; m <= 2; m++) {
            String metrics = java.nio.file.Files.readString(run.resolve("members/member-0" + m + "/metrics.jsonl"));
            assertTrue(metrics.contains("resumed from the checkpoint of epoch 2"), metrics);
            assertEquals(4, ldnn.train.RunFiles.readMetrics(run.resolve("members/member-0" + m)).evals().size(),
                    "member " + m + " trained epochs 3 and 4");
        }
        assertTrue(more.out().contains("ensemble of 2"), more.out());
    }

    @Test
    void theEstimatorFitsOnArrayFeaturesAndItsModelFileIsAnLdnnModel() throws Exception {
        var spark = org.apache.spark.sql.SparkSession.builder().master("local[2]").getOrCreate();
        java.util.Random r = new java.util.Random(3);
        List<org.apache.spark.sql.Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 900; i++) {
            int k = r.nextInt(3);
            rows.add(org.apache.spark.sql.RowFactory.create(List.of(k * 2.0 + r.nextGaussian(), r.nextGaussian(),
                    -k * 2.0 + r.nextGaussian()), (double) k));
        }
        var schema = new org.apache.spark.sql.types.StructType()
                .add("features", org.apache.spark.sql.types.DataTypes.createArrayType(
                        org.apache.spark.sql.types.DataTypes.DoubleType))
                .add("label", org.apache.spark.sql.types.DataTypes.DoubleType);
        var df = spark.createDataFrame(rows, schema);
        var model = new ldnn.spark.ml.LdnnClassifier().setModel("dense(8) dense(3)").setEpochs(8).setQuiet(true)
                .setRunFolder(tmp.resolve("fit").toString()).fit(df);
        var scored = model.transform(df);
        long right = scored.filter("prediction = label").count();
        assertTrue(right > 0.8 * 900, right + " of 900 right");
        var bad = spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(List.of(1.0), 0.0)), schema);
        var e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> model.transform(bad).collectAsList());
        assertTrue(String.valueOf(e.getMessage()).contains("expected 3 features per row"), String.valueOf(e.getMessage()));
        Path file = tmp.resolve("array-model.ldnn");
        java.nio.file.Files.write(file, model.modelFile());
        Path features = tmp.resolve("features.csv");
        java.nio.file.Files.writeString(features, "0.1,0.2,0.3\n4,0,-4\n");
        Run p = ldnn("predict", file.toString(), features.toString());
        assertEquals(0, p.code(), p.toString());
        assertEquals(3, p.out().lines().count(), "a header and one row per input:\n" + p.out());
        assertTrue(p.out().lines().skip(2).findFirst().orElseThrow().startsWith("1,2,"), "the second input is class 2:\n"
                + p.out());
    }
}
