package ldnn.train;

/**
 * What synchronous data-parallel training needs from its workers' network: a sum across the workers
 * that leaves every worker with bit-identical values (a ring all-reduce, for instance). With it, each
 * worker of {@link Trainer#dataParallel} computes the gradient of its shard of every global batch, and
 * every worker applies the same update to the same weights.
 */
public interface GradientExchange {
    /** This worker's number, 0 .. workers-1 (worker 0 writes the run folder). */
    int rank();

    /** How many workers take part. */
    int workers();

    /**
     * Replaces {@code values[0..n)} by their sum over all workers, the same on every worker; every
     * worker calls it the same number of times with the same {@code n}.
     */
    void sum(float[] values, int n);
}
