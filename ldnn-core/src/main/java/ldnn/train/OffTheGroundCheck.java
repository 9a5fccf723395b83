package ldnn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import ldnn.nn.Init;

/**
 * Recipe point 7, "if a net never gets off the ground, keep applying pressure to the initialization":
 * after a warm-up of {@code steps} steps, the recent training loss is compared with the loss of the best
 * constant prediction (e.g. the label entropy). A net not clearly below it has not got off the ground,
 * and training restarts from fresh weights: with more init pressure (from a fixed small std to the
 * scaled scheme, then doubling it), or, when the update/weight ratio had peaked above the band (units
 * die, the net collapses: an LR problem, not an init problem), with a lower LR. After {@code attempts}
 * restarts it only warns.
 */
final class OffTheGroundCheck implements Monitor {
    private final int steps, attempts;
    private final double minDrop, ratioHigh, ratioTarget;
    private final List<Double> losses = new ArrayList<>();
    private ConstantBaseline baseline = new ConstantBaseline();
    private State s;

    /**
     * What a checkpoint keeps: restarts so far ({@code attempts + 1} once the net flew: no more checks),
     * the init now in use and how it came about.
     */
    record State(int attempts, String init, String initNote) {
    }

    OffTheGroundCheck(int steps, int attempts, double minDrop, double ratioHigh, double ratioTarget, Init init) {
        this.steps = steps;
        this.attempts = attempts;
        this.minDrop = minDrop;
        this.ratioHigh = ratioHigh;
        this.ratioTarget = ratioTarget;
        this.s = new State(0, init.toString(), describe(init));
    }

    static OffTheGroundCheck of(TrainConfig cfg) {
        return new OffTheGroundCheck(cfg.offGroundSteps, cfg.offGroundAttempts, cfg.offGroundMinDrop, cfg.ratioHigh,
                cfg.ratioTarget, cfg.init);
    }

    @Override
    public String name() {
        return "off-the-ground";
    }

    @Override
    public Decision afterUpdate(Run run, Step step) {
        if (s.attempts() > attempts || run.step() > steps) {
            return Decision.CONTINUE;
        }
        losses.add(step.loss());
        baseline.add(step.batch());
        if (run.step() < steps) {
            return Decision.CONTINUE;
        }
        int n = losses.size(), k = Math.max(5, n / 5);
        double constant = baseline.loss(run.loss());
        double last = losses.subList(n - k, n).stream().mapToDouble(d -> d).average().orElse(0);
        losses.clear();
        baseline = new ConstantBaseline();
        double drop = (constant - last) / Math.max(Math.abs(constant), 1e-12);
        if (drop >= minDrop) {
            s = new State(attempts + 1, s.init(), s.initNote()); // it flew: no more checks
            return Decision.CONTINUE;
        }
        int attempt = s.attempts() + 1;
        if (s.attempts() >= attempts) {
            run.warn(name(), String.format(Locale.ROOT,
                    "the training loss is %2$.4g after %4$d steps, against %1$.4g for a constant prediction (%3$.1f%% lower), even after %5$d "
                    + "re-initializations; the net is not learning. Check the data and labels, or try another architecture.",
                    constant, last, 100 * drop, steps, s.attempts()));
            s = new State(attempt, s.init(), s.initNote());
            return Decision.CONTINUE;
        }
        Init init = Init.parse(s.init());
        String why = String.format(Locale.ROOT, "the training loss is %.4g after %d steps, no better than %.4g for a constant "
                + "prediction: the net did not get off the ground", last, steps, constant);
        double peak = run.measurements().peakRatioMedian();
        if (peak > ratioHigh) {
            double lr = run.startLr(), lower = lr * Math.max(0.1, ratioTarget / peak);
            run.warn(name(), String.format(Locale.ROOT, "%s; its update/weight ratio peaked at %.1e (above %.0e), "
                    + "so the LR was too high: re-initialized with %s and LR %.3g instead of %.3g (attempt %d of %d)",
                    why, peak, ratioHigh, init, lower, lr, attempt, attempts));
            s = new State(attempt, s.init(), s.initNote());
            return new Decision.Restart(init, lower, attempt);
        }
        Init next = nextInit(init);
        run.warn(name(), String.format(Locale.ROOT, "%s with init %s; re-initialized with %s (attempt %d of %d)",
                why, init, next, attempt, attempts));
        s = new State(attempt, next.toString(), describe(next) + " (after " + attempt + " re-initialization"
                + (attempt == 1 ? "" : "s") + " from " + init + ")");
        return new Decision.Restart(next, run.startLr(), attempt);
    }

    /** More pressure on the initialization: from a fixed small std to the scaled scheme, then doubling it. */
    static Init nextInit(Init current) {
        return current.kind() == Init.Kind.NORMAL ? Init.scaled(1) : current.times(2);
    }

    /** An init scheme in words, for the checklist. */
    static String describe(Init i) {
        return i.kind() == Init.Kind.SCALED ? i + ": " + i.value() + "/sqrt(fan_in)*randn, gain sqrt(2) before ReLU"
                : i + ": " + i.value() + "*randn";
    }

    @Override
    public MonitorState state() {
        return MonitorState.of(s);
    }

    @Override
    public void restore(MonitorState state) {
        State r = state.fields(State.class);
        if (r != null) {
            s = new State(r.attempts(), r.init(), r.initNote() != null ? r.initNote() : describe(Init.parse(r.init())));
        }
    }

    @Override
    public RecipeChecklist.Fact fact() {
        return new RecipeChecklist.Fact(RecipePoint.INITIALIZATION, s.initNote(), true);
    }
}
