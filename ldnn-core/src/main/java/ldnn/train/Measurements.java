package ldnn.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What monitors measured, shared through the run: the clipping monitor publishes the gradient norm,
 * the update-ratio monitor the ratios; the trainer logs them and other monitors read them (the
 * off-the-ground check asks whether the LR was ever too high), so no monitor reads another.
 */
public final class Measurements {
    private double gradNorm = Double.NaN;
    private long clippedSteps;
    private Map<String, Double> updateRatios = Map.of();
    private double peakRatioMedian;

    /** No measurements yet: the gradient norm is NaN, nothing clipped, no ratios. */
    public Measurements() {
    }

    /** The last measured global gradient norm (NaN before the first) and the steps clipped so far. */
    public void gradNorm(double norm, long clipped) {
        this.gradNorm = norm;
        this.clippedSteps = clipped;
    }

    /** The last measured global gradient norm (NaN before the first). */
    public double gradNorm() {
        return gradNorm;
    }

    /** The steps whose gradients were clipped so far. */
    public long clippedSteps() {
        return clippedSteps;
    }

    /** The latest ‖Δw‖/‖w‖ per weight tensor and their median. */
    public void updateRatios(Map<String, Double> ratios, double median) {
        this.updateRatios = new LinkedHashMap<>(ratios);
        if (median > peakRatioMedian) {
            peakRatioMedian = median;
        }
    }

    /** The latest update/weight ratio of each weight tensor, by parameter name. */
    public Map<String, Double> updateRatios() {
        return updateRatios;
    }

    /** The largest median update ratio measured so far: was the LR ever too high? */
    public double peakRatioMedian() {
        return peakRatioMedian;
    }
}
