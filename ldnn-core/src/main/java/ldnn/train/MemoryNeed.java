package ldnn.train;

import java.util.Locale;
import ldnn.autograd.GradMode;
import ldnn.nn.Module;
import ldnn.nn.Sequential;
import ldnn.optim.OptimizerKind;
import ldnn.tensor.Tensor;

/**
 * How much heap a training run needs beyond its data, worked out before it starts, so that a run that
 * cannot fit fails at once with a message saying how much it needs and how to give it more, instead of
 * an {@code OutOfMemoryError} minutes in.
 *
 * <p>Per net: the weights, their gradients, the optimizer's state (one buffer for SGD, two for Adam),
 * the best weights and the checkpoint's bytes (so 5-6 copies of the parameters), plus one step's
 * activations: every layer's output, its gradient and a mask or index of the same size, for a batch
 * (counted from a forward pass of one example), and an evaluation batch's outputs.
 */
public record MemoryNeed(long parameterBytes, long stepBytes, int nets) {

    /** Headroom for what is not counted: the JIT's warm-up garbage, the data pipeline's batches, run files. */
    static final long SLACK = 32L << 20;

    /** Bytes of heap the training needs on top of what is allocated already (the data). */
    public long bytes() {
        return nets * (parameterBytes + stepBytes) + SLACK;
    }

    /**
     * Works out what training {@code parallelNets} copies of {@code model} at once needs, for examples of the given
     * shape (without the batch axis).
     */
    public static MemoryNeed of(Module model, int[] exampleShape, TrainConfig cfg, int parallelNets) {
        long params = model.parameterCount();
        int copies = 5 + (cfg.optimizer() == OptimizerKind.ADAM || cfg.optimizer() == OptimizerKind.ADAMW ? 1 : 0);
        long perExample = activationsPerExample(model, exampleShape);
        long step = 4L * perExample * (3L * cfg.batchSize() + cfg.evalBatchSize());
        return new MemoryNeed(4L * params * copies, step, Math.max(1, parallelNets));
    }

    /** Floats of all layers' outputs for one example (0 where a forward of one example is not possible). */
    static long activationsPerExample(Module model, int[] exampleShape) {
        int[] shape = new int[exampleShape.length + 1];
        shape[0] = 1;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        boolean was = model.isTraining();
        model.eval();
        long sum = 0;
        try (var ng = GradMode.noGrad()) {
            Tensor x = Tensor.zeros(shape);
            sum += x.numel();
            for (Module m : model instanceof Sequential s ? s.layers() : java.util.List.of(model)) {
                x = m.forward(x);
                sum += x.numel();
            }
        } catch (RuntimeException e) {
            return 0; // a model that cannot run on zeros (e.g. an embedding of ids): counted without activations
        } finally {
            model.resetState();
            model.train(was);
        }
        return sum;
    }

    /**
     * Throws a clear error if this need does not fit in what the JVM's heap has left. Runs a GC first so
     * that garbage is not counted as used.
     */
    public void check(String what) {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long used = rt.totalMemory() - rt.freeMemory(), max = rt.maxMemory();
        long need = bytes();
        if (used + need > max) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "not enough memory for %s: it needs about %s of heap on top of the %s the data and the program"
                            + " hold (%s of weights, gradients and optimizer state and %s for a step's activations%s),"
                            + " but the JVM may use at most %s. Give it more: LDNN_HEAP=%s ./ldnn ... (or"
                            + " LDNN_JAVA_OPTS=-Xmx%s); this machine has %s of memory. Or make the run smaller:"
                            + " --batch-size, a smaller --model, fewer --ensemble members at a time.",
                    what, size(need), size(used), size(parameterBytes), size(stepBytes),
                    nets > 1 ? ", for each of " + nets + " nets trained at once" : "", size(max),
                    suggest(used + need), suggest(used + need), size(physicalMemory())));
        }
    }

    /** A heap size to suggest: what is needed plus a quarter, rounded up to a whole GB (or 512 MB). */
    static String suggest(long bytes) {
        long want = bytes + bytes / 4;
        return want <= 512L << 20 ? "512m" : ((want + (1L << 30) - 1) >> 30) + "g";
    }

    static String size(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MB", bytes >> 20);
    }

    static long physicalMemory() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getTotalMemorySize() : -1;
    }

    /** The message for an {@link OutOfMemoryError} that happened anyway. */
    public static String outOfMemoryMessage() {
        long max = Runtime.getRuntime().maxMemory();
        return String.format(Locale.ROOT, "ran out of memory: the JVM may use at most %s of heap (this machine has %s)."
                + " Give it more: LDNN_HEAP=%s ./ldnn ... (or LDNN_JAVA_OPTS=-Xmx...), or make the run smaller"
                + " (--batch-size, a smaller --model, fewer --ensemble members at a time).",
                size(max), size(physicalMemory()), suggest(2 * max));
    }
}
