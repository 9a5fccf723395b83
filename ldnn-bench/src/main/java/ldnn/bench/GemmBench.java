package ldnn.bench;

import ldnn.backend.Blas;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * In-framework GEMM against a bare {@code cblas_sgemm} on the same arrays: the 8 shapes of
 * /work/shared/peers/torch_bench.py run_gemm (one 128-batch step of the 784-1024-1024-10 MLP).
 * ldnn's side is {@code a.matmul(b)} on tensors that require grad (so a node is recorded), with the
 * transposed operands made as {@code .t()} views inside the timed call, as autograd makes them; the
 * output is a fresh array each call. The bare side writes into one preallocated C.
 */
final class GemmBench {
    private GemmBench() {
    }

    /** C[M,N] = A[M,K] B[K,N]; trans: "NT" means B is passed as a transposed view. */
    record Shape(String name, int m, int n, int k, String trans) {
    }

    static final Shape[] SHAPES = {
        new Shape("fwd L1: X[128x784] @ W1^T[784x1024]", 128, 1024, 784, "NT"),
        new Shape("fwd L2: H1[128x1024] @ W2^T[1024x1024]", 128, 1024, 1024, "NT"),
        new Shape("bwd L2 dX: dY2[128x1024] @ W2[1024x1024]", 128, 1024, 1024, "NN"),
        new Shape("bwd L2 dW: dY2^T[1024x128] @ H1[128x1024]", 1024, 1024, 128, "TN"),
        new Shape("bwd L1 dW: dY1^T[1024x128] @ X[128x784]", 1024, 784, 128, "TN"),
        new Shape("bwd L1 dX: dY1[128x1024] @ W1[1024x784]", 128, 784, 1024, "NN"),
        new Shape("fwd L1 contiguous: [128x784] @ [784x1024]", 128, 1024, 784, "NN"),
        new Shape("fwd L2 contiguous: [128x1024] @ [1024x1024]", 128, 1024, 1024, "NN"),
    };

    static Table run(int rounds, Measure.Budget budget) {
        Table t = new Table("GEMM: Tensor.matmul (output from a reused workspace, as in a training step) vs bare cblas_sgemm on the same arrays (GFLOP/s)",
                "ldnn matmul", "bare sgemm", "ratio").noteHeader("bare sgemm into a new float[] (GFLOP/s)");
        Blas blas = Blas.get();
        Rng rng = new Rng(7);
        for (Shape s : SHAPES) {
            boolean ta = s.trans().charAt(0) == 'T', tb = s.trans().charAt(1) == 'T';
            // storage as torch_bench makes it: a transposed operand is stored as its transpose, contiguous
            Tensor aStore = ta ? Tensor.randn(rng, s.k(), s.m()) : Tensor.randn(rng, s.m(), s.k());
            Tensor bStore = tb ? Tensor.randn(rng, s.n(), s.k()) : Tensor.randn(rng, s.k(), s.n());
            aStore.requiresGrad(true);
            bStore.requiresGrad(true);
            float[] a = aStore.data(), b = bStore.data(), c = new float[s.m() * s.n()];
            int lda = ta ? s.m() : s.k(), ldb = tb ? s.k() : s.n();
            Runnable bare = () -> {
                blas.sgemm(ta, tb, s.m(), s.n(), s.k(), 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, s.n());
                Measure.sink = c;
            };
            // as in a training step: the output comes from the step's workspace, reused call after call
            ldnn.backend.Workspace ws = new ldnn.backend.Workspace();
            Runnable framework = () -> {
                ws.recycle();
                try (var active = ws.activate()) {
                    Tensor x = ta ? aStore.t() : aStore, y = tb ? bStore.t() : bStore;
                    Measure.sink = x.matmul(y);
                }
            };
            Runnable bareFresh = () -> {
                float[] fresh = new float[s.m() * s.n()];
                blas.sgemm(ta, tb, s.m(), s.n(), s.k(), 1f, a, 0, lda, b, 0, ldb, 0f, fresh, 0, s.n());
                Measure.sink = fresh;
            };
            double flop = 2.0 * s.m() * s.n() * s.k();
            double[] ratios = new double[rounds];
            double[] gBare = new double[rounds], gLdnn = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                double[] tt = Measure.pair(bare, framework, budget);
                double tBare = tt[0], tLdnn = tt[1];
                gBare[r] = flop / tBare / 1e9;
                gLdnn[r] = flop / tLdnn / 1e9;
                ratios[r] = tBare / tLdnn;
            }
            // what the JVM's allocation of the output alone costs (ldnn's matmul must return a new array)
            double tFresh = Measure.pair(bare, bareFresh, budget)[1];

            t.add(new Row(s.name() + " " + s.trans(), Table.f("%.1f", Measure.median(gLdnn)),
                    Table.f("%.1f", Measure.median(gBare)), ratios, Row.Target.atLeast(">= 0.90", 0.90),
                    Table.f("%.1f", flop / tFresh / 1e9)));
        }
        return t;
    }
}
