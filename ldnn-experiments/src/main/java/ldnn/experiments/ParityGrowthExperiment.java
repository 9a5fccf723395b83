package ldnn.experiments;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How fast the examples an MLP needs for n-bit parity grow with n, measured rather than guessed:
 * the parity experiment's MLP and recipe (n-512-512-1, ldnn's standard init, Adam 1e-3, batch 128,
 * fresh examples, stop at 99.5% validation) for n = 8, 10, 12, ... until an n does not reach the target
 * within what is left of the time limit; a fit of the growth (exponential and power law), and what the
 * fit says 25, 29 and 31 bits would have needed, next to what a 2015 GPU does in a week.
 */
final class ParityGrowthExperiment implements Experiment {
    /** A 2015 GPU (GeForce GTX Titan X, Maxwell): about 6.1 TFLOP/s single precision at its peak. */
    static final double GPU_2015_FLOPS = 6.1e12;
    static final double WEEK_SECONDS = 7 * 24 * 3600;

    @Override
    public String name() {
        return "parity-growth";
    }

    @Override
    public String description() {
        return "parity: examples to 99% against n (the same MLP and recipe), the growth fitted and extrapolated to 25-31 bits";
    }

    @Override
    public String fullRunEstimate() {
        return "a time limit of 25 min (times --budget-scale) for the sweep: n = 8, 10, ... until an n misses";
    }

    /** One n: examples to the target per seed (-1: not reached), seconds, test accuracy. */
    record Point(int n, long[] examples, double[] seconds, double[] test) {
        boolean reached() {
            return Arrays.stream(examples).allMatch(e -> e > 0);
        }

        long medianExamples() {
            long[] e = examples.clone();
            Arrays.sort(e);
            return e[e.length / 2];
        }

        double medianSeconds() {
            double[] t = seconds.clone();
            Arrays.sort(t);
            return t[t.length / 2];
        }
    }

    /** log2(examples) = a + b·x, with x = n (exponential) or ln n (power law); rms in log2 units. */
    record Fit(double a, double b, double rms) {
        static Fit of(double[] x, double[] y) {
            int k = x.length;
            double mx = Arrays.stream(x).average().orElse(0), my = Arrays.stream(y).average().orElse(0);
            double sxy = 0, sxx = 0;
            for (int i = 0; i < k; i++) {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
            }
            double b = sxy / sxx, a = my - b * mx, r = 0;
            for (int i = 0; i < k; i++) {
                r += Math.pow(a + b * x[i] - y[i], 2);
            }
            return new Fit(a, b, Math.sqrt(r / k));
        }

        double at(double x) {
            return Math.pow(2, a + b * x);
        }
    }

    @Override
    public ResultTable run(Settings s, PrintStream progress) {
        ResultTable t = new ResultTable(name(), "Parity: how the examples needed grow with the number of bits", s.quick());
        int hidden = s.pick(64, 512);
        long cap = s.budget(400_000, 500_000_000);
        double limit = s.quick() ? 60 : 25 * 60 * s.budgetScale();
        int maxN = s.pick(10, 40);
        Section sec = t.section("MLP n-" + hidden + "-" + hidden + "-1, standard init, Adam 1e-3, batch 128: fresh "
                + "examples until 99.5% on a fresh validation sample (checked at least every 5% of the examples seen)",
                "bits", "seeds", "examples to 99.5% (each seed)", "median", "x previous n", "seconds (median)",
                "examples/s", "test accuracy (each seed)");
        List<Point> points = new ArrayList<>();
        long t0 = System.nanoTime();
        double rate = 0;
        long previous = 0;
        for (int n = s.pick(4, 8); n <= maxN; n += 2) {
            double left = limit - (System.nanoTime() - t0) / 1e9;
            if (left <= 0) {
                break;
            }
            int seeds = points.isEmpty() || points.getLast().medianSeconds() < 30 ? 3 : 1;
            long nCap = rate > 0 ? Math.min(cap, (long) (rate * left / seeds)) : cap;
            long[] ex = new long[seeds];
            double[] secs = new double[seeds], test = new double[seeds];
            long seen = 0;
            double spent = 0;
            for (int k = 0; k < seeds; k++) {
                ParityMlp.Outcome o = ParityMlp.train(n, hidden, false, nCap, 10_000, 0.05, s.seed() + k, progress);
                ex[k] = o.examplesToTarget();
                secs[k] = o.seconds();
                test[k] = o.accuracy();
                seen += o.examples();
                spent += o.seconds();
                if (ex[k] < 0) {
                    seeds = k + 1;
                    break;
                }
            }
            rate = seen / spent;
            Point p = new Point(n, Arrays.copyOf(ex, seeds), Arrays.copyOf(secs, seeds), Arrays.copyOf(test, seeds));
            points.add(p);
            String each = String.join(", ", Arrays.stream(p.examples()).mapToObj(e -> e < 0 ? "not reached in " + Fmt.count(nCap)
                    : Fmt.count(e)).toList());
            String acc = String.join(", ", Arrays.stream(p.test()).mapToObj(Fmt::pct).toList());
            sec.row(n, seeds, each, p.reached() ? Fmt.count(p.medianExamples()) : "-",
                    p.reached() && previous > 0 ? String.format(Locale.ROOT, "%.2f", (double) p.medianExamples() / previous) : "-",
                    Fmt.secs(p.medianSeconds()), String.format(Locale.ROOT, "%.0f", rate), acc);
            if (!p.reached()) {
                break;
            }
            previous = p.medianExamples();
            t.metric("examples.n" + n, p.medianExamples());
        }
        List<Point> reached = points.stream().filter(Point::reached).toList();
        t.metric("largest", reached.isEmpty() ? 0 : reached.getLast().n());
        if (reached.size() >= 3) {
            extrapolate(t, s, reached, hidden, rate);
        }
        t.note("The parity experiment's net and recipe (its first section) with a finer validation schedule: checks every "
                + "10k examples and at least every 5% of the examples seen, so each count is known to 5%. Three seeds per n "
                + "while an n takes under 30 s, then one. The sweep stops at the first n that misses within the time left.");
        if (s.quick()) {
            t.note("Quick run: a 64-wide net on n = 4..10; it checks the sweep and the fit, not the growth at scale.");
        }
        return t;
    }

    private static void extrapolate(ResultTable t, Settings s, List<Point> reached, int hidden, double rate) {
        double[] n = reached.stream().mapToDouble(Point::n).toArray();
        double[] lnN = Arrays.stream(n).map(Math::log).toArray();
        double[] y = reached.stream().mapToDouble(p -> Math.log(p.medianExamples()) / Math.log(2)).toArray();
        Fit exp = Fit.of(n, y), pow = Fit.of(lnN, y);
        double perBit = Math.pow(2, exp.b());
        double degree = pow.b() * Math.log(2); // examples ∝ n^degree
        t.metric("growth.perBit", perBit);
        t.metric("growth.degree", degree);
        t.metric("fit.exp.rms", exp.rms());
        t.metric("fit.pow.rms", pow.rms());
        Section fit = t.section("Fits over n = " + (int) n[0] + ".." + (int) n[n.length - 1] + " (median examples)",
                "model", "fitted", "rms error (factor)");
        fit.row("exponential: examples = c * g^n", String.format(Locale.ROOT, "g = %.3f per bit (x%.2f per 2 bits)", perBit,
                perBit * perBit), String.format(Locale.ROOT, "%.2f", Math.pow(2, exp.rms())));
        fit.row("power law: examples = c * n^d", String.format(Locale.ROOT, "d = %.2f", degree),
                String.format(Locale.ROOT, "%.2f", Math.pow(2, pow.rms())));
        boolean expBetter = exp.rms() <= pow.rms();
        Section ext = t.section("Extrapolated (" + (expBetter ? "exponential" : "power-law") + " fit, the closer one; the other "
                + "in brackets): what the essay's sizes would need with this net and recipe", "bits", "examples",
                "time on this machine (at " + String.format(Locale.ROOT, "%.0f", rate) + " examples/s)",
                "training FLOP (6 x parameters x examples)", "weeks of a 2015 GPU at its 6.1 TFLOP/s peak");
        for (int bits : new int[] {25, 29, 31}) {
            double e = expBetter ? exp.at(bits) : pow.at(Math.log(bits));
            double other = expBetter ? pow.at(Math.log(bits)) : exp.at(bits);
            double flop = 6.0 * Mlp.parameters(bits, new int[] {hidden, hidden}, 1) * e;
            double otherFlop = 6.0 * Mlp.parameters(bits, new int[] {hidden, hidden}, 1) * other;
            ext.row(bits, sci(e) + " [" + sci(other) + "]", duration(e / rate) + " [" + duration(other / rate) + "]",
                    sci(flop) + " [" + sci(otherFlop) + "]",
                    String.format(Locale.ROOT, "%.2g [%.2g]", flop / GPU_2015_FLOPS / WEEK_SECONDS,
                            otherFlop / GPU_2015_FLOPS / WEEK_SECONDS));
            t.metric("extrapolated.n" + bits, e);
        }
        t.note("Extrapolation assumes the growth measured here goes on unchanged, with this net (width " + hidden + "), Adam 1e-3 "
                + "and batch 128; a GPU week is 6.1e12 FLOP/s x 604,800 s = 3.7e18 FLOP at the peak (real training reaches "
                + "a fraction of it). The essay does not say what its nets, budgets or hardware were.");
        if (!s.quick()) {
            double weeks29 = 6.0 * Mlp.parameters(29, new int[] {hidden, hidden}, 1)
                    * (expBetter ? exp.at(29) : pow.at(Math.log(29))) / GPU_2015_FLOPS / WEEK_SECONDS;
            t.target("the growth is measured over at least 5 sizes (n = 8, 10, ...)", reached.size() + " sizes, up to n = "
                    + reached.getLast().n(), reached.size() >= 5);
            t.target("this recipe would learn 29 bits within a week of a 2015 GPU (at its peak)",
                    String.format(Locale.ROOT, "%.2g weeks", weeks29), weeks29 <= 1);
        }
    }

    private static String sci(double v) {
        return String.format(Locale.ROOT, "%.2g", v);
    }

    private static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 2 * 3600) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        if (seconds < 2 * 86400) {
            return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
        }
        if (seconds < 2 * 365.25 * 86400) {
            return String.format(Locale.ROOT, "%.0f days", seconds / 86400);
        }
        return String.format(Locale.ROOT, "%.2g years", seconds / (365.25 * 86400));
    }
}
