package ldnn.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import ldnn.io.Json;

/**
 * How step time and peak RSS grow with the work, ldnn against PyTorch: MLPs of about 1M, 10M and 100M
 * parameters, the 10M MLP at batch 32 to 1024, and the char-LSTM at sequence length 50 to 400. Every
 * configuration runs in a child process of its own on each side, so each peak RSS belongs to one
 * configuration: ldnn's {@link StepProbe} under the JVM flags scripts/bench runs with (passed in the
 * system property {@code ldnn.bench.jvmFlags}, one per line; without it, this JVM's own flags) and
 * ldnn-bench/peer/torch_probe.py with the same arguments. No targets: the table is there to show growth.
 */
final class ScalingBench {
    private ScalingBench() {
    }

    static final int IN = 784, OUT = 10, EMBED = 64, VOCAB = 63, LSTM_HIDDEN = 512, LSTM_BATCH = 64;

    /** One configuration; {@code id} is what --cases matches. */
    record Config(String id, String group, String kind, int hidden, int layers, int batch, int seq) {
        long params() {
            if (kind.equals("mlp")) {
                return mlpParams(hidden, layers);
            }
            return (long) VOCAB * EMBED + 4L * hidden * (EMBED + hidden) + 8L * hidden + (long) hidden * VOCAB + VOCAB;
        }

        /** Multiply-adds x 2 x 3 (forward, and a backward of about twice the forward) per step. */
        double flops() {
            if (kind.equals("mlp")) {
                long weights = 0;
                int prev = IN;
                for (int i = 0; i < layers; i++) {
                    weights += (long) prev * hidden;
                    prev = hidden;
                }
                weights += (long) prev * OUT;
                return 6.0 * batch * weights;
            }
            return 6.0 * batch * seq * (4.0 * hidden * (EMBED + hidden) + (double) hidden * VOCAB);
        }

        /** Examples (MLP) or characters (LSTM) per step. */
        long items() {
            return kind.equals("mlp") ? batch : (long) batch * seq;
        }

        String label() {
            if (kind.equals("mlp")) {
                return Table.f("MLP %d-%s-%d (%s params), batch %d", IN, (hidden + "-").repeat(layers - 1) + hidden, OUT,
                        count(params()), batch);
            }
            return Table.f("char-LSTM %d/%d (%s params), batch %d, seq %d", EMBED, hidden, count(params()), batch, seq);
        }

        List<String> args(int[] steps) {
            return List.of("--kind", kind, "--hidden", String.valueOf(hidden), "--layers", String.valueOf(layers),
                    "--batch", String.valueOf(batch), "--seq", String.valueOf(seq), "--steps", String.valueOf(steps[0]),
                    "--warm", String.valueOf(steps[1]));
        }

        /** What identifies the measurement (the same net at the same batch is measured once). */
        String key() {
            return kind + "/" + hidden + "/" + layers + "/" + batch + "/" + seq;
        }
    }

    static long mlpParams(int width, int layers) {
        long n = 0;
        int prev = IN;
        for (int i = 0; i < layers; i++) {
            n += (long) prev * width + width;
            prev = width;
        }
        return n + (long) prev * OUT + OUT;
    }

    /** The width of {@code layers} equal hidden layers whose MLP has the parameter count nearest {@code params}. */
    static int widthFor(long params, int layers) {
        int lo = 1, hi = 1 << 20;
        while (lo < hi) { // the largest width with at most params
            int mid = (lo + hi + 1) >>> 1;
            if (mlpParams(mid, layers) <= params) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return params - mlpParams(lo, layers) <= mlpParams(lo + 1, layers) - params ? lo : lo + 1;
    }

    static List<Config> configs() {
        List<Config> c = new ArrayList<>();
        for (long p : new long[] {1_000_000, 10_000_000, 100_000_000}) {
            c.add(new Config("mlp-" + p / 1_000_000 + "M", "MLP size", "mlp", widthFor(p, 2), 2, 128, 0));
        }
        int w10 = widthFor(10_000_000, 2);
        for (int b : new int[] {32, 64, 128, 256, 512, 1024}) {
            c.add(new Config("mlp-10M-b" + b, "batch", "mlp", w10, 2, b, 0));
        }
        for (int t : new int[] {50, 100, 200, 400}) {
            c.add(new Config("lstm-t" + t, "sequence", "charlstm", LSTM_HIDDEN, 1, LSTM_BATCH, t));
        }
        return c;
    }

    /** {timed steps, warm-up steps}: few for the big configurations, tiny under --quick. */
    static int[] steps(Config c, boolean quick) {
        if (quick) {
            return new int[] {2, 1};
        }
        double f = c.flops();
        return f > 20e9 ? new int[] {5, 3} : f > 2e9 ? new int[] {10, 3} : new int[] {20, 5};
    }

    /** One side's figures of one configuration and round (NaN where it failed). */
    record Probe(double ms, long peakRss, double allocBytes, String error) {
        static Probe failed(String error) {
            return new Probe(Double.NaN, -1, Double.NaN, error);
        }
    }

    static Table run(int rounds, boolean quick, Path root, String python, Predicate<String> filter) throws IOException {
        Path script = root.resolve("ldnn-bench/peer/torch_probe.py");
        int threads = Runtime.getRuntime().availableProcessors();
        Table t = new Table("Scaling: step time and peak RSS as the work grows, each configuration in its own process ("
                + ChildRun.method() + "; PyTorch at " + threads + " threads; steps: " + (quick ? "1 warm-up + 2 timed"
                : "5+20, 3+10 or 3+5 by size") + ")",
                "ldnn ms/step", "PyTorch ms/step", "ldnn/torch speed").noteHeader("work per step")
                .extraHeaders("peak RSS ldnn", "peak RSS PyTorch", "ldnn allocated per step");
        List<String> jvm = childJvm();
        Map<String, Probe[][]> done = new HashMap<>(); // key -> [round] {ldnn, torch}
        Map<String, Config> rows = new LinkedHashMap<>();
        for (Config c : configs()) {
            if (filter.test(c.id())) {
                rows.put(c.id(), c);
            }
        }
        for (Config c : rows.values()) {
            if (done.containsKey(c.key())) {
                continue;
            }
            Probe[][] res = new Probe[rounds][];
            int[] steps = steps(c, quick);
            for (int r = 0; r < rounds; r++) {
                Path dir = Files.createTempDirectory("ldnn-scaling-");
                Measure.waitQuiet();
                List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
                cmd.addAll(c.args(steps));
                cmd.addAll(List.of("--threads", String.valueOf(threads)));
                Probe torch = probe(ChildRun.run(cmd, dir, "torch", 1800), "torch_probe.py");
                Measure.waitQuiet();
                cmd = new ArrayList<>(jvm);
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StepProbe.class.getName()));
                cmd.addAll(c.args(steps));
                Probe ldnn = probe(ChildRun.run(cmd, dir, "ldnn", 1800), "StepProbe");
                res[r] = new Probe[] {ldnn, torch};
                System.err.printf(Locale.ROOT, "scaling: %s, round %d: ldnn %.1f ms %s, PyTorch %.1f ms %s%n", c.id(), r + 1,
                        ldnn.ms(), Table.bytes(ldnn.peakRss()), torch.ms(), Table.bytes(torch.peakRss()));
                for (Probe p : res[r]) {
                    if (p.error() != null) {
                        System.err.println("scaling: " + c.id() + ": " + p.error() + "\n  (output kept in " + dir + ")");
                    }
                }
                if (ldnn.error() == null && torch.error() == null) {
                    MemoryBench.deleteTree(dir);
                }
            }
            done.put(c.key(), res);
        }
        String group = null;
        for (Config c : rows.values()) {
            Probe[][] res = done.get(c.key());
            double[] lm = new double[rounds], tm = new double[rounds], lr = new double[rounds], tr = new double[rounds],
                    la = new double[rounds], ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                lm[r] = res[r][0].ms();
                tm[r] = res[r][1].ms();
                lr[r] = res[r][0].peakRss();
                tr[r] = res[r][1].peakRss();
                la[r] = res[r][0].allocBytes();
                ratios[r] = tm[r] / lm[r];
            }
            String name = (c.group().equals(group) ? "" : c.group() + ": ") + c.label();
            group = c.group();
            t.add(new Row(name, ms(Measure.median(lm), res[0][0]), ms(Measure.median(tm), res[0][1]), ratios, null,
                    Table.f("%.2f GFLOP, %,d %s", c.flops() / 1e9, c.items(), c.kind().equals("mlp") ? "examples" : "characters"),
                    List.of(Table.bytes(Measure.median(lr)), Table.bytes(Measure.median(tr)),
                            Table.bytes(Measure.median(la)))));
        }
        return t;
    }

    private static String ms(double ms, Probe p) {
        return Double.isFinite(ms) ? Table.f("%.1f", ms) : "failed" + (p.error() == null ? "" : " (" + shortError(p.error()) + ")");
    }

    private static String shortError(String e) {
        if (e.contains("OutOfMemoryError")) {
            return "OutOfMemoryError";
        }
        if (e.contains("ran out of time")) {
            return "timed out";
        }
        return e.contains("exited with") ? e.substring(e.indexOf("exited with")).split("\n")[0].replace(":", "") : "error";
    }

    private static Probe probe(ChildRun.Result r, String what) {
        String line = r.jsonLine();
        if (!r.ok() || line == null) {
            return Probe.failed(r.failure(what));
        }
        Map<String, Object> m = Json.parseObject(line);
        double alloc = MemoryBench.num(m.get("alloc_bytes_per_step"));
        return new Probe(MemoryBench.num(m.get("ms")), r.peakRss(), alloc >= 0 ? alloc : Double.NaN, null);
    }

    /**
     * The java command and flags of the ldnn child: scripts/bench's (the property ldnn.bench.jvmFlags,
     * one flag per line: the launcher's LDNN_JVM_FLAGS from scripts/env.sh, the JavaCPP cache and
     * LDNN_JAVA_OPTS), else this JVM's own input arguments.
     */
    static List<String> childJvm() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String flags = System.getProperty("ldnn.bench.jvmFlags");
        if (flags != null) {
            for (String f : flags.split("\n")) {
                if (!f.isBlank()) {
                    cmd.add(f.strip());
                }
            }
        } else {
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (!a.startsWith("-Dldnn.bench.")) {
                    cmd.add(a);
                }
            }
        }
        return cmd;
    }

    private static String count(long n) {
        return n >= 1_000_000 ? Table.f("%.1fM", n / 1e6) : n >= 1000 ? Table.f("%.0fk", n / 1e3) : String.valueOf(n);
    }
}
