package ldnn.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on this machine, started from the Spark jars on the test's class
 * path: a master and {@code n} workers, each its own JVM, each worker launching its executors as
 * further JVMs. No Spark distribution is needed: SPARK_HOME is an empty folder with a RELEASE file,
 * and the executors get this JVM's class path (Spark's jars and ldnn's classes) as their extra class path.
 */
final class LocalCluster implements AutoCloseable {
    final String master;
    private final List<Process> processes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();
    private final Path home;

    LocalCluster(Path dir, int n, int coresPerWorker) throws IOException, InterruptedException {
        home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "Spark 4.1.1 (jars from the ldnn-spark test class path)\n");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        master = "spark://127.0.0.1:" + port;
        processes.add(start(dir.resolve("master.log"), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--webui-port", "0"));
        for (int i = 0; i < n; i++) {
            Path work = dir.resolve("worker-" + (i + 1));
            Files.createDirectories(work);
            Process w = start(dir.resolve("worker-" + (i + 1) + ".log"), "org.apache.spark.deploy.worker.Worker",
                    "--host", "127.0.0.1", "--cores", Integer.toString(coresPerWorker), "--memory", "2g",
                    "--webui-port", "0", "--work-dir", work.toString(), master);
            processes.add(w);
            workers.add(w);
        }
        waitFor(dir.resolve("master.log"), "Registering worker", n, 120);
    }

    /** The settings a driver needs to run ldnn on this cluster (as system properties, read by SparkConf). */
    static void driverSettings() {
        System.setProperty("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        System.setProperty("spark.executor.memory", "1g");
        System.setProperty("spark.executor.cores", "1");
        System.setProperty("spark.ui.enabled", "false");
        System.setProperty("spark.driver.host", "127.0.0.1");
    }

    static void clearDriverSettings() {
        for (String k : List.of("spark.executor.extraClassPath", "spark.executor.memory", "spark.executor.cores",
                "spark.ui.enabled", "spark.driver.host")) {
            System.clearProperty(k);
        }
    }

    private Process start(Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(System.getProperty("ldnn.spark.flags", "").trim().split("\\s+")));
        cmd.removeIf(String::isBlank);
        // Spark's own INFO logging (ldnn-spark's log4j2.properties says WARN): the test waits for "Registering worker"
        cmd.add("-Dlog4j2.configurationFile=org/apache/spark/log4j2-defaults.properties");
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return pb.start();
    }

    /** The executor JVMs running now (children of the workers). */
    List<ProcessHandle> executors() {
        return workers.stream().flatMap(w -> w.toHandle().children()).filter(ProcessHandle::isAlive).toList();
    }

    static void waitFor(Path log, String text, int times, int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (Files.exists(log)) {
                String s = Files.readString(log);
                int count = 0;
                for (int at = s.indexOf(text); at >= 0; at = s.indexOf(text, at + 1)) {
                    count++;
                }
                if (count >= times) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the cluster did not start: '" + text + "' x" + times + " not in " + log + ":\n"
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    @Override
    public void close() {
        for (Process p : processes.reversed()) {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
