package ldnn.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Where `ldnn train --spark` sends its members or workers. The implementation lives in the ldnn-spark
 * module (found with {@link ServiceLoader}), so the command's own jar carries no Spark.
 */
public interface ClusterTraining {
    /** The master when --spark is given without one: spark-submit's, else Spark embedded in this process. */
    String DEFAULT_MASTER = "default";

    /** Trains members 0..k-1 of {@code job}, one per task; returns them in member order. */
    List<TrainJob.Trained> ensemble(String master, TrainJob job, int k, PrintStream out);

    /** Trains one net on {@code workers} synchronous data-parallel tasks; returns worker 0's net. */
    TrainJob.Trained dataParallel(String master, TrainJob job, int workers, PrintStream out);

    /** The ldnn-spark implementation, or a clear error when it is not on the class path. */
    static ClusterTraining find() {
        return ServiceLoader.load(ClusterTraining.class).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "--spark: the ldnn-spark module and Spark's jars are not on the class path; run through the ldnn script"
                        + " (it adds them when --spark is given) or spark-submit (see the README), or build them with:"
                        + " mvn -DskipTests package -pl ldnn-spark -am"));
    }
}
