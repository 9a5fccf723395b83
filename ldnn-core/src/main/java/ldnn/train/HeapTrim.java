package ldnn.train;

/**
 * A full collection at an epoch boundary when the heap has grown well past what was live after the last
 * one. With the serial collector the launcher uses, the old generation grows instead of being collected
 * as long as the heap may still grow: the data pipeline's batches that outlive a young collection (the
 * prefetcher holds them ahead of the step) are promoted, and the heap grew by about 5 MB/s through a run
 * of the main job (1.0 GB after 20 s, 1.9 GB after 4 minutes, 4 GB after 12). Collecting once per epoch
 * when the heap used is a quarter more than the last live size (and 64 MB) keeps it near the live data,
 * for one full collection per epoch at most (50-95 ms for the main job, whose epochs take 20 s).
 */
final class HeapTrim {
    private static final long SLACK = 64L << 20;
    private long liveAfterLast = -1;

    /** Collects if the heap has grown enough since the last time; returns whether it did. */
    boolean atEpochEnd() {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        if (liveAfterLast >= 0 && used < liveAfterLast + liveAfterLast / 4 + SLACK) {
            return false;
        }
        System.gc();
        liveAfterLast = rt.totalMemory() - rt.freeMemory();
        return true;
    }
}
