package ldnn.spark;

import java.io.PrintStream;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Tells the console of `ldnn train --spark` when a task is lost and will be retried (a killed
 * executor, a lost neighbour in the all-reduce), which on a cluster would otherwise show only in the
 * executors' logs.
 */
final class FailureReport extends SparkListener implements AutoCloseable {
    private final SparkSession spark;
    private final PrintStream out;
    private final String what;

    private FailureReport(SparkSession spark, PrintStream out, String what) {
        this.spark = spark;
        this.out = out;
        this.what = what;
    }

    static FailureReport on(SparkSession spark, PrintStream out, String what) {
        FailureReport r = new FailureReport(spark, out, what);
        spark.sparkContext().addSparkListener(r);
        return r;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        if (e.reason() instanceof Success$ || out == null || e.taskType().startsWith("ResultTask") && what.equals("worker")) {
            return;
        }
        String reason = e.reason().toString();
        int cut = reason.indexOf('\n');
        out.printf("spark: the task of %s %d (attempt %d) failed: %s; Spark retries it, and it continues from its"
                + " last checkpoint%n", what, e.taskInfo().index() + 1, e.taskInfo().attemptNumber() + 1,
                cut < 0 ? reason : reason.substring(0, cut));
        out.flush();
    }

    @Override
    public void close() {
        spark.sparkContext().removeSparkListener(this);
    }
}
