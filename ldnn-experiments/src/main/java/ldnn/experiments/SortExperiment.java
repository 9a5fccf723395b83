package ldnn.experiments;

import java.io.PrintStream;
import ldnn.tensor.Rng;

/** Claim 1: a net with two hidden layers sorts N N-bit numbers. */
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
        return "about 6 h";
    }

    @Override
    public ResultTable run(Settings s, PrintStream progress) {
        ResultTable t = new ResultTable(name(), "Sorting N numbers of B bits with two hidden layers", s.quick());
        handWired(t, s, progress);
        return t;
    }

    private void handWired(ResultTable t, Settings s, PrintStream progress) {
        SortTask task = new SortTask(10, 6);
        int n = s.pick(10_000, 100_000);
        var data = FreshBatches.sample("hand-wired test", task.generator(), n, s.seed() * 13 + 5);
        Section sec = t.section("Hand-wired threshold network (forward-pass test)", "units", "net", "parameters",
                "inputs", "bits right", "numbers right", "sequences right");
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
