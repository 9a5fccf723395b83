package ldnn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import ldnn.backend.Blas;

/**
 * The speed and memory targets of ldnn, each measured as a ratio against a peer in the same run.
 *
 * <pre>
 *   scripts/bench [gemm|elementwise|overhead|conv|training|memory|scaling|all ...] [--rounds N] [--quick]
 *                 [--sizes 1M,16M] [--quiet-wait 10] [--cases REGEX] [--memory-minutes 2] [--memory-epochs 3]
 *                 [--python /usr/bin/python3]
 * </pre>
 * Each pair (ldnn, peer) is measured back to back once per round; tables show the median over rounds
 * and every round's figure, and PASS/MISS against the target. Exit status 0 whatever the verdicts: a
 * shared machine's load can move the figures, so they are reported, not enforced (1 if a suite could
 * not run at all, e.g. the memory suite without ldnn-cli's jar).
 *
 * <p>Suites: gemm, elementwise, overhead and conv (engine), training (one step of each reference
 * workload, in this JVM, against torch_train.py), memory (peak RSS of whole {@code ./ldnn train
 * fashion-mnist} runs against torch_fashion.py, as child processes: on 2 cores about 9 minutes a round at
 * the defaults, the main job's budget on each side plus a minute or so of loading and testing each, and
 * the MLP's 3 epochs on each side; --rounds multiplies it, so it is not part of {@code all}), and scaling
 * (step time and peak RSS of MLPs of 1M-100M parameters, batch 32-1024, and the char-LSTM at sequence
 * 50-400, each configuration in child processes: StepProbe against torch_probe.py; several minutes).
 * {@code all} and no suite run the first five. Default rounds: 5 for training, 1 for memory and scaling,
 * 3 for the others. {@code --cases REGEX} keeps the training workloads (mlp, convnet, charlstm, sort),
 * memory cases (main, mlp) and scaling configurations (mlp-1M, mlp-10M, mlp-100M, mlp-10M-b32 ...
 * mlp-10M-b1024, lstm-t50 ... lstm-t400) whose id contains a match. {@code --quick} shortens the
 * measurements (training: few steps; scaling: 1 warm-up and 2 timed steps): it checks that the code
 * runs.
 */
public final class Main {
    private Main() {
    }

    static final List<String> SUITES = List.of("gemm", "elementwise", "overhead", "conv", "training", "memory",
            "scaling");
    /** What "all" (and no suite named) runs: the memory and scaling suites take long and are asked for by name. */
    static final List<String> ALL = List.of("gemm", "elementwise", "overhead", "conv", "training");

    /** Rounds when --rounds is not given. */
    static int defaultRounds(String suite) {
        return switch (suite) {
            case "training" -> 5;
            case "memory", "scaling" -> 1;
            default -> 3;
        };
    }

    public static void main(String[] args) {
        Set<String> suites = new LinkedHashSet<>();
        Integer roundsGiven = null;
        boolean quick = false;
        double memoryMinutes = 2;
        int memoryEpochs = 3;
        Predicate<String> cases = id -> true;
        Measure.Budget budget = Measure.Budget.DEFAULT;
        int[] sizes = {1 << 20, 16 << 20};
        String python = "/usr/bin/python3";
        Path root = Path.of(System.getProperty("ldnn.bench.root", ".")).toAbsolutePath().normalize();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "all" -> suites.addAll(ALL);
                case "--rounds" -> roundsGiven = Integer.parseInt(value(args, ++i, a));
                case "--quick" -> {
                    budget = Measure.Budget.QUICK;
                    quick = true;
                }
                case "--cases" -> cases = Pattern.compile(value(args, ++i, a)).asPredicate();
                case "--memory-minutes" -> memoryMinutes = Double.parseDouble(value(args, ++i, a));
                case "--memory-epochs" -> memoryEpochs = Integer.parseInt(value(args, ++i, a));
                case "--sizes" -> sizes = parseSizes(value(args, ++i, a));
                case "--python" -> python = value(args, ++i, a);
                case "--quiet-wait" -> Measure.quietWaitSeconds = Double.parseDouble(value(args, ++i, a));
                case "-h", "--help" -> {
                    usage();
                    return;
                }
                default -> {
                    if (!SUITES.contains(a)) {
                        System.err.println("ldnn-bench: unknown argument '" + a + "'");
                        usage();
                        System.exit(2);
                    }
                    suites.add(a);
                }
            }
        }
        if (suites.isEmpty()) {
            suites.addAll(ALL);
        }
        if (roundsGiven != null && roundsGiven < 1) {
            throw new IllegalArgumentException("--rounds must be >= 1, got " + roundsGiven);
        }
        if (!(memoryMinutes > 0)) {
            throw new IllegalArgumentException("--memory-minutes must be > 0, got " + memoryMinutes);
        }
        if (memoryEpochs < 1) {
            throw new IllegalArgumentException("--memory-epochs must be >= 1, got " + memoryEpochs);
        }
        printMachine(suites.contains("conv"));
        List<Table> tables = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (String s : suites) {
            int rounds = roundsGiven != null ? roundsGiven : defaultRounds(s);
            Table t;
            try {
                t = switch (s) {
                    case "gemm" -> GemmBench.run(rounds, budget);
                    case "elementwise" -> ElementwiseBench.run(sizes, rounds, budget);
                    case "overhead" -> OverheadBench.run(rounds, budget);
                    case "conv" -> ConvBench.run(rounds, budget, root, python);
                    case "training" -> TrainingBench.run(rounds, quick, root, python, cases);
                    case "memory" -> MemoryBench.run(rounds, memoryMinutes, memoryEpochs, root, python, cases);
                    case "scaling" -> ScalingBench.run(rounds, quick, root, python, cases);
                    default -> throw new IllegalStateException(s);
                };
            } catch (SuiteException | IOException e) {
                System.err.println("ldnn-bench: the " + s + " suite could not run: " + e.getMessage());
                failed.add(s);
                continue;
            }
            t.print();
            tables.add(t);
        }
        int miss = 0, total = 0;
        for (Table t : tables) {
            for (Row r : t.rows()) {
                if (r.target() == null) {
                    continue; // shown for information (the scaling suite)
                }
                total++;
                miss += "MISS".equals(r.verdict()) ? 1 : 0;
            }
        }
        System.out.println();
        System.out.println("summary: " + (total - miss) + "/" + total + " PASS" + (miss > 0 ? ", " + miss + " MISS" : "")
                + (failed.isEmpty() ? "" : "; suites that could not run: " + String.join(", ", failed))
                + "; load average at the end: " + loadAverage()
                + Table.f("; other processes used up to %.2f cores during a measurement", Measure.worstOtherLoad())
                + Table.f("; waited %.0f s for quiet, %d measurement(s) started under load", Measure.waitedSeconds(),
                        Measure.notQuiet()));
        if (!failed.isEmpty()) {
            System.exit(1);
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    static int[] parseSizes(String s) {
        String[] parts = s.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim().toUpperCase(java.util.Locale.ROOT);
            int mult = p.endsWith("M") ? 1 << 20 : p.endsWith("K") ? 1 << 10 : 1;
            int v = Integer.parseInt(mult == 1 ? p : p.substring(0, p.length() - 1)) * mult;
            if (v < ElementwiseBench.ROW || v % ElementwiseBench.ROW != 0) {
                throw new IllegalArgumentException("--sizes: " + parts[i] + " must be a positive multiple of "
                        + ElementwiseBench.ROW);
            }
            out[i] = v;
        }
        return out;
    }

    private static void usage() {
        System.out.println("""
                usage: scripts/bench [gemm|elementwise|overhead|conv|training|memory|scaling|all ...] [--rounds N] [--quick]
                                     [--sizes 1M,16M] [--python /usr/bin/python3] [--quiet-wait 10] [--cases REGEX]
                                     [--memory-minutes 2] [--memory-epochs 3]
                  all (or no suite): gemm elementwise overhead conv training; memory and scaling run only when named
                  --rounds N          rounds per suite (default: training 5, memory 1, scaling 1, others 3)
                  --quick             short measurements that check the code runs (training, scaling: few steps)
                  --cases REGEX       training workloads (mlp convnet charlstm sort), memory cases (main mlp) and
                                      scaling configurations (mlp-1M mlp-10M mlp-100M mlp-10M-bN lstm-tN) to run
                  --memory-minutes M  the memory suite's main job: ./ldnn train fashion-mnist --time M minutes
                                      (default 2; the full job is 14)
                  --memory-epochs N   the memory suite's MLP case: --epochs N (default 3)""");
    }

    static void printMachine(boolean conv) {
        System.out.println("# ldnn-bench " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        System.out.println("cpu:     " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println("java:    " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
        System.out.println("blas:    " + Blas.get().describe());
        if (conv) {
            System.out.println("conv:    " + (System.getProperty("ldnn.conv", "dnnl").equals("gemm")
                    ? "im2col + GEMM (-Dldnn.conv=gemm)" : ldnn.backend.DnnlConv.describe()));
        }
        System.out.println("load:    " + loadAverage() + " (1/5/15 min; the machine is shared: load moves the figures)");
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
