package ldnn.experiments;

import java.io.PrintStream;

/**
 * Claim 1: a net with two hidden layers sorts N N-bit numbers (the essay: ten 6-bit numbers, "easy").
 * Four parts: the hand-wired exact sorter (a forward-pass test), an MLP learning ten 6-bit numbers from
 * fresh examples, depth at equal parameter count, and the smallest width for N numbers of N bits.
 */
final class SortExperiment implements Experiment {

    @Override
    public String name() {
        return "sort";
    }

    @Override
    public String description() {
        return "a net with 2 hidden layers sorts ten 6-bit numbers; hand-wired exact sorter; depth ablation; N x N bits";
    }

    @Override
    public String fullRunEstimate() {
        return "measured: 70 min with 1 BLAS thread beside another run (learning 10x6: 40 min; depth ablation on 6x6: "
                + "3 min; width search N=4..12: 27 min)";
    }

    @Override
    public ResultTable run(Settings s, PrintStream progress) {
        ResultTable t = new ResultTable(name(), "Sorting N numbers of B bits with two hidden layers", s.quick());
        handWired(t, s, progress);
        learned(t, s, progress);
        int evalSize = s.pick(2000, 10_000);
        SortScaling.depthAblation(t, s.quick() ? new SortTask(4, 4) : new SortTask(6, 6), s.pick(64, 256),
                s.budget(100_000, 5_000_000), s.pick(25_000, 250_000), evalSize, s.seed(), !s.quick(), progress);
        SortScaling.widthSearch(t, s.quick() ? new int[] {3, 4} : new int[] {4, 6, 8, 10, 12}, 32,
                s.pick(128, 1024), s.budget(100_000, 5_000_000), s.pick(25_000, 250_000), evalSize, s.seed(), progress);
        t.note("Inputs: the N*B bits as +-1, number by number, most significant bit first; outputs: the sorted "
                + "numbers' bits (BCE on logits); numbers uniform in [0, 2^B), duplicates allowed; every example fresh.");
        t.note("Learned nets: plain loop (fixed example budgets and an accuracy curve need it), ReLU MLP, ldnn's "
                + "scaled init, Adam LR 1e-3, batch 256, LR halved after 3 evaluations without a better validation "
                + "bit accuracy (the recipe's schedule on a fresh validation sample), stop at the budget or when "
                + "validation is all right. Accuracies in the sweeps are on a separate fresh test sample.");
        if (s.quick()) {
            t.note("Quick run: 4 numbers of 4 bits and tiny budgets; it checks that the code paths work and learning "
                    + "happens, not the essay's claim (which needs the full run).");
        }
        return t;
    }

    private void learned(ResultTable t, Settings s, PrintStream progress) {
        SortTask task = s.quick() ? new SortTask(4, 4) : new SortTask(10, 6);
        int h = s.pick(256, 1024);
        long budget = s.budget(250_000, 30_000_000);
        SortTraining.Outcome o = SortTraining.train(task, new int[] {h, h}, budget, s.pick(25_000, 500_000),
                s.pick(2000, 10_000), 1e-3, s.seed(), progress);
        Section sec = t.section("Learned: MLP " + Mlp.shape(task.width(), new int[] {h, h}, task.width()) + " on "
                + task.describe() + " (fresh validation sample during training)", "examples seen", "seconds",
                "bits right", "positions right", "sequences right", "LR");
        for (SortTraining.Point p : o.curve()) {
            sec.row(Fmt.count(p.examples()), Fmt.secs(p.seconds()), Fmt.pct(p.accuracy().bit()),
                    Fmt.pct(p.accuracy().slot()), Fmt.pct(p.accuracy().exact()), Fmt.sci(p.lr()));
        }
        sec.row("test: " + Fmt.count(o.examples()), Fmt.secs(o.seconds()), Fmt.pct(o.test().bit()),
                Fmt.pct(o.test().slot()), Fmt.pct(o.test().exact()), "-");
        t.metric("learned.bit", o.test().bit());
        t.metric("learned.slot", o.test().slot());
        t.metric("learned.exact", o.test().exact());
        if (!s.quick()) {
            t.target("ten 6-bit numbers: >= 99% of whole sequences sorted (fresh test sample)",
                    Fmt.pct(o.test().exact()) + " after " + Fmt.count(o.examples()) + " examples", o.test().exact() >= 0.99);
        }
    }

    private void handWired(ResultTable t, Settings s, PrintStream progress) {
        SortTask task = new SortTask(10, 6);
        int n = s.pick(10_000, 100_000);
        var data = FreshBatches.sample("hand-wired test", task.generator(), n, s.seed() * 13 + 5);
        Section sec = t.section("Hand-wired threshold network (forward-pass test)", "units", "net", "parameters",
                "inputs", "bits right", "positions right", "sequences right");
        String shape = task.width() + "-" + HandWiredSorter.hidden1(task) + "-" + HandWiredSorter.hidden2(task) + "-"
                + task.width();
        for (boolean step : new boolean[] {true, false}) {
            var net = HandWiredSorter.build(task, () -> step ? Threshold.step() : Threshold.sigmoid(20));
            SortTask.Accuracy a = task.evaluate(net, data, 0.5f);
            String units = step ? "Heaviside step" : "sigmoid, gain 20";
            sec.row(units, shape, HandWiredSorter.parameters(task), n, Fmt.pct(a.bit()), Fmt.pct(a.slot()),
                    Fmt.pct(a.exact()));
            t.metric(step ? "handwired.step.exact" : "handwired.sigmoid20.exact", a.exact());
            t.target("hand-wired net (" + units + ") sorts every input exactly", Fmt.pct(a.exact()) + " of " + n,
                    a.exact() == 1);
            progress.println("  hand-wired sorter (" + units + "): " + Fmt.pct(a.exact()) + " of " + n + " sorted exactly");
        }
    }
}
