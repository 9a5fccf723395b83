package ldnn.backend;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A small shared pool for memory-bound loops (layout conversions, im2col) split over the cores: the
 * caller runs one part, {@code threads - 1} daemon workers run the others. Only for work that runs
 * while no native library is computing: OpenBLAS and oneDNN keep their own threads busy during their
 * calls, and Java threads on top of them would oversubscribe the cores.
 *
 * <p>Threads: {@code -Dldnn.threads} (default: the available processors, at most 8).
 */
public final class Parallel {
    static final int THREADS = threads();
    private static final ExecutorService POOL = THREADS > 1 ? Executors.newFixedThreadPool(THREADS - 1, r -> {
        Thread t = new Thread(r, "ldnn-parallel");
        t.setDaemon(true);
        return t;
    }) : null;

    private Parallel() {
    }

    private static int threads() {
        String want = System.getProperty("ldnn.threads");
        int n = want == null ? Math.min(8, Runtime.getRuntime().availableProcessors()) : Integer.parseInt(want.trim());
        if (n < 1) {
            throw new IllegalArgumentException("ldnn.threads must be >= 1, got " + n);
        }
        return n;
    }

    /** body.run(lo, hi) on disjoint ranges covering [0, n). */
    public interface Range {
        /** Processes items lo to hi-1. */
        void run(int lo, int hi);
    }

    /** Splits [0, n) into up to {@link #THREADS} contiguous parts of at least minPart items and runs them. */
    public static void forRange(int n, int minPart, Range body) {
        int parts = (int) Math.min(THREADS, Math.max(1, n / Math.max(1, (long) minPart)));
        if (parts <= 1 || POOL == null) {
            body.run(0, n);
            return;
        }
        Future<?>[] fs = new Future<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int lo = (int) ((long) n * p / parts), hi = (int) ((long) n * (p + 1) / parts);
            fs[p - 1] = POOL.submit(() -> body.run(lo, hi));
        }
        Throwable failure = null;
        try {
            body.run(0, (int) ((long) n / parts));
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? e : failure;
            } catch (java.util.concurrent.ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        } else if (failure instanceof Error er) {
            throw er;
        } else if (failure != null) {
            throw new IllegalStateException("parallel loop interrupted", failure);
        }
    }
}
