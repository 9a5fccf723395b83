package ldnn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import ldnn.io.Json;

/**
 * Peak resident memory of whole training processes, ldnn against PyTorch doing the same training:
 * {@code ./ldnn train fashion-mnist} (the main job, with a shorter time budget, and the MLP for 3 epochs)
 * and ldnn-bench/peer/torch_fashion.py (the same nets, data, split, augmentation, optimizer, evaluations
 * and checkpoints). Each runs as a child process, measured the same way ({@link ChildRun}); PyTorch runs
 * first in each round, then ldnn. Besides peak RSS: images per second of each, and from ldnn's run folder
 * the bytes allocated per step ({@code alloc_bytes_per_step} of metrics.jsonl's epoch lines) and the time to
 * the first step ({@code first_step_seconds} of summary.json), "n/a" where the run folder lacks them.
 */
final class MemoryBench {
    private MemoryBench() {
    }

    /** One case: ldnn's train arguments after "train fashion-mnist", the peer's arguments, and the target. */
    record Case(String id, String label, List<String> ldnnArgs, List<String> peerArgs, double capBytes, String capText,
                double timeoutSeconds) {
    }

    static List<Case> cases(double minutes, int epochs) {
        long seconds = Math.max(1, Math.round(minutes * 60));
        String budget = seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
        return List.of(
                new Case("main", "main job: ldnn train fashion-mnist --time " + budget + " (convnet)",
                        List.of("--time", seconds + "s"), List.of("--model", "convnet", "--seconds", String.valueOf(seconds)),
                        1.0e9, "1.0 GB", seconds + 900),
                new Case("mlp", "ldnn train fashion-mnist --model mlp --epochs " + epochs,
                        List.of("--model", "mlp", "--epochs", String.valueOf(epochs)),
                        List.of("--model", "mlp", "--epochs", String.valueOf(epochs)), 600e6, "600 MB", 600 + 300.0 * epochs));
    }

    /** What one side's run gave. */
    record Side(long peakRss, double imagesPerSecond, double allocPerStep, double firstStepSeconds, int epochs,
                double testAccuracy, boolean failed) {
    }

    static Table run(int rounds, double minutes, int epochs, Path root, String python, Predicate<String> filter)
            throws IOException {
        Path jar = root.resolve("ldnn-cli/target/ldnn-cli.jar");
        if (!Files.isRegularFile(jar)) {
            throw new SuiteException(jar + " is missing; the suite runs ./ldnn, build it first:\n"
                    + "  mvn -B -o -q -DskipTests package -pl ldnn-cli -am");
        }
        Path data = fashionMnist();
        Path script = root.resolve("ldnn-bench/peer/torch_fashion.py");
        Path launcher = root.resolve("ldnn");
        Table t = new Table("Peak memory of whole training runs, ldnn vs PyTorch (" + ChildRun.method()
                + "; GB and MB are 10^9 and 10^6 bytes)", "ldnn peak RSS", "PyTorch peak RSS", "torch/ldnn")
                .noteHeader("images/s: ldnn vs PyTorch")
                .extraHeaders("ldnn allocated per step", "first step (s): ldnn vs PyTorch",
                        "epochs, test accuracy: ldnn vs PyTorch");
        // a stale jar makes ./ldnn rebuild: do that now, outside the measurement
        Path scratch = Files.createTempDirectory("ldnn-mem-");
        ChildRun.Result warm = ChildRun.run(List.of(launcher.toString(), "--version"), scratch, "version", 900);
        if (!warm.ok()) {
            throw new SuiteException(warm.failure("./ldnn --version"));
        }
        deleteTree(scratch);
        for (Case c : cases(minutes, epochs)) {
            if (!filter.test(c.id())) {
                continue;
            }
            double[] ratios = new double[rounds];
            List<Side> ldnn = new ArrayList<>(), torch = new ArrayList<>();
            String peerError = null;
            for (int r = 0; r < rounds; r++) {
                Path dir = Files.createTempDirectory("ldnn-mem-" + c.id() + "-");
                if (peerError == null) {
                    Measure.waitQuiet();
                    List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
                    cmd.addAll(c.peerArgs());
                    cmd.addAll(List.of("--data", data.toString(), "--run", dir.resolve("torch-run").toString()));
                    ChildRun.Result p = ChildRun.run(cmd, dir, "torch", c.timeoutSeconds());
                    if (p.ok() && p.jsonLine() != null) {
                        torch.add(peerSide(p));
                    } else {
                        peerError = p.failure("torch_fashion.py");
                        System.err.println("memory: PyTorch peer failed (" + peerError + "); ldnn figures only");
                    }
                }
                Measure.waitQuiet();
                List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "train", "fashion-mnist"));
                cmd.addAll(c.ldnnArgs());
                Path run = dir.resolve("ldnn-run");
                cmd.addAll(List.of("--quiet", "--run", run.toString()));
                ChildRun.Result l = ChildRun.run(cmd, dir, "ldnn", c.timeoutSeconds());
                Side s = ldnnSide(l.peakRss(), run, !l.ok());
                if (!l.ok()) { // the row says so; its peak RSS is still what the run reached (e.g. before running out)
                    System.err.println("memory: " + l.failure(String.join(" ", cmd)) + "\n  (output kept in " + dir + ")");
                }
                ldnn.add(s);
                ratios[r] = peerError == null && s.peakRss() > 0 && torch.get(r).peakRss() > 0
                        ? (double) torch.get(r).peakRss() / s.peakRss() : Double.NaN;
                System.err.printf(Locale.ROOT, "memory: %s, round %d: ldnn %s, PyTorch %s%n", c.id(), r + 1,
                        Table.bytes(s.peakRss()), peerError == null ? Table.bytes(torch.get(r).peakRss()) : "n/a");
                if (peerError == null && l.ok()) {
                    deleteTree(dir); // the run folders and checkpoints; kept when something failed
                }
            }
            double lr = median(ldnn, Side::peakRss), pr = median(torch, Side::peakRss);
            Side l0 = ldnn.get(0), p0 = torch.isEmpty() ? null : torch.get(0);
            boolean failed = ldnn.stream().anyMatch(Side::failed);
            t.add(new Row(c.label(), Table.bytes(lr) + (failed ? " (the run failed)" : ""), torch.isEmpty() ? "n/a" : Table.bytes(pr), ratios,
                    Row.Target.atLeast("<= " + c.capText() + " and <= PyTorch's", 1.0).and(lr <= c.capBytes() && !failed),
                    count(median(ldnn, Side::imagesPerSecond)) + " vs "
                            + (torch.isEmpty() ? "n/a" : count(median(torch, Side::imagesPerSecond))),
                    List.of(Table.bytes(median(ldnn, Side::allocPerStep)),
                            secs(median(ldnn, Side::firstStepSeconds)) + " vs "
                                    + (torch.isEmpty() ? "n/a" : secs(median(torch, Side::firstStepSeconds))),
                            l0.epochs() + ", " + pct(l0.testAccuracy()) + " vs "
                                    + (p0 == null ? "n/a" : p0.epochs() + ", " + pct(p0.testAccuracy())))));
        }
        return t;
    }

    /** The Fashion-MNIST folder ldnn finds first ($LDNN_DATA, ~/.ldnn/data, /usr/share/datasets), for the peer. */
    static Path fashionMnist() {
        List<Path> roots = new ArrayList<>();
        String env = System.getenv("LDNN_DATA");
        if (env != null && !env.isBlank()) {
            roots.add(Path.of(env));
        }
        roots.add(Path.of(System.getProperty("user.home"), ".ldnn", "data"));
        roots.add(Path.of("/usr/share/datasets"));
        for (Path r : roots) {
            Path d = r.resolve("fashion-mnist");
            boolean all = true;
            for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                    "t10k-labels-idx1-ubyte")) {
                all &= Files.isRegularFile(d.resolve(f)) || Files.isRegularFile(d.resolve(f + ".gz"));
            }
            if (all) {
                return d;
            }
        }
        throw new SuiteException("no Fashion-MNIST folder with the four IDX files under " + roots
                + "; install it: apt-get install -y dataset-fashion-mnist");
    }

    private static Side peerSide(ChildRun.Result p) {
        Map<String, Object> m = Json.parseObject(p.jsonLine());
        return new Side(p.peakRss(), num(m.get("images_per_s")), Double.NaN, num(m.get("first_step_seconds")),
                (int) num(m.get("epochs")), num(m.get("test_accuracy_mirror")), false);
    }

    /** ldnn's figures from its run folder: metrics.jsonl's epoch ("eval") lines and summary.json. */
    static Side ldnnSide(long peakRss, Path run, boolean failed) throws IOException {
        double examples = 0, seconds = 0;
        List<Double> alloc = new ArrayList<>();
        int epochs = 0;
        long lastStep = 0;
        Path metrics = run.resolve("metrics.jsonl");
        if (Files.isRegularFile(metrics)) {
            for (String line : Files.readAllLines(metrics)) {
                Map<String, Object> m;
                try {
                    m = Json.parseObject(line);
                } catch (RuntimeException e) {
                    continue; // a torn last line
                }
                if (!"eval".equals(m.get("type"))) {
                    continue;
                }
                epochs++;
                long step = (long) num(m.get("step"));
                double rate = num(m.get("examples_per_s"));
                // each epoch's rate is its examples over its training time; the run's rate weighs the
                // epochs by their steps (examples = steps x batch, and the batch cancels out)
                if (rate > 0 && step > lastStep) {
                    examples += step - lastStep;
                    seconds += (step - lastStep) / rate;
                }
                lastStep = step;
                double a = num(m.get("alloc_bytes_per_step"));
                if (Double.isFinite(a)) {
                    alloc.add(a);
                }
            }
        }
        double firstStep = Double.NaN, accuracy = Double.NaN;
        Path summary = run.resolve("summary.json");
        if (Files.isRegularFile(summary)) {
            Map<String, Object> s = Json.readObject(summary);
            firstStep = num(s.get("first_step_seconds"));
            accuracy = testAccuracy(s.get("test"));
        }
        return new Side(peakRss, seconds > 0 ? examples / seconds : Double.NaN,
                alloc.isEmpty() ? Double.NaN : Measure.median(alloc.stream().mapToDouble(Double::doubleValue).toArray()),
                firstStep, epochs, accuracy, failed);
    }

    /** summary.json's test result: accuracy, or 1 - error, as far as it says. */
    @SuppressWarnings("unchecked")
    private static double testAccuracy(Object test) {
        if (test instanceof Map<?, ?> m) {
            Map<String, Object> t = (Map<String, Object>) m;
            double acc = num(t.get("accuracy"));
            if (Double.isFinite(acc)) {
                return acc;
            }
            double err = num(t.get("error"));
            return Double.isFinite(err) ? 1 - err : Double.NaN;
        }
        return Double.NaN;
    }

    static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static double median(List<Side> sides, java.util.function.ToDoubleFunction<Side> f) {
        return sides.isEmpty() ? Double.NaN : Measure.median(sides.stream().mapToDouble(f).toArray());
    }

    private static String count(double x) {
        return Double.isFinite(x) ? Table.f("%,.0f", x) : "n/a";
    }

    private static String secs(double x) {
        return Double.isFinite(x) ? Table.f("%.1f", x) : "n/a";
    }

    private static String pct(double x) {
        return Double.isFinite(x) ? Table.f("%.2f%%", 100 * x) : "n/a";
    }
}
