package ldnn.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import ldnn.backend.Blas;
import ldnn.cli.ClusterTraining;
import ldnn.cli.TrainJob;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Function1;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;

/**
 * `ldnn train --spark`: ensemble members as Spark tasks, or data-parallel workers as the tasks of a
 * barrier stage. The tasks run {@link TrainJob}, the same trainer as a local run; this class only
 * places them and hands their results back.
 */
public final class SparkTraining implements ClusterTraining {
    /** JVM options every ldnn executor needs (the Vector API, native access for OpenBLAS and oneDNN). */
    static final String EXECUTOR_JAVA_OPTIONS = "--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED";

    @Override
    public List<TrainJob.Trained> ensemble(String master, TrainJob job, int k, PrintStream out) {
        SparkSession spark = session(master, "ldnn train: ensemble of " + k, job.quiet() ? null : out);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Integer> members = sc.parallelize(IntStream.range(0, k).boxed().toList(), k);
        try (var watch = FailureReport.on(spark, out, "member")) {
            return members.map(i -> member(job, i, k)).collect();
        }
    }

    /** One member, in its task: one BLAS thread per task core, so each member trains as in the local ensemble. */
    static TrainJob.Trained member(TrainJob job, int i, int k) throws IOException {
        TaskContext tc = TaskContext.get();
        Blas.get().setThreads(Math.max(1, tc == null ? 1 : tc.cpus()));
        String attempt = tc == null || tc.attemptNumber() == 0 ? "" : " (attempt " + (tc.attemptNumber() + 1) + ")";
        PrintStream out = ldnn.train.Ensemble.prefixed(job.quiet() ? null : System.out, "[member " + (i + 1) + "/" + k + attempt + "] ");
        return job.trainMember(i, k, out);
    }

    @Override
    public TrainJob.Trained dataParallel(String master, TrainJob job, int workers, PrintStream out) {
        SparkSession spark = session(master, "ldnn train: " + workers + " data-parallel workers", job.quiet() ? null : out);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Integer> ranks = sc.parallelize(IntStream.range(0, workers).boxed().toList(), workers);
        @SuppressWarnings("unchecked")
        Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<WorkerResult>> f =
                (Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<WorkerResult>> & Serializable)
                        it -> CollectionConverters.asScala(List.of(worker(job)).iterator());
        // the barrier stage ends in a shuffle: Spark retries a failed barrier shuffle-map stage (all its tasks,
        // from worker 0's last checkpoint), but aborts a failed barrier result stage
        List<WorkerResult> results;
        try (var watch = FailureReport.on(spark, out, "worker")) {
            results = ranks.rdd().barrier().mapPartitions(f, false, ClassTag$.MODULE$.apply(WorkerResult.class))
                    .toJavaRDD().repartition(1).collect();
        }
        results = results.stream().sorted(java.util.Comparator.comparingInt(WorkerResult::rank)).toList();
        long first = results.get(0).checksum();
        for (WorkerResult r : results) {
            if (r.checksum() != first) {
                throw new IllegalStateException(String.format(Locale.ROOT, "data-parallel training: worker %d ended with"
                        + " different weights than worker 0 (checksums %08x and %08x); the workers must apply the same"
                        + " update every step", r.rank(), r.checksum(), first));
            }
        }
        WorkerResult w0 = results.stream().filter(r -> r.rank() == 0).findFirst().orElseThrow();
        if (!job.quiet()) {
            out.printf(Locale.ROOT, "%d workers ended with identical weights (checksum %08x); all-reduce: %d sums, %.1f MB"
                    + " sent per worker, %.1f s%n", workers, first, w0.sums(), w0.bytesSent() / 1e6, w0.ringSeconds());
        }
        return w0.trained();
    }

    /** What each worker hands back: worker 0 its net, every worker the checksum of its weights. */
    record WorkerResult(int rank, TrainJob.Trained trained, long checksum, long sums, long bytesSent, double ringSeconds)
            implements Serializable {
    }

    /** One data-parallel worker, in its barrier task: join the ring, train on its shards. */
    static WorkerResult worker(TrainJob job) {
        BarrierTaskContext ctx = BarrierTaskContext.get();
        int rank = ctx.partitionId(), workers = ctx.getTaskInfos().length;
        Blas.get().setThreads(Math.max(1, ctx.cpus()));
        String host = ctx.getTaskInfos()[rank].address();
        host = host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        try (RingAllReduce ring = RingAllReduce.join(rank, workers, host, mine -> ctx.allGather(mine[0]))) {
            PrintStream out = ldnn.train.Ensemble.prefixed(job.quiet() ? null : System.out, workers == 1 ? ""
                    : "[worker " + (rank + 1) + "/" + workers + (ctx.attemptNumber() == 0 ? "" : ", attempt "
                    + (ctx.attemptNumber() + 1)) + "] ");
            TrainJob.Trained t = job.trainWorker(ring, out);
            return new WorkerResult(rank, rank == 0 ? t : null, t.checksum(), ring.sums(), ring.bytesSent(), ring.seconds());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The session for a master: spark-submit's (or one already running) when --spark names none, else a
     * new one; local[*] when nothing says otherwise.
     */
    static SparkSession session(String master, String app, PrintStream out) {
        SparkConf conf = new SparkConf();
        if (!ClusterTraining.DEFAULT_MASTER.equals(master)) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.app.name", app);
        conf.setIfMissing("spark.executor.extraJavaOptions", EXECUTOR_JAVA_OPTIONS);
        conf.setIfMissing("spark.ui.enabled", "false");
        SparkSession running = SparkSession.getDefaultSession().getOrElse(() -> null);
        if (running != null && !ClusterTraining.DEFAULT_MASTER.equals(master)
                && !running.sparkContext().master().equals(master)) {
            running.stop(); // another master was asked for (a second run in this process)
        }
        String jars = System.getProperty("ldnn.spark.jars");
        if (jars != null && !conf.contains("spark.jars") && !conf.get("spark.master").startsWith("local")) {
            conf.set("spark.jars", jars); // the ldnn script's jars, fetched by every executor
        }
        SparkSession s = SparkSession.builder().config(conf).getOrCreate();
        if (out != null) {
            String m = s.sparkContext().master();
            out.printf(Locale.ROOT, "spark: master %s%s, Spark %s, %d task slots%n", m,
                    m.startsWith("local") ? " (embedded in this process)" : "", s.version(),
                    s.sparkContext().defaultParallelism());
            out.flush();
        }
        return s;
    }

}
