package ldnn.bench;

import java.util.function.BiConsumer;
import java.util.function.Function;
import ldnn.backend.Vec;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * Elementwise and reduction ops against the bandwidth of a plain {@code System.arraycopy} of the same
 * number of floats into a preallocated array, measured back to back in this process. Each op's
 * bandwidth counts the bytes it must move (inputs read once, output written once); ldnn's side
 * includes allocating the output tensor, as every call in a training step does. Inputs do not require
 * grad here (the per-op autograd cost is what {@link OverheadBench} measures).
 */
final class ElementwiseBench {
    private ElementwiseBench() {
    }

    /** Width of the last axis for the row-wise cases. */
    static final int ROW = 1024;

    /**
     * @param kernel the op's SIMD loop alone, into a preallocated output (null for reductions, whose
     *               output is small): shows how much of the op's time is the JVM allocating its output
     */
    record Case(String name, double bytesPerElement, Function<Tensor[], Tensor> op, BiConsumer<Tensor[], float[]> kernel) {
    }

    static final Case[] CASES = {
        new Case("add a+b", 12, in -> in[0].add(in[1]),
                (in, o) -> Vec.add(in[0].data(), 0, in[1].data(), 0, o, 0, o.length)),
        new Case("mul a*b", 12, in -> in[0].mul(in[1]),
                (in, o) -> Vec.mul(in[0].data(), 0, in[1].data(), 0, o, 0, o.length)),
        new Case("add row bias [r,1024]+[1024]", 8, in -> in[0].add(in[2]), (in, o) -> {
            for (int r = 0; r < o.length; r += ROW) {
                Vec.add(in[0].data(), r, in[2].data(), 0, o, r, ROW);
            }
        }),
        new Case("exp", 8, in -> in[0].exp(), (in, o) -> Vec.exp(in[0].data(), 0, o, 0, o.length)),
        new Case("tanh", 8, in -> in[0].tanh(), (in, o) -> Vec.tanh(in[0].data(), 0, o, 0, o.length)),
        new Case("relu", 8, in -> in[0].relu(), (in, o) -> Vec.relu(in[0].data(), 0, o, 0, o.length)),
        new Case("sum (all)", 4, in -> in[0].sum(), null),
        new Case("sum last axis [r,1024]", 4, in -> in[0].sum(false, -1), null),
        new Case("mean last axis [r,1024]", 4, in -> in[0].mean(false, -1), null),
        new Case("max last axis [r,1024]", 4, in -> in[0].max(false, -1), null),
    };

    static Table run(int[] sizes, int rounds, Measure.Budget budget) {
        Table t = new Table("Elementwise and reductions (output from a reused workspace, as in a training step): op bandwidth vs System.arraycopy bandwidth (GB/s)",
                "ldnn op", "arraycopy", "ratio").noteHeader("kernel alone, preallocated output (ratio)");
        Rng rng = new Rng(11);
        for (int n : sizes) {
            int rows = n / ROW;
            Tensor a = Tensor.randn(rng, rows, ROW), b = Tensor.randn(rng, rows, ROW), bias = Tensor.randn(rng, ROW);
            Tensor[] in = {a, b, bias};
            float[] src = a.data(), dst = new float[n];
            Runnable copy = () -> {
                System.arraycopy(src, 0, dst, 0, n);
                Measure.sink = dst;
            };
            for (Case c : CASES) {
                // as in a training step: the output comes from the step's workspace, reused call after call
                ldnn.backend.Workspace ws = new ldnn.backend.Workspace();
                Runnable op = () -> {
                    ws.recycle();
                    try (var active = ws.activate()) {
                        Measure.sink = c.op().apply(in);
                    }
                };
                double[] ratios = new double[rounds], gbOp = new double[rounds], gbCopy = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    double[] tt = Measure.pair(copy, op, budget);
                    double tCopy = tt[0], tOp = tt[1];
                    gbCopy[r] = 8.0 * n / tCopy / 1e9;
                    gbOp[r] = c.bytesPerElement() * n / tOp / 1e9;
                    ratios[r] = gbOp[r] / gbCopy[r];
                }
                String note = "";
                if (c.kernel() != null) {
                    Runnable kernel = () -> {
                        c.kernel().accept(in, dst);
                        Measure.sink = dst;
                    };
                    double[] tk = Measure.pair(copy, kernel, budget);
                    note = Table.f("%.2f", c.bytesPerElement() * n / tk[1] / (8.0 * n / tk[0]));
                }
                t.add(new Row(c.name() + " n=" + label(n), Table.f("%.1f", Measure.median(gbOp)),
                        Table.f("%.1f", Measure.median(gbCopy)), ratios, Row.Target.atLeast(">= 0.70", 0.70), note));
            }
        }
        return t;
    }

    static String label(int n) {
        return n % (1 << 20) == 0 ? (n >> 20) + "M" : String.valueOf(n);
    }
}
