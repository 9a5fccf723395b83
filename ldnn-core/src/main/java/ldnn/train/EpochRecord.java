package ldnn.train;

import java.util.Map;

/** One evaluation point of a run: what the metrics log and the report plot. */
public record EpochRecord(int epoch, long step, double trainLoss, double trainError, double valLoss, double valError,
                          double lr, double seconds, double examplesPerSecond, double gradNorm, long clipped,
                          Map<String, Double> updateRatios) {
}
