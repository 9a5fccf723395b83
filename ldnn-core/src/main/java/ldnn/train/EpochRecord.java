package ldnn.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One evaluation point of a run (or a training-step sample, whose validation fields are NaN): what the
 * metrics log and the report plot. {@code gradNorm} is the last measured gradient norm, {@code clipped}
 * the steps clipped so far, {@code updateRatios} the last measured ‖Δw‖/‖w‖ per weight tensor,
 * {@code allocBytesPerStep} the bytes the JVM allocated per training step since the last evaluation
 * (NaN on step samples and in files written before it was recorded).
 */
public record EpochRecord(int epoch, long step, double trainLoss, double trainError, double valLoss, double valError,
                          double lr, double seconds, @JsonProperty("examples_per_s") double examplesPerSecond,
                          double gradNorm, long clipped, Map<String, Double> updateRatios, double allocBytesPerStep)
        implements java.io.Serializable {
    /** A missing update-ratio map (from an older log) becomes an empty one. */
    public EpochRecord {
        updateRatios = updateRatios == null ? Map.of() : updateRatios;
    }
}
