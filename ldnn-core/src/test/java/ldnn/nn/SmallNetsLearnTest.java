package ldnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ldnn.optim.Sgd;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The engine end to end through the public API: 2-layer nets fit XOR and two spirals exactly. */
class SmallNetsLearnTest {

    private static int trainAndCountErrors(Sequential net, Tensor x, IntTensor y, double lr, int steps) {
        Sgd opt = new Sgd(net.parameters(), lr, 0.9, false, 0);
        for (int s = 0; s < steps; s++) {
            opt.zeroGrad();
            Loss.CROSS_ENTROPY.compute(net.forward(x), y, null).backward();
            opt.step();
        }
        net.eval();
        return (int) Loss.CROSS_ENTROPY.errors(net.forward(x), y, null)[0];
    }

    @Test
    void xorIsLearnedExactly() {
        Tensor x = Tensor.of(new float[] {-1, -1, -1, 1, 1, -1, 1, 1}, 4, 2);
        IntTensor y = IntTensor.of(0, 1, 1, 0);
        Sequential net = new Sequential(new Linear(2, 8), Activation.tanh(), new Linear(8, 2));
        net.initialize(Init.defaults(), new Rng(1));
        assertEquals(0, trainAndCountErrors(net, x, y, 0.1, 300));
    }

    @Test
    void twoSpiralsAreLearnedToZeroTrainingError() {
        int n = 200;
        float[] xs = new float[2 * n];
        int[] ys = new int[n];
        Rng r = new Rng(7);
        for (int i = 0; i < n; i++) {
            int cls = i % 2;
            double t = (i / 2) / (double) (n / 2) * 3 * Math.PI + 0.5; // 1.5 turns
            double rad = t / (3 * Math.PI + 0.5);
            double sign = cls == 0 ? 1 : -1;
            xs[2 * i] = (float) (sign * rad * Math.cos(t) + 0.01 * r.nextGaussian());
            xs[2 * i + 1] = (float) (sign * rad * Math.sin(t) + 0.01 * r.nextGaussian());
            ys[i] = cls;
        }
        Tensor x = Tensor.of(xs, n, 2).mul(2f);
        Sequential net = new Sequential(new Linear(2, 128), Activation.relu(), new Linear(128, 2));
        net.initialize(Init.defaults(), new Rng(2));
        assertEquals(0, trainAndCountErrors(net, x, new IntTensor(ys, n), 0.1, 3000));
    }
}
