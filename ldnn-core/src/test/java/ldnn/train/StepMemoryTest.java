package ldnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import ldnn.data.Batch;
import ldnn.nn.Init;
import ldnn.nn.ModelSpec;
import ldnn.nn.Sequential;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The trainer's step reuses its memory: after the first steps, a step allocates a small constant
 * (bookkeeping objects, not arrays of activation or weight size), and what a user computes and keeps
 * outside the step never shares memory with it.
 */
class StepMemoryTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());
    private static final String SPEC = "dense(256) dropout(0.5) dense(256) dropout(0.5) dense(10)";

    private static Batch batch(Rng rng, int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(10);
        }
        return new Batch(Tensor.randn(rng, n, 100), new IntTensor(y, n), null);
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void aLongRunsStepsAllocateASmallConstantEach() {
        Sequential model = ModelSpec.build(SPEC, new int[] {100}, 0);
        model.initialize(Init.defaults(), new Rng(1));
        Trainer trainer = new Trainer(model, new TrainConfig().progress(false), QUIET);
        Rng rng = new Rng(2);
        Batch[] batches = {batch(rng, 64), batch(rng, 64), batch(rng, 64)};
        long[] perStep = new long[3];
        int steps = 0;
        for (int phase = -1; phase < 3; phase++) {
            long before = allocatedByThisThread();
            for (int i = 0; i < (phase < 0 ? 400 : 100); i++, steps++) {
                trainer.applyUpdate(trainer.computeGradients(batches[steps % 3]));
            }
            if (phase >= 0) { // phase -1 warms up: the first steps fill the workspace and the gradient buffers, and until
                // the JIT has compiled them, Vector API kernels allocate their vectors
                perStep[phase] = (allocatedByThisThread() - before) / 100;
            }
        }
        // one step's arrays: 64x256 activations, masks and gradients, and 100x256 + 256x256 weight gradients
        long stepArrays = 4L * (8 * 64 * 256 + 100 * 256 + 256 * 256);
        for (long bytes : perStep) {
            assertTrue(bytes < stepArrays / 10, "a step allocated " + bytes + " bytes, against " + stepArrays
                    + " bytes of arrays in one step: arrays are not reused (per step, 3 phases: "
                    + java.util.Arrays.toString(perStep) + ")");
        }
        // a constant: the last hundred steps allocate no more than the first hundred after warm-up (plus noise)
        assertTrue(perStep[2] <= perStep[0] * 1.2 + 512, () -> "allocation per step grows: " + java.util.Arrays.toString(perStep));
    }

    @Test
    void tensorsTheUserKeepsKeepTheirValuesAfterMoreSteps() {
        Sequential model = ModelSpec.build(SPEC, new int[] {100}, 0);
        model.initialize(Init.defaults(), new Rng(1));
        Trainer trainer = new Trainer(model, new TrainConfig().progress(false), QUIET);
        Rng rng = new Rng(3);
        Batch b = batch(rng, 32);
        trainer.applyUpdate(trainer.computeGradients(b));
        // what a user computes between steps (a prediction, a copied gradient) is the user's own memory
        model.eval();
        Tensor prediction = model.forward(b.x());
        float[] predictionValues = prediction.toArray();
        Tensor gradientCopy = model.parameters().values().iterator().next().grad().copy();
        float[] gradientValues = gradientCopy.toArray();
        for (int i = 0; i < 5; i++) {
            trainer.applyUpdate(trainer.computeGradients(batch(rng, 32)));
        }
        assertArrayEquals(predictionValues, prediction.toArray(), "a prediction changed under later training steps");
        assertArrayEquals(gradientValues, gradientCopy.toArray(), "a copied gradient changed under later training steps");
    }
}
