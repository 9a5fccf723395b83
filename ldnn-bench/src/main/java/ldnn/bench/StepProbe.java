package ldnn.bench;

import java.util.Locale;

/**
 * One configuration of the scaling suite, in a process of its own (so that its peak RSS is its own):
 * builds the net, times the recipe trainer's step as {@link TrainingBench#stepMs} does, and prints one
 * JSON line. ldnn-bench/peer/torch_probe.py takes the same arguments.
 *
 * <pre>
 *   java &lt;scripts/bench's JVM flags&gt; -cp ... ldnn.bench.StepProbe --kind mlp --hidden 2789 --layers 2 --batch 128
 *        --steps 10 --warm 3
 *   java ... ldnn.bench.StepProbe --kind charlstm --hidden 512 --batch 64 --seq 100 --steps 5 --warm 2
 * </pre>
 * mlp: 784 inputs, {@code --layers} ReLU hidden layers of {@code --hidden} units, 10 classes, SGD momentum
 * 0.9 at LR 0.1, random inputs and labels. charlstm: embedding 64, LSTM of {@code --hidden} units, 63
 * symbols, {@code --seq} characters per sequence, SGD LR 1 with clipping at 5 (the recipe's for
 * recurrent nets), as TrainingBench's charlstm. Prints {"kind", "ms", "alloc_bytes_per_step", "params",
 * "steps", "warm"}: ms is the median step time after the warm-up steps.
 */
public final class StepProbe {
    private StepProbe() {
    }

    public static void main(String[] args) {
        String kind = "mlp";
        int hidden = 1024, layers = 2, batch = 128, seq = 100, steps = 10, warm = 3;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--kind" -> kind = v;
                case "--hidden" -> hidden = Integer.parseInt(v);
                case "--layers" -> layers = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--seq" -> seq = Integer.parseInt(v);
                case "--steps" -> steps = Integer.parseInt(v);
                case "--warm" -> warm = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("StepProbe: unknown argument '" + a + "'");
            }
        }
        TrainingBench.Workload w = workload(kind, hidden, layers, batch, seq, steps, warm);
        TrainingBench.StepResult r = TrainingBench.stepMs(w);
        long params = ldnn.nn.ModelSpec.build(w.spec(), w.example(), w.vocab()).parameterCount();
        System.out.println(String.format(Locale.ROOT,
                "{\"kind\": \"%s\", \"ms\": %.4f, \"alloc_bytes_per_step\": %.0f, \"params\": %d, \"steps\": %d, \"warm\": %d}",
                kind, r.ms(), Double.isFinite(r.allocBytes()) ? r.allocBytes() : -1, params, steps, warm));
    }

    static TrainingBench.Workload workload(String kind, int hidden, int layers, int batch, int seq, int steps, int warm) {
        return switch (kind) {
            case "mlp" -> new TrainingBench.Workload("mlp", ("dense(" + hidden + ") ").repeat(layers) + "dense(10)",
                    new int[] {784}, 0, batch, batch, 0.1, "sgd", null, steps, warm, "", 0);
            case "charlstm" -> new TrainingBench.Workload("charlstm",
                    "embed(64) lstm(" + hidden + ",stateful=true) dense(63)", new int[] {seq}, 63, batch, batch * seq, 1.0,
                    "sgd", null, steps, warm, "", 0);
            default -> throw new IllegalArgumentException("StepProbe: --kind must be mlp or charlstm, got '" + kind + "'");
        };
    }
}
