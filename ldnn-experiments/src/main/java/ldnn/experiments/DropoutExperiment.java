package ldnn.experiments;

import java.io.PrintStream;
import ldnn.nn.Module;
import ldnn.train.Evaluation;
import ldnn.train.TrainConfig;
import ldnn.train.TrainResult;

/**
 * Claim 6a (recipe point 12): dropout improves a net trained long enough, and turning it off at test time
 * (with the 1/(1−p) scale applied in training: "inverted" dropout, equivalent to scaling the weights by
 * 1−p at test time) gives what averaging many dropout masks gives.
 */
final class DropoutExperiment implements Experiment {
    @Override
    public String name() {
        return "dropout";
    }

    @Override
    public String description() {
        return "with and without dropout on Fashion-MNIST (MLP, convnet); test-time scaling vs averaging many masks";
    }

    @Override
    public String fullRunEstimate() {
        return "measured: 51 min with 1 BLAS thread beside another run (4 nets trained until the schedule stops, at most 40 epochs each; the convnets dominate)";
    }

    @Override
    public ResultTable run(Settings s, PrintStream progress) {
        ResultTable t = new ResultTable(name(), "Dropout on Fashion-MNIST", s.quick());
        ExperimentData.ImageSplit split = s.data().fashionSplit(s.pick(2000, 0), s.pick(500, 6000), s.pick(2000, 0),
                s.seed());
        int masks = 50;
        String[][] nets = s.quick()
                ? new String[][] {{"MLP", "dense(512) dense(512) dense(10)", "dense(512) dropout(0.5) dense(512) dropout(0.5) dense(10)"}}
                : new String[][] {
                    {"MLP", "dense(1024) dense(1024) dense(10)",
                        "dropout(0.2) dense(1024) dropout(0.5) dense(1024) dropout(0.5) dense(10)"},
                    {"convnet", "conv(32,5) pool(2) conv(64,5) pool(2) dense(512) dense(10)",
                        "conv(32,5) pool(2) conv(64,5) pool(2) dropout(0.25) dense(512) dropout(0.5) dense(10)"}};
        Section sec = t.section("Test error (" + split.test().size() + " official test images) of the best model on "
                + "validation", "net", "model", "epochs", "stop reason", "train error (last epoch)",
                "test error: dropout off (weight scaling)", "test error: average of " + masks + " masks",
                "test error: one mask (dropout left on)");
        for (String[] net : nets) {
            for (int withDropout = 0; withDropout < 2; withDropout++) {
                String spec = net[1 + withDropout];
                Module model = ImageNets.build(spec);
                TrainConfig cfg = new TrainConfig().seed(s.seed()).maxEpochs((int) s.budget(12, 40));
                TrainResult r = ImageNets.train(model, split, cfg, progress, net[0] + " " + spec);
                Evaluation scaled = ImageNets.test(model, split.test());
                double mc = withDropout == 1 ? ImageNets.monteCarloError(model, split.test(), masks) : Double.NaN;
                double one = withDropout == 1 ? ImageNets.monteCarloError(model, split.test(), 1) : Double.NaN;
                sec.row(net[0], spec, r.history().size(), r.stopReason(),
                        Fmt.pct(r.last().trainError()), Fmt.pct(scaled.error()), Fmt.pct(mc), Fmt.pct(one));
                String key = net[0].toLowerCase(java.util.Locale.ROOT) + (withDropout == 1 ? ".dropout" : ".plain");
                t.metric(key + ".test_error", scaled.error());
                if (withDropout == 1) {
                    t.metric(key + ".mc_error", mc);
                    t.metric(key + ".one_mask_error", one);
                }
            }
        }
        targets(t, s, nets);
        t.note(split.describe() + ".");
        t.note("Recipe trainer (ldnn.train.Trainer) with its defaults: SGD momentum 0.9, LR 0.1 halved when "
                + "validation stalls for 2 evaluations, stop when the LR is 1000x smaller (or at the epoch cap), "
                + "batch 128; the model kept is the best on validation. ldnn's dropout is inverted (survivors "
                + "scaled by 1/(1-p) in training), so turning it off at test time is the essay's weight scaling.");
        return t;
    }

    private static void targets(ResultTable t, Settings s, String[][] nets) {
        for (String[] net : nets) {
            String k = net[0].toLowerCase(java.util.Locale.ROOT);
            double ws = t.metric(k + ".dropout.test_error"), mc = t.metric(k + ".dropout.mc_error");
            double tol = s.quick() ? 0.015 : 0.002;
            t.target(net[0] + ": weight scaling within " + Fmt.compact(100 * tol) + " pp of the mask average",
                    Fmt.pct(ws) + " vs " + Fmt.pct(mc), Math.abs(ws - mc) <= tol);
            if (!s.quick()) {
                double plain = t.metric(k + ".plain.test_error");
                t.target(net[0] + ": dropout lowers the test error by >= 0.5 pp", Fmt.pct(plain) + " -> " + Fmt.pct(ws),
                        plain - ws >= 0.005);
            }
        }
    }
}
