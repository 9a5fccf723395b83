package ldnn.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import ldnn.tensor.Tensor;

/**
 * Watches ‖Δw‖/‖w‖ per weight tensor (recipe point 6: it should be around 1e-3). Every step for the
 * first 100 steps, then every few steps, the optimizer measures its update norms. A tensor whose
 * smoothed ratio (a running geometric mean over about five measurements) stays outside the band for
 * {@code patienceSteps} steps gets a warning naming it, its ratio, the median over all weight tensors,
 * and — when the median itself is out of the band — the LR that would bring the median to the target
 * (the ratio is about proportional to the LR). The first steps are not judged: momentum is still
 * building up and the output layer moves fast at first. Biases and other 1-d tensors are skipped, and
 * so are the scales of normalization layers (batch and layer norm, whatever their shape): a scale starts
 * at 1 and its ratio measures how fast a gain drifts, not whether the LR suits a weight matrix.
 * The ratios go to {@link Run#measurements()} for the log and for other monitors.
 */
public final class UpdateRatioMonitor implements Monitor {
    /** Steps at the start that are measured but not judged. */
    static final int WARM_UP = 20;
    /** Steps at the start that are all measured (where instabilities show first). */
    private static final int EARLY_STEPS = 100;

    private final double low, high, target;
    private final int every, patienceSteps;
    private final Map<String, Double> latest = new LinkedHashMap<>();
    private final Map<String, Double> smoothedLog = new LinkedHashMap<>();
    private final Map<String, long[]> outside = new LinkedHashMap<>(); // {direction, since step}
    private State s = new State(0, new LinkedHashMap<>());
    private Object gainsOf; // the model the norm-scale names below were collected from
    private java.util.Set<String> gains = java.util.Set.of();

    /** What a checkpoint keeps: warnings given, and the direction each tensor was last warned about (+1/-1). */
    record State(int warnings, Map<String, Integer> warned) {
    }

    /**
     * Warns about tensors whose ratio stays outside [{@code low}, {@code high}] for {@code patienceSteps} steps,
     * suggesting the LR that aims the median at {@code target}; measures every {@code every} steps after the first
     * 100.
     */
    public UpdateRatioMonitor(double low, double high, double target, int every, int patienceSteps) {
        this.low = low;
        this.high = high;
        this.target = target;
        this.every = every;
        this.patienceSteps = patienceSteps;
    }

    /** The recipe's monitor with the configured band and schedule. */
    static UpdateRatioMonitor of(TrainConfig cfg) {
        return new UpdateRatioMonitor(cfg.ratioLow, cfg.ratioHigh, cfg.ratioTarget, cfg.ratioEvery, cfg.ratioPatienceSteps);
    }

    @Override
    public String name() {
        return "update-ratio";
    }

    private boolean measuredStep(long step) {
        return step <= EARLY_STEPS || step % every == 0;
    }

    @Override
    public void beforeUpdate(Run run) {
        run.optimizer().measureUpdates(measuredStep(run.step()));
    }

    @Override
    public Decision afterUpdate(Run run, Step step) {
        if (!measuredStep(run.step())) {
            return Decision.CONTINUE;
        }
        run.optimizer().measureUpdates(false);
        measure(run);
        judge(run);
        run.measurements().updateRatios(latest, median());
        return Decision.CONTINUE;
    }

    private void measure(Run run) {
        Map<String, Double> norms = run.optimizer().lastUpdateNorms();
        if (gainsOf != run.model()) { // once per model, not at every measured step
            java.util.Set<String> g = new java.util.HashSet<>();
            run.model().modules().forEach((path, m) -> {
                if (m instanceof ldnn.nn.BatchNorm || m instanceof ldnn.nn.LayerNorm) {
                    m.parameters().keySet().forEach(k -> g.add(path.isEmpty() ? k : path + "." + k));
                }
            });
            gains = g;
            gainsOf = run.model();
        }
        for (Map.Entry<String, Tensor> e : run.optimizer().parameters().entrySet()) {
            Tensor w = e.getValue();
            Double dn = norms.get(e.getKey());
            if (w.rank() < 2 || dn == null || gains.contains(e.getKey())) {
                continue;
            }
            double wn = w.norm();
            if (wn == 0) {
                continue;
            }
            double ratio = dn / wn;
            latest.put(e.getKey(), ratio);
            double lg = Math.log(Math.max(ratio, 1e-30));
            Double prev = smoothedLog.get(e.getKey());
            smoothedLog.put(e.getKey(), prev == null ? lg : prev + 0.3 * (lg - prev));
        }
    }

    private void judge(Run run) {
        long step = run.step();
        for (Map.Entry<String, Double> e : smoothedLog.entrySet()) {
            double r = Math.exp(e.getValue());
            int dir = step <= WARM_UP ? 0 : r > high ? 1 : r < low ? -1 : 0;
            long[] out = outside.get(e.getKey());
            if (dir == 0) {
                outside.remove(e.getKey());
                continue;
            }
            if (out == null || out[0] != dir) {
                outside.put(e.getKey(), new long[] {dir, step});
                continue;
            }
            // once the schedule has lowered the LR, small ratios are the annealing the recipe asks for
            boolean annealing = dir < 0 && run.optimizer().lr() < run.startLr() * 0.99;
            if (!annealing && step - out[1] >= patienceSteps && s.warned().getOrDefault(e.getKey(), 0) != dir) {
                Map<String, Integer> warned = new LinkedHashMap<>(s.warned());
                warned.put(e.getKey(), dir);
                s = new State(s.warnings() + 1, warned);
                run.warn(name(), message(e.getKey(), r, dir, step - out[1], run.optimizer().lr()));
            }
        }
    }

    private String message(String tensor, double r, int dir, long steps, double lr) {
        double med = smoothedMedian();
        String what = String.format(Locale.ROOT, "%s: update/weight ratio %.1e has been %s %.0e for %d steps (the recipe "
                + "wants about %.0e): %s", tensor, r, dir > 0 ? "above" : "below", dir > 0 ? high : low, steps, target,
                dir > 0 ? "learning is likely unstable" : "learning is too slow");
        if (med > high || med < low) {
            return what + String.format(Locale.ROOT, "; the median over all weight tensors is %.1e, and an LR of %.2g "
                    + "instead of %.3g would bring it near %.0e", med, lr * target / med, lr, target);
        }
        return what + String.format(Locale.ROOT, "; the median over all weight tensors is %.1e, within the band, so "
                + "the LR suits the rest of the net", med);
    }

    private double smoothedMedian() {
        double[] v = smoothedLog.values().stream().mapToDouble(Math::exp).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    /** Median of the latest ratios over the weight tensors (the LR calibration aims it at the target). */
    public double median() {
        double[] v = latest.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    @Override
    public void restarted(Run run) {
        latest.clear();
        smoothedLog.clear();
        outside.clear();
        s = new State(0, new LinkedHashMap<>());
    }

    @Override
    public MonitorState state() {
        return MonitorState.of(s);
    }

    @Override
    public void restore(MonitorState state) {
        State r = state.fields(State.class);
        if (r != null) {
            s = new State(r.warnings(), r.warned() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(r.warned()));
        }
    }

    @Override
    public RecipeChecklist.Fact fact() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "update/weight ratio watched on %d weight tensors every %d steps (band %.0e..%.0e)",
                latest.size(), every, low, high));
        if (!latest.isEmpty()) {
            double min = latest.values().stream().mapToDouble(d -> d).min().orElse(0);
            double max = latest.values().stream().mapToDouble(d -> d).max().orElse(0);
            sb.append(String.format(Locale.ROOT, "; last: %.1e..%.1e", min, max));
        }
        int w = s.warnings();
        sb.append(w == 0 ? ", no warnings" : ", " + w + " warning" + (w == 1 ? "" : "s"));
        return new RecipeChecklist.Fact(RecipePoint.UPDATE_RATIO, sb.toString(), true);
    }
}
