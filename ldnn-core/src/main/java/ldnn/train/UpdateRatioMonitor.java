package ldnn.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import ldnn.tensor.Tensor;

/**
 * Watches ‖Δw‖/‖w‖ per weight tensor (recipe point 6: it should be around 1e-3). Every step for the
 * first 100 steps, then every few steps, the optimizer measures its update norms; when a tensor's ratio stays outside the band for a while, a
 * warning names it, the ratio, and the LR that would bring it to the target (the ratio is about
 * proportional to the LR). Biases and other 1-d tensors are skipped: they start at zero.
 */
public final class UpdateRatioMonitor implements Monitor {
    private final double low, high, target;
    private final int every, patience;
    private final Map<String, Double> latest = new LinkedHashMap<>();
    private final Map<String, Integer> outside = new LinkedHashMap<>();
    private final Map<String, Integer> warnedDirection = new LinkedHashMap<>();
    private int warnings;
    private double peakMedian;

    public UpdateRatioMonitor(double low, double high, double target, int every, int patience) {
        this.low = low;
        this.high = high;
        this.target = target;
        this.every = every;
        this.patience = patience;
    }

    @Override
    public String name() {
        return "update-ratio";
    }

    /** Every step during the first 100 (where instabilities show first), then every few steps. */
    private boolean measuredStep(long step) {
        return step <= EARLY_STEPS || step % every == 0;
    }

    private static final int EARLY_STEPS = 100;

    @Override
    public void beforeUpdate(Run run) {
        run.optimizer().measureUpdates(measuredStep(run.step()));
    }

    @Override
    public void afterUpdate(Run run, double loss) {
        if (!measuredStep(run.step())) {
            return;
        }
        run.optimizer().measureUpdates(false);
        Map<String, Double> norms = run.optimizer().lastUpdateNorms();
        for (Map.Entry<String, Tensor> e : run.optimizer().parameters().entrySet()) {
            Tensor w = e.getValue();
            Double dn = norms.get(e.getKey());
            if (w.rank() < 2 || dn == null) {
                continue;
            }
            double wn = w.norm();
            if (wn == 0) {
                continue;
            }
            double ratio = dn / wn;
            latest.put(e.getKey(), ratio);
            
            int dir = ratio > high ? 1 : ratio < low ? -1 : 0;
            int count = dir == 0 ? 0 : outside.getOrDefault(e.getKey(), 0) + 1;
            outside.put(e.getKey(), count);
            if (count >= patience && warnedDirection.getOrDefault(e.getKey(), 0) != dir) {
                warnedDirection.put(e.getKey(), dir);
                warnings++;
                double lr = run.optimizer().lr();
                run.warn(name(), String.format(Locale.ROOT,
                        "%s: update/weight ratio %.1e is %s %.0e for %d steps: %s; an LR of %.2g would bring it near %.0e",
                        e.getKey(), ratio, dir > 0 ? "above" : "below", dir > 0 ? high : low,
                        run.step() <= EARLY_STEPS ? count : count * every,
                        dir > 0 ? "learning is likely unstable" : "learning is too slow", lr * target / ratio, target));
            }
        }
        double med = median();
        if (med > peakMedian) {
            peakMedian = med;
        }
    }

    /** The largest median (over weight tensors) seen at any measurement: was the LR ever too high? */
    public double peakMedian() {
        return peakMedian;
    }

    /** The last measured ratio of each weight tensor. */
    public Map<String, Double> latest() {
        return latest;
    }

    /** Median of the latest ratios (the LR calibration aims this at the target). */
    public double median() {
        double[] v = latest.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("warnings", warnings);
        m.put("warned", new LinkedHashMap<>(warnedDirection));
        return m;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Map<String, Object> s) {
        warnings = ((Number) s.get("warnings")).intValue();
        warnedDirection.clear();
        ((Map<String, Object>) s.get("warned")).forEach((k, v) -> warnedDirection.put(k, ((Number) v).intValue()));
    }

    @Override
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "update/weight ratio watched on %d weight tensors every %d steps (band %.0e..%.0e)",
                latest.size(), every, low, high));
        if (!latest.isEmpty()) {
            double min = latest.values().stream().mapToDouble(d -> d).min().orElse(0);
            double max = latest.values().stream().mapToDouble(d -> d).max().orElse(0);
            sb.append(String.format(Locale.ROOT, "; last: %.1e..%.1e", min, max));
        }
        sb.append(warnings == 0 ? ", no warnings" : ", " + warnings + " warning" + (warnings == 1 ? "" : "s"));
        return sb.toString();
    }
}
