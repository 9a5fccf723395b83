package ldnn.bench;

import ldnn.backend.Vec;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * Framework cost per small op: {@code x.add(y)} on two 16-element tensors that require grad (a node is
 * recorded), and the backward of a chain of such adds, per op. The peer is the bare kernel
 * ({@link Vec#add} on the same 16 floats into a preallocated array); the target is on the absolute
 * time per op (<= 2 us), the kernel's time is shown for scale.
 */
final class OverheadBench {
    private OverheadBench() {
    }

    static final int N = 16;
    /** Ops per chain when timing backward (so the fixed cost of one backward call is spread). */
    static final int CHAIN = 64;

    static Table run(int rounds, Measure.Budget budget) {
        Table t = new Table("Framework overhead per small op (16-element tensors with grad), us per op",
                "ldnn us/op", "bare Vec.add us", "ldnn us/op");
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(rng, N).requiresGrad(true), y = Tensor.randn(rng, N).requiresGrad(true);
        float[] out = new float[N];
        Runnable bare = () -> {
            Vec.add(x.data(), 0, y.data(), 0, out, 0, N);
            Measure.sink = out;
        };
        Runnable forward = () -> Measure.sink = x.add(y);
        Tensor seed = Tensor.ones(N);
        Runnable chainForward = () -> {
            Tensor z = x;
            for (int i = 0; i < CHAIN; i++) {
                z = z.add(y);
            }
            Measure.sink = z;
        };
        Runnable chainBackward = () -> {
            Tensor z = x;
            for (int i = 0; i < CHAIN; i++) {
                z = z.add(y);
            }
            x.zeroGrad();
            y.zeroGrad();
            z.backward(seed);
            Measure.sink = x.grad();
        };
        double[] fwd = new double[rounds], bwd = new double[rounds], kern = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double[] k = Measure.pair(bare, forward, budget);
            kern[r] = k[0] * 1e6;
            fwd[r] = k[1] * 1e6;
            double[] chain = Measure.pair(chainForward, chainBackward, budget);
            bwd[r] = Math.max(0, chain[1] - chain[0]) / CHAIN * 1e6;
        }
        String k = Table.f("%.3f", Measure.median(kern));
        t.add(new Row("x.add(y) forward, records a node", Table.f("%.3f", Measure.median(fwd)), k, fwd,
                Row.Target.atMost("<= 2 us", 2.0)));
        t.add(new Row("its backward (chain of " + CHAIN + " adds, per op)", Table.f("%.3f", Measure.median(bwd)), k,
                bwd, Row.Target.atMost("<= 2 us", 2.0)));
        return t;
    }
}
