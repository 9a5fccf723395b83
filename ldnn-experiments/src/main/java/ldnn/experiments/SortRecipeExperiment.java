package ldnn.experiments;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sort claim at full strength: which training choices take a two-hidden-layer MLP on ten 6-bit
 * numbers from the first run's 58% of whole sequences to 99%. Part 1 compares the output encoding
 * (sigmoid bits against a 64-way softmax per position) and the LR schedule (the plateau rule, which
 * never fired in the first run, against cosine annealing over the budget) at one example budget;
 * part 2 trains the better encoding with a larger budget, the LR cosine-annealed over it, and shows the
 * curve. (A schedule is judged at the budget it anneals over: in a short comparison the cosine run
 * spends most of its examples at a small LR, so part 1 cannot choose the schedule for part 2.)
 */
final class SortRecipeExperiment implements Experiment {

    @Override
    public String name() {
        return "sort-99";
    }

    @Override
    public String description() {
        return "sort at full strength: output encoding x LR schedule, then ten 6-bit numbers to >= 99% of sequences";
    }

    @Override
    public String fullRunEstimate() {
        return "2 h on 2 cores (comparison: 4 runs of 4M examples; the final run: as many examples as fit in the rest of"
                + " the 2 hours, at the speed measured in the comparison); --budget-scale scales both";
    }

    @Override
    public ResultTable run(Settings s, PrintStream progress) {
        long t0 = System.nanoTime();
        ResultTable t = new ResultTable(name(), "Sorting ten 6-bit numbers with two hidden layers: what it takes", s.quick());
        SortTask task = s.quick() ? new SortTask(4, 4) : new SortTask(10, 6);
        int h = s.pick(256, 1024);
        int[] hidden = {h, h};
        int evalSize = s.pick(2000, 10_000);
        long compareBudget = s.budget(200_000, 4_000_000), evalEvery = s.pick(25_000, 500_000);
        Section cmp = t.section("Part 1: output encoding x LR schedule (" + task.describe() + ", hidden " + h + "-" + h
                + ", Adam LR 1e-3, batch 256, " + Fmt.count(compareBudget) + " examples each; fresh test sample)",
                "output", "LR schedule", "net", "parameters", "seconds", "bits right", "positions right",
                "sequences right");
        Map<SortTraining.Setup, SortTraining.Outcome> results = new LinkedHashMap<>();
        double limit = s.quick() ? 120 : 7200 * s.budgetScale();
        for (SortTraining.Encoding enc : SortTraining.Encoding.values()) {
            for (SortTraining.Schedule sch : SortTraining.Schedule.values()) {
                SortTraining.Setup setup = new SortTraining.Setup(enc, sch, 1e-3, SortTraining.BATCH);
                SortTraining.Outcome o = SortTraining.train(task, hidden, setup, compareBudget, evalEvery, evalSize,
                        s.seed(), progress);
                results.put(setup, o);
                cmp.row(enc.label, sch.label, Mlp.shape(task.width(), hidden, setup.outputs(task)), o.parameters(),
                        Fmt.secs(o.seconds()), Fmt.pct(o.test().bit()), Fmt.pct(o.test().slot()), Fmt.pct(o.test().exact()));
                t.metric("compare." + enc.name().toLowerCase() + "." + sch.name().toLowerCase() + ".exact", o.test().exact());
            }
        }
        SortTraining.Setup bestShort = results.entrySet().stream()
                .max(Comparator.comparingDouble((Map.Entry<SortTraining.Setup, SortTraining.Outcome> e) -> e.getValue().test().exact())
                        .thenComparingDouble(e -> e.getValue().test().slot()))
                .orElseThrow().getKey();
        // the better encoding, annealed over part 2's own budget
        SortTraining.Setup best = new SortTraining.Setup(bestShort.encoding(), SortTraining.Schedule.COSINE, bestShort.lr(),
                bestShort.batch());
        // the final run gets the examples that fit in the rest of the time limit at the comparison's speed (the
        // cosine schedule needs its budget in advance), with 5% to spare for the evaluations
        SortTraining.Outcome measured = results.get(best); // the speed of this encoding in part 1
        double rate = measured.examples() / measured.seconds();
        double left = limit - (System.nanoTime() - t0) / 1e9;
        long budget = Math.max(compareBudget, (long) (0.95 * rate * left) / SortTraining.BATCH * SortTraining.BATCH);
        if (s.quick()) {
            budget = 600_000;
        }
        SortTraining.Outcome o = SortTraining.train(task, hidden, best, budget, evalEvery, evalSize, s.seed(), progress);
        Section sec = t.section("Part 2: part 1's better encoding, annealed over its own budget (" + best.describe() + ") with "
                + Fmt.count(budget)
                + " examples: " + Mlp.shape(task.width(), hidden, best.outputs(task)) + " (fresh validation sample)",
                "examples seen", "seconds", "bits right", "positions right", "sequences right", "LR");
        for (SortTraining.Point p : o.curve()) {
            sec.row(Fmt.count(p.examples()), Fmt.secs(p.seconds()), Fmt.pct(p.accuracy().bit()),
                    Fmt.pct(p.accuracy().slot()), Fmt.pct(p.accuracy().exact()), Fmt.sci(p.lr()));
        }
        sec.row("test: " + Fmt.count(o.examples()), Fmt.secs(o.seconds()), Fmt.pct(o.test().bit()),
                Fmt.pct(o.test().slot()), Fmt.pct(o.test().exact()), "-");
        double total = (System.nanoTime() - t0) / 1e9;
        t.metric("final.exact", o.test().exact());
        t.metric("final.slot", o.test().slot());
        t.metric("seconds", total);
        if (!s.quick()) {
            t.target("ten 6-bit numbers: >= 99% of whole sequences sorted (fresh test sample), two hidden layers",
                    Fmt.pct(o.test().exact()) + " after " + Fmt.count(o.examples()) + " examples", o.test().exact() >= 0.99);
            t.target("the whole run within " + Fmt.secs(limit / 60) + " min on this machine (2 h x the budget scale)",
                    Fmt.secs(total / 60) + " min", total <= limit * 1.02);
        }
        t.note("Inputs: the 60 bits as +-1, number by number, most significant bit first; numbers uniform in [0, 64), "
                + "duplicates allowed; every example fresh. Outputs: either the sorted numbers' 60 bits (one sigmoid each, "
                + "BCE) or, per position, a softmax over the 64 numbers (cross-entropy averaged over positions); a "
                + "position is right when its number is, a sequence when all ten are.");
        t.note("Plain loop, ReLU MLP, ldnn's scaled init, Adam. Plateau: the LR halved after 3 evaluations (every "
                + Fmt.count(evalEvery) + " examples) without a better validation bit accuracy (the first run's rule); "
                + "cosine: LR(t) = LR0 * (1 + cos(pi t / budget)) / 2, reaching 0 at the budget. Part 2 takes the encoding "
                + "of part 1's best run (by sequences right, then positions), the cosine schedule over its own budget, and "
                + "as many examples as fit in what is left of the time limit ("
                + Fmt.secs(limit / 60) + " min) at the speed part 1 measured for it.");
        if (s.quick()) {
            t.note("Quick run: 4 numbers of 4 bits and tiny budgets; it checks the code paths, not the claim.");
        }
        return t;
    }
}
