package ldnn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ldnn.nn.Loss;
import ldnn.nn.Module;
import ldnn.optim.Optimizer;
import ldnn.optim.Sgd;
import ldnn.tensor.Tensor;

/** A run that a test drives by hand: it sets the step, the budget clock and the measurements. */
final class FakeRun implements Run {
    final Optimizer opt;
    final Module model;
    final Measurements measurements = new Measurements();
    final List<String> events = new ArrayList<>(), warnings = new ArrayList<>();
    double budgetLeft = Double.NaN, startLr;
    long step;
    int epoch;

    FakeRun() {
        this(null, new Sgd(Map.of("w", Tensor.zeros(2, 2).requiresGrad(true)), 0.1, 0.9, false, 0));
    }

    FakeRun(Module model, Optimizer opt) {
        this.model = model;
        this.opt = opt;
        this.startLr = opt.lr();
    }

    @Override
    public Module model() {
        return model;
    }

    @Override
    public Optimizer optimizer() {
        return opt;
    }

    @Override
    public TrainConfig config() {
        return new TrainConfig();
    }

    @Override
    public Loss loss() {
        return Loss.CROSS_ENTROPY;
    }

    @Override
    public long step() {
        return step;
    }

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public double startLr() {
        return startLr;
    }

    @Override
    public double budgetLeft() {
        return budgetLeft;
    }

    @Override
    public Measurements measurements() {
        return measurements;
    }

    @Override
    public void warn(String monitor, String message) {
        warnings.add(message);
    }

    @Override
    public void event(String monitor, String message) {
        events.add(message);
    }
}
