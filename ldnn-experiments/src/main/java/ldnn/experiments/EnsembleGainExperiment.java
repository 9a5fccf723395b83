package ldnn.experiments;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import ldnn.autograd.GradMode;
import ldnn.data.BatchSource;
import ldnn.data.Dataset;
import ldnn.nn.Module;
import ldnn.tensor.Rng;
import ldnn.train.Ensemble;
import ldnn.train.TrainConfig;

/**
 * When is an ensemble's gain sizeable (at most 0.8x the mean member's error)? The ensemble experiment's
 * members differ only in their seed and see 54,000 images: 0.91x. Here the members see few images
 * (so each overfits in its own way), are wider, see different bootstrap samples (bagging), or differ in
 * their architecture; for each condition the members' disagreement on the test set says how much
 * there was to average.
 */
final class EnsembleGainExperiment implements Experiment {
    private static final String[] MIXED = {"dense(512) dense(512) dense(10)", "dense(1024) dense(10)",
            "dense(256) dense(256) dense(256) dense(10)", "dense(2048) dense(10)", "dense(1024) dense(1024) dense(10)",
            "dense(128) dense(10)", "dense(512) dense(10)", "dense(768) dense(384) dense(10)",
            "dense(256) dense(256) dense(10)", "dense(1024) dense(512) dense(256) dense(10)"};

    @Override
    public String name() {
        return "ensemble-gain";
    }

    @Override
    public String description() {
        return "ensembles: the conditions under which averaging 10 nets gives a sizeable gain (<= 0.8x the mean member)";
    }

    @Override
    public String fullRunEstimate() {
        return "about 10 min on 2 cores (5 conditions x 10 MLPs on 2,000 Fashion-MNIST images)";
    }

    /** One way of making the members. */
    record Condition(String name, IntFunction<String> spec, boolean bagging) {
    }

    @Override
    public ResultTable run(Settings s, PrintStream progress) {
        ResultTable t = new ResultTable(name(), "When does an ensemble pay? (Fashion-MNIST, 10 members)", s.quick());
        int n = s.pick(500, 2000), k = s.pick(4, 10), epochs = (int) s.budget(10, 40);
        ExperimentData.ImageSplit split = s.data().fashionSplit(n, s.pick(500, 2000), s.pick(2000, 0), s.seed());
        String base = s.quick() ? "dense(128) dense(10)" : "dense(512) dense(512) dense(10)";
        String wide = s.quick() ? "dense(512) dense(10)" : "dense(1024) dense(1024) dense(10)";
        List<Condition> conditions = List.of(
                new Condition("seeds only, " + base, i -> base, false),
                new Condition("seeds only, wider: " + wide, i -> wide, false),
                new Condition("bagging (a bootstrap sample each), " + base, i -> base, true),
                new Condition("different architectures (10 MLPs, 1-3 hidden layers, 128-2048 wide)",
                        i -> s.quick() ? MIXED[5 + i % 2] : MIXED[i % MIXED.length], false),
                new Condition("bagging and different architectures", i -> s.quick() ? MIXED[5 + i % 2] : MIXED[i % MIXED.length],
                        true));
        Section sec = t.section("Conditions (" + n + " training images, " + split.validation().size() + " validation, "
                + split.test().size() + " test; recipe trainer, at most " + epochs + " epochs per member)", "members",
                "member test error (mean ± sd)", "best member", "ensemble of " + k, "ensemble / mean member",
                "test loss: ensemble / mean member", "members disagree (pairs, test)");
        BatchSource test = BatchSource.evaluation(split.test(), TrainConfig.EVAL_BATCH_SIZE, null);
        int c = 0;
        for (Condition cond : conditions) {
            c++;
            List<Module> members = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                long seed = s.seed() + i;
                Module m = ImageNets.build(cond.spec().apply(i));
                Dataset train = cond.bagging() ? bootstrap(split.train(), seed) : split.train();
                ExperimentData.ImageSplit mine = new ExperimentData.ImageSplit(train, split.validation(), split.test(),
                        split.preprocessing());
                ImageNets.train(m, mine, new TrainConfig().seed(seed).maxEpochs(epochs), progress,
                        "condition " + c + " member " + (i + 1));
                members.add(m);
            }
            Ensemble.Report r = Ensemble.of(members).evaluate(test);
            double[] errors = r.members().stream().mapToDouble(e -> e.error()).toArray();
            double meanLoss = r.members().stream().mapToDouble(e -> e.loss()).average().orElse(Double.NaN);
            double ratio = r.ensemble().error() / r.meanMemberError();
            double disagree = disagreement(members, split.test());
            sec.row(cond.name(), Fmt.meanSd(errors, true), Fmt.pct(r.bestMemberError()), Fmt.pct(r.ensemble().error()),
                    String.format(Locale.ROOT, "%.3f", ratio), String.format(Locale.ROOT, "%.3f", r.ensemble().loss() / meanLoss),
                    Fmt.pct(disagree));
            t.metric("c" + c + ".ratio", ratio);
            t.metric("c" + c + ".disagree", disagree);
            t.metric("c" + c + ".ensemble", r.ensemble().error());
            progress.printf(Locale.ROOT, "  condition %d (%s): ensemble %s, mean member %s, ratio %.3f, disagreement %s%n", c,
                    cond.name(), Fmt.pct(r.ensemble().error()), Fmt.pct(r.meanMemberError()), ratio, Fmt.pct(disagree));
        }
        double best = Double.MAX_VALUE;
        for (int i = 1; i <= conditions.size(); i++) {
            best = Math.min(best, t.metric("c" + i + ".ratio"));
        }
        t.metric("best.ratio", best);
        if (!s.quick()) {
            t.target("some condition gives a sizeable gain: ensemble error <= 0.8 x the mean member's",
                    String.format(Locale.ROOT, "best ratio %.3f", best), best <= 0.8);
        }
        t.note(split.describe() + ".");
        t.note("Every member: the recipe trainer's defaults (SGD momentum 0.9, LR 0.1, plateau schedule, batch 128), its own "
                + "seed (s+i), the best validation epoch kept; the ensemble averages softmax probabilities. Bagging: each "
                + "member trains on n images drawn with replacement from the n (about 63% distinct). Disagreement: the "
                + "fraction of test images on which two members' predicted classes differ, averaged over all pairs.");
        if (s.quick()) {
            t.note("Quick run: 500 images, 4 small members, 10 epochs; it checks the code paths, not the gain.");
        }
        return t;
    }

    private static Dataset bootstrap(Dataset train, long seed) {
        Rng rng = new Rng(seed * 31 + 7);
        int[] rows = new int[train.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = rng.nextInt(rows.length);
        }
        Arrays.sort(rows);
        return train.subset(train.name() + " (bootstrap)", rows);
    }

    /** Mean over member pairs of the fraction of test examples on which their predicted classes differ. */
    @SuppressWarnings("try")
    static double disagreement(List<Module> members, Dataset test) {
        int[][] pred = new int[members.size()][];
        try (var ng = GradMode.noGrad()) {
            for (int m = 0; m < members.size(); m++) {
                Module model = members.get(m);
                model.eval();
                pred[m] = new int[test.size()];
                for (int from = 0; from < test.size(); from += 2000) {
                    int to = Math.min(test.size(), from + 2000);
                    int[] p = model.forward(test.x().slice(0, from, to).contiguous()).argmax().data();
                    System.arraycopy(p, 0, pred[m], from, to - from);
                }
            }
        }
        long differ = 0, pairs = 0;
        for (int a = 0; a < pred.length; a++) {
            for (int b = a + 1; b < pred.length; b++) {
                for (int i = 0; i < test.size(); i++) {
                    differ += pred[a][i] != pred[b][i] ? 1 : 0;
                }
                pairs++;
            }
        }
        return pairs == 0 ? 0 : (double) differ / (pairs * test.size());
    }
}
