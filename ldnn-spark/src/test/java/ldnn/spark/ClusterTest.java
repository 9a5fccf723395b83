package ldnn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import ldnn.model.ModelFile;
import ldnn.nn.Sequential;
import ldnn.tensor.Tensor;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * ldnn on a real Spark standalone cluster: a master and two workers, each its own JVM, one core each,
 * their executors further JVMs. The ensemble's members are the local run's, bit for bit, also when an
 * executor is killed with SIGKILL mid-member (the member's retried task continues from its checkpoint);
 * two data-parallel workers train the one-process model, also across a killed executor.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
    static final String SPEC = "dense(16) dense(3)";

    @TempDir
    static Path tmp;
    static LocalCluster cluster;
    static Path csv, bigCsv;

    @BeforeAll
    static void start() throws Exception {
        csv = SparkData.csv(Files.createDirectories(tmp.resolve("small")), 3000);
        bigCsv = SparkData.csv(Files.createDirectories(tmp.resolve("big")), 20000);
        cluster = new LocalCluster(tmp, 2, 1);
        LocalCluster.driverSettings();
    }

    @AfterAll
    static void stop() {
        SparkSession.getDefaultSession().foreach(s -> {
            s.stop();
            return null;
        });
        LocalCluster.clearDriverSettings();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void ensembleMembersOnTheClusterAreTheLocalRunsBitForBit() throws Exception {
        String[] common = {"train", csv.toString(), "--model", SPEC, "--epochs", "6", "--ensemble", "3", "-q"};
        var local = EmbeddedSparkTest.ldnn(concat(common, "--run", tmp.resolve("ens-local").toString()));
        assertEquals(0, local.code(), local.toString());
        var onCluster = EmbeddedSparkTest.ldnn(concat(common, "--spark", cluster.master, "--run",
                tmp.resolve("ens-cluster").toString()));
        assertEquals(0, onCluster.code(), onCluster.toString());
        assertSameMembers(tmp.resolve("ens-local"), tmp.resolve("ens-cluster"), 3);
    }

    @Test
    @Order(2)
    void twoDataParallelWorkersOnTwoExecutorsTrainTheOneProcessModel() throws Exception {
        var one = EmbeddedSparkTest.ldnn("train", csv.toString(), "--model", SPEC, "--epochs", "6", "-q", "--run",
                tmp.resolve("dp-one").toString());
        assertEquals(0, one.code(), one.toString());
        var two = EmbeddedSparkTest.ldnn("train", csv.toString(), "--model", SPEC, "--epochs", "6", "--workers", "2",
                "--spark", cluster.master, "--run", tmp.resolve("dp-two").toString());
        assertEquals(0, two.code(), two.toString());
        assertTrue(two.out().contains("2 workers ended with identical weights"), two.out());
        double d = largestRelativeDifference(tmp.resolve("dp-one"), tmp.resolve("dp-two"));
        System.out.println("cluster: data-parallel (2 executors) vs one process, 6 epochs: " + d);
        assertTrue(d < 1e-3, "same model up to float summation order: " + d);
    }

    @Test
    @Order(3)
    void anEnsembleSurvivesAKilledExecutorWithTheSameMembers() throws Exception {
        String[] common = {"train", bigCsv.toString(), "--model", "dense(64) dense(64) dense(3)", "--epochs", "30",
                "--patience", "100", "--ensemble", "2", "-q"};
        var local = EmbeddedSparkTest.ldnn(concat(common, "--run", tmp.resolve("kill-local").toString()));
        assertEquals(0, local.code(), local.toString());
        Path run = tmp.resolve("kill-cluster");
        AtomicReference<String> killed = killWhen(() -> {
            try (Stream<Path> s = Files.exists(run.resolve("members")) ? Files.list(run.resolve("members")) : Stream.empty()) {
                // both members mid-training (one per executor): whichever executor dies, a member is lost
                return s.filter(m -> Files.exists(m.resolve("checkpoint.safetensors")) && !Files.exists(m.resolve("trained.bin")))
                        .count() == 2;
            }
        });
        var onCluster = EmbeddedSparkTest.ldnn(concat(common, "--spark", cluster.master, "--run", run.toString()));
        assertEquals(0, onCluster.code(), onCluster.toString());
        assertTrue(killed.get() != null, "an executor was killed mid-member");
        String resumed = "";
        for (int i = 1; i <= 2; i++) {
            resumed += Files.readString(run.resolve("members/member-0" + i + "/metrics.jsonl"));
        }
        assertTrue(resumed.contains("resumed from the checkpoint"), "a member continued from its checkpoint");
        assertSameMembers(tmp.resolve("kill-local"), run, 2);
    }

    @Test
    @Order(4)
    void dataParallelTrainingSurvivesAKilledExecutor() throws Exception {
        String[] common = {"train", bigCsv.toString(), "--model", "dense(64) dense(64) dense(3)", "--epochs", "12",
            "--patience", "100"};
        var one = EmbeddedSparkTest.ldnn(concat(common, "-q", "--run", tmp.resolve("dpkill-one").toString()));
        assertEquals(0, one.code(), one.toString());
        Path run = tmp.resolve("dpkill-two");
        AtomicReference<String> killed = killWhen(() -> Files.exists(run.resolve("checkpoint.safetensors")));
        var two = EmbeddedSparkTest.ldnn(concat(common, "--workers", "2", "--spark", cluster.master, "--run",
                run.toString()));
        assertEquals(0, two.code(), two.toString());
        assertTrue(killed.get() != null, "an executor was killed");
        assertTrue(Files.readString(run.resolve("metrics.jsonl")).contains("resumed from the checkpoint"),
                "the retried stage continued from worker 0's checkpoint");
        double d = largestRelativeDifference(tmp.resolve("dpkill-one"), run);
        System.out.println("cluster: data-parallel across a killed executor vs one process, 12 epochs: " + d);
        assertTrue(d < 1e-3, "same model up to float summation order: " + d);
    }

    @Test
    @Order(5)
    void theEstimatorTrainsAnEnsembleInsideAPipelineAndSavesAModelLdnnReads() throws Exception {
        SparkSession spark = SparkSession.builder().master(cluster.master).getOrCreate();
        var df = spark.read().option("header", "true").option("inferSchema", "true").csv(csv.toString());
        var indexer = new org.apache.spark.ml.feature.StringIndexer().setInputCol("colour").setOutputCol("label");
        var assembler = new org.apache.spark.ml.feature.VectorAssembler().setInputCols(new String[] {"a", "b", "c", "d"})
                .setOutputCol("features");
        var ldnn = new ldnn.spark.ml.LdnnClassifier().setModel(SPEC).setEpochs(5).setEnsemble(2).setQuiet(true)
                .setRunFolder(tmp.resolve("estimator").toString());
        var pipeline = new org.apache.spark.ml.Pipeline().setStages(new org.apache.spark.ml.PipelineStage[] {indexer,
            assembler, ldnn});
        var fitted = pipeline.fit(df);
        var scored = fitted.transform(df);
        long right = scored.filter("prediction = label").count(), all = scored.count();
        System.out.println("estimator: pipeline accuracy on its training data " + right + "/" + all);
        assertTrue(right > 0.8 * all, right + " of " + all + " right");
        assertTrue(List.of(scored.columns()).containsAll(List.of("probability", "prediction")));
        Path saved = tmp.resolve("pipeline-model");
        fitted.write().overwrite().save(saved.toString());
        var loaded = org.apache.spark.ml.PipelineModel.load(saved.toString());
        var again = loaded.transform(df).select("prediction").collectAsList();
        assertEquals(scored.select("prediction").collectAsList(), again, "the loaded pipeline predicts the same");
        Path modelFile;
        try (Stream<Path> files = Files.walk(saved)) {
            modelFile = files.filter(f -> f.getFileName().toString().equals("model.ldnn")).findFirst().orElseThrow();
        }
        var info = EmbeddedSparkTest.ldnn("info", modelFile.toString());
        assertEquals(0, info.code(), info.toString());
        assertTrue(info.out().contains("2 members") || info.out().toLowerCase(java.util.Locale.ROOT).contains("ensemble"),
                info.out());
        var eval = EmbeddedSparkTest.ldnn("eval", modelFile.toString(), tmp.resolve("estimator/data.npz").toString());
        assertEquals(0, eval.code(), eval.toString());
        assertTrue(eval.out().contains("accuracy"), eval.out());
    }

    interface Check {
        boolean ready() throws Exception;
    }

    /** Kills one executor JVM with SIGKILL as soon as {@code when} holds (watching in the background). */
    static AtomicReference<String> killWhen(Check when) {
        AtomicReference<String> killed = new AtomicReference<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                for (int i = 0; i < 6000 && killed.get() == null; i++) {
                    if (when.ready()) {
                        List<ProcessHandle> ex = cluster.executors();
                        if (!ex.isEmpty()) {
                            ProcessHandle p = ex.get(0);
                            new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor();
                            killed.set("executor pid " + p.pid());
                            System.out.println("killed " + killed.get());
                        }
                    }
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return killed;
    }

    static void assertSameMembers(Path a, Path b, int k) throws Exception {
        List<Sequential> x = ModelFile.load(a.resolve("model.ldnn")).members();
        List<Sequential> y = ModelFile.load(b.resolve("model.ldnn")).members();
        assertEquals(k, y.size());
        for (int i = 0; i < k; i++) {
            Map<String, Tensor> pa = x.get(i).parameters(), pb = y.get(i).parameters();
            for (String name : pa.keySet()) {
                assertArrayEquals(pa.get(name).toArray(), pb.get(name).toArray(), "member " + (i + 1) + " " + name);
            }
        }
    }

    static double largestRelativeDifference(Path a, Path b) throws Exception {
        Map<String, Tensor> x = ModelFile.load(a.resolve("model.ldnn")).model().parameters();
        Map<String, Tensor> y = ModelFile.load(b.resolve("model.ldnn")).model().parameters();
        double worst = 0;
        for (String k : x.keySet()) {
            float[] u = x.get(k).toArray(), v = y.get(k).toArray();
            for (int i = 0; i < u.length; i++) {
                worst = Math.max(worst, Math.abs(u[i] - v[i]) / (1e-3 + Math.abs(u[i])));
            }
        }
        return worst;
    }

    static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
