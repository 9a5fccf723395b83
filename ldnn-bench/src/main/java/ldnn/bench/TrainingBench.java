package ldnn.bench;

import java.io.IOException;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import java.util.regex.Pattern;
import ldnn.data.Batch;
import ldnn.nn.Init;
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
 * torch_bench.py's stepbench: the data pipeline is not measured.
 */
final class TrainingBench {
    private TrainingBench() {
    }

    record Workload(String name, String spec, int[] example, int vocab, int batch, int items, double lr, int steps,
                    int warm, String target, double targetRatio) {
    }

    static final List<Workload> WORKLOADS = List.of(
            new Workload("mlp", "dense(1024) dropout(0.5) dense(1024) dropout(0.5) dense(10)", new int[] {784}, 0, 128,
                    128, 0.1, 60, 10, ">= 1.00 (1.5 aimed)", 1.0),
            new Workload("convnet", "conv(32,5) pool(2) conv(64,5) pool(2) dense(1024) dropout(0.5) dense(10)",
                    new int[] {1, 28, 28}, 0, 128, 128, 0.1, 15, 3, ">= 1.00", 1.0),
            new Workload("charlstm", "embed(64) lstm(512,stateful=true) dense(63)", new int[] {100}, 63, 64, 6400, 1.0, 6,
                    2, ">= 1.00 (1.5 aimed)", 1.0));

    static Table run(int rounds, Path root, String python) {
        Table t = new Table("Training throughput: one step of each reference workload (examples or characters per second)",
                "ldnn items/s", "PyTorch items/s (threads)", "ldnn/torch").noteHeader("ms per step: ldnn vs PyTorch");
        Path script = root.resolve("ldnn-bench/peer/torch_train.py");
        Map<String, double[]> ldnnMs = new HashMap<>(), torchMs = new HashMap<>();
        Map<String, StringBuilder> threads = new HashMap<>();
        for (Workload w : WORKLOADS) {
            ldnnMs.put(w.name(), new double[rounds]);
            torchMs.put(w.name(), new double[rounds]);
            threads.put(w.name(), new StringBuilder());
        }
        String peerError = null;
        for (int r = 0; r < rounds; r++) {
            if (peerError == null) {
                try {
                    Measure.waitQuiet();
                    for (Map.Entry<String, double[]> e : runPeer(python, script).entrySet()) {
                        torchMs.get(e.getKey())[r] = e.getValue()[0];
                        StringBuilder sb = threads.get(e.getKey());
                        sb.append(sb.length() == 0 ? "" : ",").append((int) e.getValue()[1]);
                    }
                } catch (IOException | RuntimeException e) {
                    peerError = e.getMessage();
                    System.err.println("training: PyTorch peer unavailable (" + peerError + "); ldnn figures only");
                }
            }
            for (Workload w : WORKLOADS) {
                Measure.waitQuiet();
                ldnnMs.get(w.name())[r] = stepMs(w);
            }
        }
        for (Workload w : WORKLOADS) {
            double[] lm = ldnnMs.get(w.name()), tm = torchMs.get(w.name());
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = peerError == null ? tm[r] / lm[r] : Double.NaN;
            }
            double l = Measure.median(lm), p = Measure.median(tm);
            t.add(new Row(w.name() + " (" + w.spec() + ", batch " + w.batch() + ")", Table.f("%,.0f", w.items() * 1e3 / l),
                    peerError == null ? Table.f("%,.0f (%s)", w.items() * 1e3 / p, threads.get(w.name())) : "n/a",
                    ratios, Row.Target.atLeast(w.target(), w.targetRatio()),
                    Table.f("%.1f vs %.1f", l, p)));
        }
        return t;
    }

    /** Median milliseconds of one training step of ldnn's recipe trainer on a workload. */
    static double stepMs(Workload w) {
        Rng rng = new Rng(3);
        Sequential model = ModelSpec.build(w.spec(), w.example(), w.vocab());
        model.initialize(Init.defaults(), new Rng(1));
        TrainConfig cfg = new TrainConfig().lr(w.lr()).progress(false);
        Trainer trainer = new Trainer(model, cfg, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        Batch batch;
        if (w.vocab() > 0) {
            int n = w.batch() * w.example()[0];
            float[] x = new float[n];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextInt(w.vocab());
                y[i] = rng.nextInt(w.vocab());
            }
            batch = new Batch(Tensor.of(x, w.batch(), w.example()[0]), new IntTensor(y, w.batch(), w.example()[0]), null);
        } else {
            int[] shape = new int[w.example().length + 1];
            shape[0] = w.batch();
            System.arraycopy(w.example(), 0, shape, 1, w.example().length);
            int[] y = new int[w.batch()];
            for (int i = 0; i < y.length; i++) {
                y[i] = rng.nextInt(10);
            }
            batch = new Batch(Tensor.randn(rng, shape), new IntTensor(y, w.batch()), null);
        }
        double[] ms = new double[w.steps()];
        for (int i = 0; i < w.warm() + w.steps(); i++) {
            long t0 = System.nanoTime();
            double loss = trainer.computeGradients(batch);
            trainer.applyUpdate(loss);
            long dt = System.nanoTime() - t0;
            if (i >= w.warm()) {
                ms[i - w.warm()] = dt / 1e6;
            }
        }
        return Measure.median(ms);
    }

    private static final Pattern LINE = Pattern.compile("\\{\"workload\": \"(\\w+)\", \"ms\": ([0-9.]+), \"threads\": (\\d+)");

    /** Runs the PyTorch script once; workload name to {ms, threads}. */
    static Map<String, double[]> runPeer(String python, Path script) throws IOException {
        return PeerScript.run(new ProcessBuilder(python, script.toString()), script, LINE,
                WORKLOADS.stream().map(Workload::name).toList());
    }
}
