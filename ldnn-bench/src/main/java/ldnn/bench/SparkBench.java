package ldnn.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ldnn.spark.RingAllReduce;

/**
 * `scripts/bench spark`: what data-parallel training costs on this machine. (1) The loopback's TCP
 * bandwidth, and the ring all-reduce's on the same loopback for the MLP's and the convnet's gradient
 * sizes (2 workers in this process). (2) Seconds per step of one Fashion-MNIST epoch with 1 and 2
 * workers, for the MLP and the convnet, with Spark embedded (local[2]) and on a standalone cluster of
 * two one-core workers (each its own JVM), split into the all-reduce and the rest. The figures feed the
 * scaling model in SCALING.md; they are reported, not enforced.
 */
public final class SparkBench {
    private SparkBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("ldnn.bench.root", "."));
        boolean quick = List.of(args).contains("--quick");
        System.out.println("# spark suite: " + java.time.LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, " + cpu());
        double loop = loopback(quick ? 256 : 2048);
        System.out.printf(Locale.ROOT, "loopback TCP, one stream: %.2f GB/s%n", loop);
        for (int floats : new int[] {1_863_690, 3_274_634}) { // mlp and convnet parameters (Fashion-MNIST, 10 classes)
            double[] r = ring(floats, quick ? 5 : 30);
            System.out.printf(Locale.ROOT, "ring all-reduce, 2 workers, %,d floats (%.1f MB): %.2f ms per sum; %.2f GB/s"
                    + " sent per worker (%.0f%% of the loopback)%n", floats, floats * 4e-6, r[0] * 1e3, r[1], 100 * r[1] / loop);
        }
        if (List.of(args).contains("--no-training")) {
            return;
        }
        Path work = Files.createTempDirectory("ldnn-spark-bench");
        System.out.println("model     mode        W  steps  s/step  all-reduce s/step  rest s/step  examples/s");
        for (String mode : List.of("embedded", "cluster")) {
            try (Cluster c = mode.equals("cluster") ? new Cluster(root, work.resolve("cluster")) : null) {
                for (String model : List.of("mlp", "convnet")) {
                    for (int w : new int[] {1, 2}) {
                        step(root, work, model, mode, c == null ? "local[2]" : c.master, w, quick);
                    }
                }
            }
        }
    }

    private static void step(Path root, Path work, String model, String mode, String master, int w, boolean quick)
            throws IOException, InterruptedException {
        Path run = work.resolve(model + "-" + mode + "-" + w);
        List<String> cmd = new ArrayList<>(List.of(root.resolve("ldnn").toString(), "train", "fashion-mnist", "--model",
                model, "--epochs", "1", "--workers", Integer.toString(w), "--spark", master, "--run", run.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (mode.equals("cluster")) {
            pb.environment().put("LDNN_JAVA_OPTS", "-Dspark.executor.memory=4g -Dspark.executor.cores=1"
                    + " -Dspark.driver.host=127.0.0.1");
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            System.out.println(model + " " + mode + " W=" + w + ": failed:\n" + out);
            return;
        }
        String metrics = Files.readString(run.resolve("metrics.jsonl"));
        Matcher eval = Pattern.compile("\"kind\":\"eval\"[^\\n]*?\"step\":(\\d+)[^\\n]*?\"seconds\":([0-9.]+)").matcher(metrics);
        if (!eval.find()) {
            eval = Pattern.compile("\"step\":(\\d+)[^\\n]*?\"seconds\":([0-9.]+)[^\\n]*").matcher(metrics.lines()
                    .filter(l -> l.contains("\"val_loss\"") && !l.contains("\"val_loss\":NaN") && !l.contains("\"val_loss\":null"))
                    .findFirst().orElse(""));
            if (!eval.find()) {
                System.out.println(model + " " + mode + " W=" + w + ": no evaluation record in " + run.resolve("metrics.jsonl"));
                return;
            }
        }
        long steps = Long.parseLong(eval.group(1));
        double seconds = Double.parseDouble(eval.group(2));
        Matcher ar = Pattern.compile("all-reduce: (\\d+) sums, ([0-9.]+) MB sent per worker, ([0-9.]+) s").matcher(out);
        double arPerStep = 0;
        if (ar.find() && w > 1) {
            arPerStep = Double.parseDouble(ar.group(3)) / Math.max(1, Long.parseLong(ar.group(1)));
        }
        double perStep = seconds / steps;
        System.out.printf(Locale.ROOT, "%-9s %-9s %3d %6d  %6.4f  %17.4f  %11.4f  %10.0f%n", model, mode, w, steps, perStep,
                arPerStep, perStep - arPerStep, 128 / perStep);
    }

    /** GB/s through one loopback TCP connection (best of 3). */
    static double loopback(int megabytes) throws Exception {
        double best = 0;
        for (int round = 0; round < 3; round++) {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Thread sender = Thread.ofPlatform().start(() -> {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                        OutputStream o = s.getOutputStream();
                        byte[] b = new byte[1 << 20];
                        for (int i = 0; i < megabytes; i++) {
                            o.write(b);
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] b = new byte[1 << 20];
                    long t0 = System.nanoTime(), total = 0;
                    for (int n; (n = in.read(b)) > 0; ) {
                        total += n;
                    }
                    best = Math.max(best, total / ((System.nanoTime() - t0) / 1e9) / 1e9);
                }
                sender.join();
            }
        }
        return best;
    }

    /** {seconds per sum, GB/s sent per worker} for a 2-worker ring in this process (best of the runs). */
    static double[] ring(int floats, int reps) throws Exception {
        String[] addresses = new String[2];
        CyclicBarrier barrier = new CyclicBarrier(2);
        double[] best = {Double.MAX_VALUE, 0};
        List<Thread> ts = new ArrayList<>();
        for (int rank = 0; rank < 2; rank++) {
            int r = rank;
            ts.add(Thread.ofPlatform().start(() -> {
                try (RingAllReduce ring = RingAllReduce.join(r, 2, "127.0.0.1", mine -> {
                    addresses[r] = mine[0];
                    await(barrier);
                    return addresses.clone();
                })) {
                    float[] v = new float[floats];
                    java.util.Arrays.fill(v, 1f);
                    for (int i = 0; i < reps + 2; i++) {
                        await(barrier);
                        long t0 = System.nanoTime();
                        ring.sum(v, floats);
                        double s = (System.nanoTime() - t0) / 1e9;
                        if (r == 0 && i >= 2 && s < best[0]) {
                            best[0] = s;
                            best[1] = 4.0 * floats / 2 * 2 / s / 1e9; // 2(W-1)/W of the bytes, W = 2
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        return best;
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /** A standalone master and two one-core workers from ldnn-spark/target/spark-lib (no Spark distribution). */
    static final class Cluster implements AutoCloseable {
        final String master;
        private final List<Process> ps = new ArrayList<>();

        Cluster(Path root, Path dir) throws IOException, InterruptedException {
            Path home = dir.resolve("spark-home"), jars = home.resolve("jars");
            Files.createDirectories(jars);
            Files.writeString(home.resolve("RELEASE"), "Spark (jars of ldnn-spark/target/spark-lib)\n");
            try (var list = Files.list(root.resolve("ldnn-spark/target/spark-lib"))) {
                for (Path j : list.toList()) {
                    Files.createSymbolicLink(jars.resolve(j.getFileName()), j.toAbsolutePath());
                }
            }
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            master = "spark://127.0.0.1:" + port;
            ps.add(start(home, dir.resolve("master.log"), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", Integer.toString(port), "--webui-port", "0"));
            for (int i = 1; i <= 2; i++) {
                Path wd = Files.createDirectories(dir.resolve("worker-" + i));
                ps.add(start(home, dir.resolve("worker-" + i + ".log"), "org.apache.spark.deploy.worker.Worker", "--host",
                        "127.0.0.1", "--cores", "1", "--memory", "5g", "--webui-port", "0", "--work-dir", wd.toString(),
                        master));
            }
            long end = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < end) {
                String log = Files.exists(dir.resolve("master.log")) ? Files.readString(dir.resolve("master.log")) : "";
                if (log.split("Registering worker", -1).length - 1 >= 2) {
                    return;
                }
                Thread.sleep(200);
            }
            close();
            throw new IllegalStateException("the cluster did not start; see " + dir);
        }

        private Process start(Path home, Path log, String main, String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", home.resolve("jars") + "/*"));
            cmd.addAll(List.of(System.getProperty("ldnn.bench.sparkFlags", "").split("\n")));
            cmd.removeIf(String::isBlank);
            cmd.add(main);
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("SPARK_HOME", home.toString());
            pb.environment().put("SPARK_SCALA_VERSION", "2.13");
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            return pb.start();
        }

        @Override
        public void close() {
            for (Process p : ps.reversed()) {
                p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }
}
