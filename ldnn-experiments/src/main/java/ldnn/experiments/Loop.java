package ldnn.experiments;

import ldnn.optim.Optimizer;
import ldnn.tensor.Tensor;
import ldnn.train.GradientClipper;

/**
 * The plain training step used where an experiment needs finer control than the recipe trainer gives
 * (fixed budgets, per-step logging, no automatic rescue): backward, optional global-norm clipping of
 * the batch-averaged gradient, one optimizer update.
 */
final class Loop {
    private Loop() {
    }

    /**
     * @param clipNorm 0 for no clipping
     * @return the gradient norm before clipping (NaN when the loss was not finite: nothing was updated)
     */
    static double step(Optimizer opt, Tensor loss, double clipNorm) {
        opt.zeroGrad();
        if (!Double.isFinite(loss.item())) {
            return Double.NaN;
        }
        loss.backward();
        double norm = GradientClipper.clip(opt.parameters().values(), clipNorm);
        opt.step();
        return norm;
    }
}
