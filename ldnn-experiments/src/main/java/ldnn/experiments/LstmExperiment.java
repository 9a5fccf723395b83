package ldnn.experiments;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Claim 5 (recipe points 8 and 10), on the adding problem: a large forget-gate bias makes long-range
 * dependencies learnable sooner, and clipping the gradient norm keeps an aggressive LR from diverging.
 * Plain loops throughout: steps-to-solve and divergence need per-step control, and the recipe
 * trainer's divergence guard would roll back exactly the failures counted here.
 */
final class LstmExperiment implements Experiment {
    @Override
    public String name() {
        return "lstm";
    }

    @Override
    public String description() {
        return "LSTM forget-gate bias (0, 1, 2, 5) on the adding problem; gradient clipping (none, 5, 15): divergence";
    }

    @Override
    public String fullRunEstimate() {
        return "measured: about 10 min on 2 cores (forget bias: 3 lengths x 4 biases x 3 seeds, each until solved; clipping: 3 x 5 seeds)";
    }

    @Override
    public ResultTable run(Settings s, PrintStream progress) {
        ResultTable t = new ResultTable(name(), "LSTM forget-gate bias and gradient clipping (adding problem)", s.quick());
        int hidden = 32;
        int seeds = s.pick(3, 3);
        int[] lengths = s.quick() ? new int[] {50} : new int[] {50, 100, 200};
        double[] biases = s.quick() ? new double[] {0, 2} : new double[] {0, 1, 2, 5};
        long steps = s.budget(1000, 5000);
        Section fb = t.section("Forget-gate bias: steps until test MSE < 0.01 (baseline 1/6), Adam LR 3e-3, LSTM("
                + hidden + "), batch 32, " + steps + " steps at most", "length", "forget bias", "steps to solve per seed",
                "solved", "mean steps (unsolved = budget)");
        for (int len : lengths) {
            for (double b : biases) {
                long[] st = new long[seeds];
                int solved = 0;
                for (int k = 0; k < seeds; k++) {
                    LstmRun.Outcome o = LstmRun.train(len, hidden, b, "adam", 3e-3, 0, steps, 25, true, s.seed() * 100 + k);
                    st[k] = o.stepsToSolve() < 0 ? steps : o.stepsToSolve();
                    solved += o.stepsToSolve() < 0 ? 0 : 1;
                    progress.printf(Locale.ROOT, "  lstm adding T=%d forget bias %s seed %d: %s (%.1f s)%n", len, Fmt.compact(b),
                            k + 1, o.stepsToSolve() < 0 ? "not solved, MSE " + Fmt.num(o.finalMse())
                                    : "solved at step " + o.stepsToSolve(), o.seconds());
                }
                double mean = Arrays.stream(st).average().orElse(Double.NaN);
                fb.row(len, Fmt.compact(b), String.join(" ", Arrays.stream(st).mapToObj(Long::toString).toList()),
                        solved + "/" + seeds, Fmt.num(mean));
                t.metric("forget.T" + len + ".b" + Fmt.compact(b) + ".mean_steps", mean);
                t.metric("forget.T" + len + ".b" + Fmt.compact(b) + ".solved", solved);
            }
        }
        clipping(t, s, hidden, progress);
        if (s.quick()) {
            double b0 = t.metric("forget.T50.b0.mean_steps"), b2 = t.metric("forget.T50.b2.mean_steps");
            t.target("quick: forget bias 2 solves the 50-step adding problem in fewer steps than bias 0 (mean of "
                    + seeds + " seeds)", Fmt.num(b2) + " vs " + Fmt.num(b0), b2 < b0);
        } else {
            double b0 = t.metric("forget.T200.b0.mean_steps"), b1 = t.metric("forget.T200.b1.mean_steps");
            double s0 = t.metric("forget.T200.b0.solved"), s1 = t.metric("forget.T200.b1.solved");
            t.target("forget bias 1 solves T=200 in at most half the steps of bias 0 (or bias 0 fails where 1 succeeds)",
                    Fmt.num(b1) + " vs " + Fmt.num(b0) + " mean steps; solved " + (int) s1 + " vs " + (int) s0,
                    s1 > 0 && (s1 == seeds && 2 * b1 <= b0 || s0 == 0));
        }
        t.note("Adding problem: T steps of (value uniform in [0,1], marker); one marker in each half; target the sum "
                + "of the two marked values; 1000 fresh test sequences; every training batch fresh. Model: LSTM(2 -> "
                + hidden + ") -> linear -> 1, ldnn's scaled init, MSE. Seeds differ in init and data.");
        return t;
    }

    private static void clipping(ResultTable t, Settings s, int hidden, PrintStream progress) {
        int len = s.pick(50, 100), seeds = s.pick(3, 5);
        long steps = s.budget(200, 3000);
        double lr = 0.5;
        Section sec = t.section("Gradient-norm clipping at an aggressive LR: SGD momentum 0.9, LR " + lr + ", T=" + len
                + ", forget bias 1, " + steps + " steps, " + seeds + " seeds", "clip norm", "diverged (NaN/Inf)",
                "solved (MSE < 0.01)", "final MSE per seed", "largest gradient norm seen");
        for (double clip : new double[] {0, 5, 15}) {
            int diverged = 0, solved = 0;
            StringBuilder mses = new StringBuilder();
            double maxNorm = 0;
            for (int k = 0; k < seeds; k++) {
                LstmRun.Outcome o = LstmRun.train(len, hidden, 1, "sgd", lr, clip, steps, 50, false, s.seed() * 100 + k);
                diverged += o.diverged() ? 1 : 0;
                solved += o.stepsToSolve() >= 0 ? 1 : 0;
                mses.append(mses.length() == 0 ? "" : " ").append(o.diverged() ? "NaN" : Fmt.num(o.finalMse()));
                maxNorm = Math.max(maxNorm, o.maxGradNorm());
                progress.printf(Locale.ROOT, "  lstm clipping %s seed %d: %s%n", clip == 0 ? "none" : Fmt.compact(clip), k + 1,
                        o.diverged() ? "diverged at step " + o.steps() : "final MSE " + Fmt.num(o.finalMse()));
            }
            String name = clip == 0 ? "none" : Fmt.compact(clip);
            sec.row(name, diverged + "/" + seeds, solved + "/" + seeds, mses.toString(), Fmt.sci(maxNorm));
            t.metric("clip." + name + ".diverged", diverged);
            t.metric("clip." + name + ".solved", solved);
        }
        if (!s.quick()) {
            t.target("without clipping >= 1/3 of runs diverge at the aggressive LR", (int) t.metric("clip.none.diverged")
                    + "/" + seeds, t.metric("clip.none.diverged") * 3 >= seeds);
            t.target("with clipping at 5 no run diverges", (int) t.metric("clip.5.diverged") + "/" + seeds,
                    t.metric("clip.5.diverged") == 0);
        }
        t.note("Clipping: the global norm of the batch-averaged gradient is scaled down to the threshold when above "
                + "it (recipe point 8). Diverged = a non-finite loss, gradient or weight; the run stops there.");
    }
}
