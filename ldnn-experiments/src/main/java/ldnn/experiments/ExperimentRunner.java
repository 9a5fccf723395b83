package ldnn.experiments;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import ldnn.backend.Blas;
import ldnn.io.AtomicFiles;
import ldnn.io.Json;

/**
 * Runs an experiment, prints its table, and writes it with the exact command, seed, duration and
 * machine to {@code <out>/<name>[-quick].json} and {@code .md} (each written atomically: a failed or
 * killed run leaves the previous files as they were). Quick runs use one BLAS thread: their matrices
 * are small, and on a shared 2-core machine a second OpenBLAS thread made them several times slower.
 */
public final class ExperimentRunner {
    private ExperimentRunner() {
    }

    /** What one run produced: its table, its duration and the two files. */
    public record Outcome(ResultTable table, double seconds, Path json, Path markdown) {
    }

    public static Outcome run(Experiment e, Settings s, Path outDir, String command, PrintStream out) {
        Instant start = Instant.now();
        Map<String, Object> machine = MachineFacts.collect();
        Blas blas = Blas.get();
        int threads = blas.threads();
        if (s.quick()) {
            blas.setThreads(1); // small matrices: a second BLAS thread only waits, and stalls on a busy machine
        }
        long t0 = System.nanoTime();
        ResultTable table;
        try {
            table = e.run(s, out);
        } finally {
            blas.setThreads(threads);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        machine.put("blas_threads_used", s.quick() ? 1 : threads);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("command", command);
        run.put("seed", s.seed());
        run.put("quick", s.quick());
        run.put("budget_scale", s.budgetScale());
        run.put("started", start.toString());
        run.put("seconds", Math.round(seconds * 10) / 10.0);
        run.put("machine", machine);
        out.println();
        out.print(table.toText());
        out.printf(Locale.ROOT, "(%s in %.1f s, seed %d)%n", e.name(), seconds, s.seed());
        String base = e.name() + (s.quick() ? "-quick" : "");
        Path json = outDir.resolve(base + ".json"), md = outDir.resolve(base + ".md");
        try {
            Files.createDirectories(outDir);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("run", run);
            doc.putAll(table.toJson());
            AtomicFiles.writeString(json, Json.write(doc, true, Json.NonFinite.NULL) + "\n");
            AtomicFiles.writeString(md, table.toMarkdown() + "\n" + runFooter(run, machine));
        } catch (IOException ex) {
            throw new UncheckedIOException("could not write the results of " + e.name() + " to " + outDir + ": "
                    + ex.getMessage(), ex);
        }
        out.println("results: " + json + ", " + md);
        return new Outcome(table, seconds, json, md);
    }

    private static String runFooter(Map<String, Object> run, Map<String, Object> machine) {
        return String.format(Locale.ROOT, "Run: `%s` (seed %s, budget scale %s), %s s, started %s.%n"
                + "Machine: %s cores, %s, JDK %s, %s, load average at start %s.%n", run.get("command"), run.get("seed"),
                run.get("budget_scale"), run.get("seconds"), run.get("started"), machine.get("nproc"), machine.get("cpu"),
                machine.get("jdk"), machine.get("blas"), machine.get("load_average_at_start"));
    }
}
