package ldnn.bench;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import ldnn.data.Batch;
import ldnn.nn.Init;
import ldnn.nn.Loss;
import ldnn.nn.ModelSpec;
import ldnn.nn.Sequential;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import ldnn.train.TrainConfig;
import ldnn.train.Trainer;

/**
 * Training throughput of the reference workloads, ldnn against PyTorch's CPU build at its best thread
 * setting (ldnn-bench/peer/torch_train.py, run in child processes back to back with ldnn's steps).
 * ldnn's step is the recipe trainer's own ({@link Trainer#computeGradients} + {@link Trainer#applyUpdate}),
 * monitors included, so the figure is what a user's run gets. Random data of the right shapes, as
 * torch_bench.py's stepbench: the data pipeline is not measured. Next to the speed, the bytes ldnn
 * allocates per step (the whole JVM's, over the timed steps).
 */
final class TrainingBench {
    private TrainingBench() {
    }

    /**
     * One workload: a model spec on examples of a shape (token ids of a vocabulary when {@code vocab} > 0),
     * its optimizer ("sgd": momentum 0.9, or "adam") and loss (null: cross-entropy on class labels; {@link
     * Loss#BCE_WITH_LOGITS}: random 0/1 targets, one per output, and inputs of +-1), timed over
     * {@code steps} steps after {@code warm}.
     */
    record Workload(String name, String spec, int[] example, int vocab, int batch, int items, double lr,
                    String optimizer, Loss loss, int steps, int warm, String target, double targetRatio) {
        /** The same workload with few steps (--quick: it checks that the code runs, the figures mean little). */
        Workload quick() {
            return new Workload(name, spec, example, vocab, batch, items, lr, optimizer, loss, quickSteps(steps),
                    Math.min(warm, 2), target, targetRatio);
        }

        /** The same workload with other step counts. */
        Workload steps(int timed, int warmUp) {
            return new Workload(name, spec, example, vocab, batch, items, lr, optimizer, loss, timed, warmUp, target,
                    targetRatio);
        }
    }

    /** Timed steps under --quick (torch_train.py --quick uses the same rule). */
    static int quickSteps(int steps) {
        return Math.max(3, steps / 5);
    }

    static final List<Workload> WORKLOADS = List.of(
            new Workload("mlp", "dense(1024) dropout(0.5) dense(1024) dropout(0.5) dense(10)", new int[] {784}, 0, 128, 128, 0.1,
                    "sgd", null, 100, 60, ">= 1.50", 1.5), // 60 steps warm: the JIT compiles the Vector API kernels
            new Workload("convnet", "conv(32,5) pool(2) conv(64,5) pool(2) dense(1024) dropout(0.5) dense(10)",
                    new int[] {1, 28, 28}, 0, 128, 128, 0.1, "sgd", null, 15, 3, ">= 1.30", 1.3),
            new Workload("charlstm", "embed(64) lstm(512,stateful=true) dense(63)",
                    new int[] {100}, 63, 64, 6400, 1.0, "sgd", null, 6, 2, ">= 1.50", 1.5),
            // the sort experiment's net (ldnn-experiments SortExperiment/SortTraining: ten 6-bit numbers,
            // ReLU MLP 60-1024-1024-60, BCE on logits, Adam LR 1e-3, batch 256)
            new Workload("sort", "dense(1024) dense(1024) dense(60)",
                    new int[] {60}, 0, 256, 256, 1e-3, "adam", Loss.BCE_WITH_LOGITS, 60, 10, ">= 1.50", 1.5));

    /** ms per step (median over the timed steps) and bytes the JVM allocated per timed step (NaN if unknown). */
    record StepResult(double ms, double allocBytes) {
    }

    static Table run(int rounds, boolean quick, Path root, String python, Predicate<String> cases) {
        Table t = new Table("Training throughput: one step of each reference workload (examples or characters per second)",
                "ldnn items/s", "PyTorch items/s (threads)", "ldnn/torch").noteHeader("ms per step: ldnn vs PyTorch")
                .extraHeaders("ldnn allocated per step");
        List<Workload> work = new ArrayList<>();
        for (Workload w : WORKLOADS) {
            if (cases.test(w.name())) {
                work.add(quick ? w.quick() : w);
            }
        }
        Path script = root.resolve("ldnn-bench/peer/torch_train.py");
        Map<String, double[]> ldnnMs = new HashMap<>(), torchMs = new HashMap<>(), alloc = new HashMap<>();
        Map<String, StringBuilder> threads = new HashMap<>();
        for (Workload w : work) {
            ldnnMs.put(w.name(), new double[rounds]);
            torchMs.put(w.name(), new double[rounds]);
            alloc.put(w.name(), new double[rounds]);
            threads.put(w.name(), new StringBuilder());
        }
        String peerError = null;
        for (int r = 0; r < rounds; r++) {
            if (peerError == null && !work.isEmpty()) {
                try {
                    Measure.waitQuiet();
                    for (Map.Entry<String, double[]> e : runPeer(python, script, work, quick).entrySet()) {
                        torchMs.get(e.getKey())[r] = e.getValue()[0];
                        StringBuilder sb = threads.get(e.getKey());
                        sb.append(sb.length() == 0 ? "" : ",").append((int) e.getValue()[1]);
                    }
                } catch (IOException | RuntimeException e) {
                    peerError = e.getMessage();
                    System.err.println("training: PyTorch peer unavailable (" + peerError + "); ldnn figures only");
                }
            }
            for (Workload w : work) {
                Measure.waitQuiet();
                StepResult s = stepMs(w);
                ldnnMs.get(w.name())[r] = s.ms();
                alloc.get(w.name())[r] = s.allocBytes();
            }
        }
        for (Workload w : work) {
            double[] lm = ldnnMs.get(w.name()), tm = torchMs.get(w.name());
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = peerError == null ? tm[r] / lm[r] : Double.NaN;
            }
            double l = Measure.median(lm), p = Measure.median(tm);
            t.add(new Row(w.name() + " (" + w.spec() + ", batch " + w.batch()
                    + (w.optimizer().equals("sgd") ? "" : ", " + w.optimizer())
                    + (w.loss() == null ? "" : ", " + w.loss().id()) + ")", Table.f("%,.0f", w.items() * 1e3 / l),
                    peerError == null ? Table.f("%,.0f (%s)", w.items() * 1e3 / p, threads.get(w.name())) : "n/a",
                    ratios, Row.Target.atLeast(w.target(), w.targetRatio()),
                    Table.f("%.1f vs %.1f", l, p), List.of(Table.bytes(Measure.median(alloc.get(w.name()))))));
        }
        return t;
    }

    /** Bytes allocated on the heap by every thread of this JVM so far (-1 where the JVM cannot tell). */
    static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof ThreadMXBean b && b.isThreadAllocatedMemorySupported()
                && b.isThreadAllocatedMemoryEnabled()) {
            return b.getTotalThreadAllocatedBytes();
        }
        return -1;
    }

    /** Median milliseconds of one training step of ldnn's recipe trainer on a workload, and bytes allocated per step. */
    static StepResult stepMs(Workload w) {
        Rng rng = new Rng(3);
        Sequential model = ModelSpec.build(w.spec(), w.example(), w.vocab());
        model.initialize(Init.defaults(), new Rng(1));
        TrainConfig cfg = new TrainConfig().lr(w.lr()).optimizer(w.optimizer()).progress(false);
        if (w.loss() != null) {
            cfg.loss(w.loss());
        }
        Trainer trainer = new Trainer(model, cfg, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        Batch batch = batch(w, model, rng);
        double[] ms = new double[w.steps()];
        long a0 = 0;
        for (int i = 0; i < w.warm() + w.steps(); i++) {
            if (i == w.warm()) {
                a0 = allocatedBytes();
            }
            long t0 = System.nanoTime();
            double loss = trainer.computeGradients(batch);
            trainer.applyUpdate(loss);
            long dt = System.nanoTime() - t0;
            if (i >= w.warm()) {
                ms[i - w.warm()] = dt / 1e6;
            }
        }
        long a1 = allocatedBytes();
        return new StepResult(Measure.median(ms), a0 < 0 || a1 < 0 ? Double.NaN : (double) (a1 - a0) / w.steps());
    }

    /** A fixed random batch of the workload's shapes. */
    private static Batch batch(Workload w, Sequential model, Rng rng) {
        if (w.vocab() > 0) {
            int n = w.batch() * w.example()[0];
            float[] x = new float[n];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextInt(w.vocab());
                y[i] = rng.nextInt(w.vocab());
            }
            return new Batch(Tensor.of(x, w.batch(), w.example()[0]), new IntTensor(y, w.batch(), w.example()[0]), null);
        }
        int[] shape = new int[w.example().length + 1];
        shape[0] = w.batch();
        System.arraycopy(w.example(), 0, shape, 1, w.example().length);
        if (w.loss() == Loss.BCE_WITH_LOGITS) {
            int outputs = ModelSpec.outputShape(model, w.example())[0];
            float[] x = new float[w.batch() * w.example()[0]], y = new float[w.batch() * outputs];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextInt(2) == 1 ? 1f : -1f;
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = rng.nextInt(2);
            }
            return new Batch(Tensor.of(x, shape), null, Tensor.of(y, w.batch(), outputs));
        }
        int[] y = new int[w.batch()];
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextInt(10);
        }
        return new Batch(Tensor.randn(rng, shape), new IntTensor(y, w.batch()), null);
    }

    private static final Pattern LINE = Pattern.compile("\\{\"workload\": \"(\\w+)\", \"ms\": ([0-9.]+), \"threads\": (\\d+)");

    /** Runs the PyTorch script once on these workloads; workload name to {ms, threads}. */
    static Map<String, double[]> runPeer(String python, Path script, List<Workload> work, boolean quick)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--workload"));
        work.forEach(w -> cmd.add(w.name()));
        if (quick) {
            cmd.add("--quick");
        }
        return PeerScript.run(new ProcessBuilder(cmd), script, LINE, work.stream().map(Workload::name).toList());
    }
}
