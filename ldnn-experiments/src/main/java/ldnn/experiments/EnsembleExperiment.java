package ldnn.experiments;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import ldnn.data.BatchSource;
import ldnn.train.Ensemble;
import ldnn.train.Evaluation;
import ldnn.train.TrainConfig;
import ldnn.train.TrainResult;
import ldnn.train.TrainingData;

/**
 * Claim 6b (recipe point 13): train ~10 nets and average their predictions. ldnn's Ensemble trains
 * members that differ only in their seed (init, batch order) with the recipe trainer, in parallel, and
 * averages their softmax probabilities.
 */
final class EnsembleExperiment implements Experiment {
    @Override
    public String name() {
        return "ensemble";
    }

    @Override
    public String description() {
        return "10 nets vs 1 on Fashion-MNIST: ensemble error against the mean and the best member's error";
    }

    @Override
    public String fullRunEstimate() {
        return "measured: about 3.5 min on 2 cores (10 MLPs 784-512-512-10, at most 20 epochs each, 2 at a time)";
    }

    @Override
    public ResultTable run(Settings s, PrintStream progress) {
        ResultTable t = new ResultTable(name(), "Ensembles of nets that differ only in their seed (Fashion-MNIST)",
                s.quick());
        ExperimentData.ImageSplit split = s.data().fashionSplit(s.pick(2000, 0), s.pick(500, 6000), s.pick(2000, 0),
                s.seed());
        int k = s.pick(5, 10), epochs = (int) s.budget(6, 20);
        String spec = s.quick() ? "dense(256) dense(10)" : "dense(512) dense(512) dense(10)";
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        Ensemble e = Ensemble.train(k, () -> ImageNets.build(spec),
                () -> new TrainConfig().seed(s.seed()).maxEpochs(epochs),
                cfg -> TrainingData.of(split.train(), split.validation(), "held out from the training images", cfg,
                        null, null),
                Runtime.getRuntime().availableProcessors(), new PrintStream(log, true, StandardCharsets.UTF_8));
        double secs = (System.nanoTime() - t0) / 1e9;
        BatchSource test = BatchSource.evaluation(split.test(), TrainConfig.EVAL_BATCH_SIZE, null);
        Ensemble.Report all = e.evaluate(test);
        Section members = t.section("Members (" + spec + ", recipe trainer, at most " + epochs + " epochs, seeds "
                + s.seed() + ".." + (s.seed() + k - 1) + "; " + Fmt.secs(secs) + " s for all)", "member", "epochs",
                "stop reason", "best validation error", "test error", "test loss");
        for (int i = 0; i < k; i++) {
            TrainResult r = e.results().get(i);
            Evaluation m = all.members().get(i);
            members.row(i + 1, r.history().size(), r.stopReason(), Fmt.pct(r.bestValidation().error()),
                    Fmt.pct(m.error()), Fmt.num(m.loss()));
        }
        Section cmp = t.section("Test error (" + split.test().size() + " official test images)", "predictor",
                "test error", "test loss");
        cmp.row("mean of the members", Fmt.pct(all.meanMemberError()),
                Fmt.num(all.members().stream().mapToDouble(Evaluation::loss).average().orElse(Double.NaN)));
        cmp.row("best member (chosen on test: optimistic)", Fmt.pct(all.bestMemberError()), "-");
        for (int size : new int[] {2, 5, 10}) {
            if (size >= k) {
                continue;
            }
            Ensemble.Report r = Ensemble.of(e.members().subList(0, size)).evaluate(test);
            cmp.row("ensemble of the first " + size, Fmt.pct(r.ensemble().error()), Fmt.num(r.ensemble().loss()));
            t.metric("ensemble" + size + ".error", r.ensemble().error());
        }
        cmp.row("ensemble of all " + k, Fmt.pct(all.ensemble().error()), Fmt.num(all.ensemble().loss()));
        t.metric("member.mean_error", all.meanMemberError());
        t.metric("member.best_error", all.bestMemberError());
        t.metric("ensemble.error", all.ensemble().error());
        t.target("the ensemble's error is at most the mean member's", Fmt.pct(all.ensemble().error()) + " vs "
                + Fmt.pct(all.meanMemberError()), all.ensemble().error() <= all.meanMemberError());
        if (!s.quick()) {
            t.target("the 10-net ensemble's error is <= 0.8 x the mean member's (sizeable gain)", String.format(
                    Locale.ROOT, "%s vs 0.8 x %s", Fmt.pct(all.ensemble().error()), Fmt.pct(all.meanMemberError())),
                    all.ensemble().error() <= 0.8 * all.meanMemberError());
            t.target("the ensemble beats the best member", Fmt.pct(all.ensemble().error()) + " vs "
                    + Fmt.pct(all.bestMemberError()), all.ensemble().error() < all.bestMemberError());
        }
        t.note(split.describe() + ".");
        t.note("ldnn.train.Ensemble: members differ only in their seed (initialization, batch order), share the "
                + "training/validation split, train with the recipe trainer's defaults (SGD momentum 0.9, LR 0.1, "
                + "plateau schedule), " + Runtime.getRuntime().availableProcessors() + " at a time with one BLAS "
                + "thread each; the ensemble averages the members' softmax probabilities.");
        return t;
    }
}
