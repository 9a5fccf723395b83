package ldnn.experiments;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import ldnn.nn.Module;
import ldnn.train.EpochRecord;
import ldnn.train.TrainConfig;
import ldnn.train.TrainResult;

/**
 * Claim 7 (recipe point 6): watch ‖update‖/‖weight‖; around 1e-3 is right, much smaller is slow, much
 * larger unstable. An LR sweep with the recipe trainer at a constant LR (the schedule's patience set out
 * of reach; a divergence ends the run instead of being rolled back), reading the trainer's own
 * update-ratio records.
 */
final class LrRatioExperiment implements Experiment {
    @Override
    public String name() {
        return "lr-ratio";
    }

    @Override
    public String description() {
        return "LR sweep: update/weight ratio against final validation error; the best LR should sit near 1e-3";
    }

    @Override
    public String fullRunEstimate() {
        return "measured: about 30 s on 2 cores (10 learning rates x 3 epochs of Fashion-MNIST, MLP 784-256-256-10)";
    }

    @Override
    public ResultTable run(Settings s, PrintStream progress) {
        ResultTable t = new ResultTable(name(), "Update/weight ratio against the learning rate (Fashion-MNIST MLP)",
                s.quick());
        ExperimentData.ImageSplit split = s.data().fashionSplit(s.pick(2000, 0), s.pick(500, 6000), s.pick(1000, 1000),
                s.seed());
        double[] lrs = s.quick() ? new double[] {1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3}
                : new double[] {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3};
        int epochs = (int) s.budget(6, 3), evalEvery = s.pick(8, 50);
        String spec = "dense(256) dense(256) dense(10)";
        Section sec = t.section("SGD momentum 0.9, constant LR, batch 128, " + epochs + " epochs, " + spec
                + " (median over weight matrices and over measurements after step " + skip(s) + ")", "LR",
                "median update/weight ratio", "range over weight matrices", "final validation error", "stop reason");
        double bestErr = Double.POSITIVE_INFINITY, bestRatio = Double.NaN, bestLr = Double.NaN;
        for (double lr : lrs) {
            Module model = ImageNets.build(spec);
            TrainConfig cfg = new TrainConfig().seed(s.seed()).lr(lr).maxEpochs(epochs).patience(1_000_000)
                    .divergenceRetries(0).offGround(Math.max(20, evalEvery), 0).evalEverySteps(evalEvery);
            TrainResult r = ImageNets.train(model, split, cfg, progress, "LR " + Fmt.compact(lr));
            List<Double> all = ratios(r, skip(s));
            boolean early = all.isEmpty(); // diverged before the skipped warm-up ended: use what there is
            if (early) {
                all = ratios(r, 0);
            }
            double lo = Double.POSITIVE_INFINITY, hi = 0;
            if (!r.history().isEmpty()) {
                for (double v : r.last().updateRatios().values()) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            Collections.sort(all);
            double median = all.isEmpty() ? Double.NaN : all.get(all.size() / 2);
            boolean diverged = r.stopReason().contains("diverged");
            double err = diverged || r.history().isEmpty() ? Double.NaN : r.last().valError();
            sec.row(Fmt.compact(lr), Fmt.sci(median) + (early ? " (early steps only)" : ""), Fmt.sci(lo) + " .. " + Fmt.sci(hi),
                    diverged ? "diverged" : Fmt.pct(err), diverged ? "diverged at step " + r.steps() : r.stopReason());
            t.metric("lr" + Fmt.compact(lr) + ".ratio", median);
            t.metric("lr" + Fmt.compact(lr) + ".val_error", err);
            if (err < bestErr) {
                bestErr = err;
                bestRatio = median;
                bestLr = lr;
            }
        }
        t.metric("best.lr", bestLr);
        t.metric("best.ratio", bestRatio);
        boolean monotone = true;
        for (int i = 1; i < lrs.length; i++) {
            monotone &= t.metric("lr" + Fmt.compact(lrs[i]) + ".ratio") > t.metric("lr" + Fmt.compact(lrs[i - 1]) + ".ratio");
        }
        t.target((s.quick() ? "quick: " : "") + "the ratio grows with the LR", monotone ? "monotone" : "not monotone",
                monotone);
        if (!s.quick()) {
            t.target("the best LR's ratio lies in [3e-4, 3e-3] (near 1e-3)", "LR " + Fmt.compact(bestLr) + ": ratio "
                    + Fmt.sci(bestRatio) + ", validation error " + Fmt.pct(bestErr), bestRatio >= 3e-4 && bestRatio <= 3e-3);
        }
        t.note(split.describe() + ".");
        t.note("Recipe trainer with the schedule switched off (patience out of reach) so each LR stays constant, no "
                + "divergence rollback (a NaN ends the run: 'diverged'), no off-the-ground retry. Ratios are "
                + "the trainer's own records (UpdateRatioMonitor: ||delta w|| / ||w|| per weight matrix, biases "
                + "excluded), read at each evaluation every " + evalEvery + " steps.");
        return t;
    }

    /** Every weight matrix's ratio at every evaluation from step {@code from} on. */
    private static List<Double> ratios(TrainResult r, int from) {
        List<Double> all = new ArrayList<>();
        for (EpochRecord e : r.history()) {
            if (e.step() >= from) {
                all.addAll(e.updateRatios().values());
            }
        }
        return all;
    }

    private static int skip(Settings s) {
        return s.quick() ? 16 : 100;
    }
}
