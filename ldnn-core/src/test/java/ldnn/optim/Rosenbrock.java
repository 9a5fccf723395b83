package ldnn.optim;

import ldnn.tensor.Tensor;

/**
 * The fixed problem the optimizer trajectories minimize: the chained Rosenbrock function
 * f(x) = Σᵢ (1 − xᵢ)² + b·(xᵢ₊₁ − xᵢ²)² of 4 variables with b = 10, a curved valley where the
 * gradient changes size and direction from step to step.
 */
final class Rosenbrock {
    static final double B = 10;
    /** The start of every trajectory, as in torch_reference.py. */
    static final float[] START = {-1.2f, 1.0f, -0.5f, 0.8f};

    private Rosenbrock() {
    }

    /**
     * Sets x's gradient: computed in double from the float values and rounded to float, by the same
     * expression, in the same order, as torch_reference.py, so both sides see bit-identical gradients.
     */
    static void setGradient(Tensor x) {
        float[] p = x.toArray();
        double[] g = new double[p.length];
        for (int i = 0; i < p.length - 1; i++) {
            double xi = p[i], next = p[i + 1];
            double r = next - xi * xi;
            g[i] += -2.0 * (1.0 - xi) - 4.0 * B * xi * r;
            g[i + 1] += 2.0 * B * r;
        }
        float[] gf = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            gf[i] = (float) g[i];
        }
        x.setGrad(Tensor.of(gf, gf.length));
    }

    /** Runs {@code steps} steps of the optimizer over x (its only parameter) on this function. */
    static void descend(Optimizer o, Tensor x, int steps) {
        for (int s = 0; s < steps; s++) {
            o.zeroGrad();
            setGradient(x);
            o.step();
        }
    }
}
