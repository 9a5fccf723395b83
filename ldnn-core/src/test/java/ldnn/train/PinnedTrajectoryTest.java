package ldnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import ldnn.data.Batch;
import ldnn.nn.Activation;
import ldnn.nn.Init;
import ldnn.nn.Linear;
import ldnn.nn.Loss;
import ldnn.nn.Sequential;
import ldnn.optim.Optimizer;
import ldnn.optim.OptimizerKind;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The first 20 losses of a small MLP, pinned (llm.c's habit): a change to the forward or backward
 * pass, the loss, the initialization or the optimizer's math that moves any loss by more than 1e-5
 * fails this test. When a change is meant to alter the numbers, copy the new losses from the failure
 * message and say why in the commit.
 *
 * <p>The net, Linear(10, 32) ReLU Linear(32, 5), is initialized with ldnn's default scheme from a fixed
 * seed and trained on 20 fixed batches of 16 examples labeled by a fixed random linear teacher. It is
 * small enough that the sums inside BLAS are short: another BLAS kernel or thread count changes the
 * losses by at most 1.2e-7 (OpenBLAS's Haswell, Sandybridge and Prescott kernels, 1 or 2 threads, and
 * ldnn's Java GEMM), far below the tolerance of 1e-5, while a slip such as dampening 0.899 for 0.9
 * moves them by 5e-3. Slips too small to show in 20 losses (a rounding bias of 1e-5 in Adam's β2
 * moved them by 4e-6) are the optimizer tests' job, against PyTorch (ldnn.optim.TorchReferenceTest).
 */
class PinnedTrajectoryTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());
    private static final int STEPS = 20, BATCH = 16, IN = 10, CLASSES = 5;
    private static final double TOL = 1e-5;

    /** The trainer's default recipe: SGD with averaged momentum 0.9, LR 0.1. */
    private static final double[] DEFAULT_RECIPE_LOSSES = {
            2.23407435, 1.88422191, 2.02449989, 1.80350053, 1.68305647, 1.63378882, 2.01112294, 1.42340028,
            1.83772564, 1.43247724, 1.48893845, 1.52286851, 1.28971863, 1.46393430, 1.26254153, 1.28379655,
            1.48251498, 1.27582312, 1.23041975, 1.20682037};

    /** Adam at LR 0.01, driven directly. */
    private static final double[] ADAM_LOSSES = {
            2.23407435, 1.76218235, 1.89145637, 1.63540387, 1.39601016, 1.56089461, 1.69148684, 1.23889709,
            1.58151138, 1.14895189, 1.19876778, 1.45294261, 1.13084209, 1.35938442, 1.00780201, 1.06867313,
            1.34692669, 1.13738132, 1.07552242, 1.08674407};

    @Test
    void theDefaultRecipeThroughTheTrainersStepApiGivesThePinnedLosses() {
        Sequential net = net();
        Trainer trainer = new Trainer(net, new TrainConfig().progress(false), QUIET);
        double[] losses = new double[STEPS];
        List<Batch> batches = batches();
        for (int s = 0; s < STEPS; s++) {
            losses[s] = trainer.computeGradients(batches.get(s));
            trainer.applyUpdate(losses[s]);
        }
        assertEquals("SGD(lr=0.100, momentum=0.9 averaged)", trainer.optimizer().describe());
        assertPinned("the default recipe", DEFAULT_RECIPE_LOSSES, losses);
    }

    @Test
    void adamDrivenDirectlyGivesThePinnedLosses() {
        Sequential net = net();
        Optimizer adam = OptimizerKind.ADAM.create(net.parameters(), 0.01, 0, 0, 0);
        double[] losses = new double[STEPS];
        List<Batch> batches = batches();
        net.train(true);
        for (int s = 0; s < STEPS; s++) {
            adam.zeroGrad();
            Batch b = batches.get(s);
            Tensor loss = Loss.CROSS_ENTROPY.compute(net.forward(b.x()), b.labels(), b.targets());
            losses[s] = loss.item();
            loss.backward();
            adam.step();
        }
        assertPinned("Adam", ADAM_LOSSES, losses);
    }

    /** The trainer's step API does not initialize the model: the test does, from a fixed seed. */
    private static Sequential net() {
        Sequential net = new Sequential(new Linear(IN, 32), Activation.relu(), new Linear(32, CLASSES));
        net.initialize(Init.defaults(), new Rng(42));
        return net;
    }

    /** 20 batches of 16 standard-normal inputs, each labeled by the largest of 5 fixed random projections. */
    private static List<Batch> batches() {
        Rng rng = new Rng(7);
        float[] teacher = Tensor.randn(rng, IN, CLASSES).data();
        List<Batch> batches = new ArrayList<>();
        for (int b = 0; b < STEPS; b++) {
            Tensor x = Tensor.randn(rng, BATCH, IN);
            int[] labels = new int[BATCH];
            for (int i = 0; i < BATCH; i++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < CLASSES; c++) {
                    double score = 0;
                    for (int k = 0; k < IN; k++) {
                        score += (double) x.data()[i * IN + k] * teacher[k * CLASSES + c];
                    }
                    if (score > best) {
                        best = score;
                        labels[i] = c;
                    }
                }
            }
            batches.add(new Batch(x, new IntTensor(labels, BATCH), null));
        }
        return batches;
    }

    private static void assertPinned(String what, double[] pinned, double[] losses) {
        String got = DoubleStream.of(losses).mapToObj(l -> String.format(Locale.ROOT, "%.8f", l))
                .collect(Collectors.joining(", ", "{", "}"));
        assertEquals(pinned.length, losses.length, what + ": pinned losses missing; the losses now are " + got);
        for (int s = 0; s < losses.length; s++) {
            int step = s;
            assertTrue(Math.abs(losses[s] - pinned[s]) <= TOL, () -> String.format(Locale.ROOT,
                    "%s, step %d: expected the pinned loss %.8f, got %.8f; the losses now are %s",
                    what, step + 1, pinned[step], losses[step], got));
        }
        assertTrue(losses[STEPS - 1] < losses[0] - 0.1, what + ": the net learns: " + got);
    }
}
