package ldnn.backend;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * Reused memory for the arrays one training step computes and throws away: activations, their
 * gradients, dropout masks, the scratch of the backward pass. The shapes of a step repeat every step,
 * so after the first step an op's output array is an array the same op wrote one step before, still
 * in cache and already paged in, instead of a fresh one the JVM must zero (on a 2-core EPYC, fresh
 * memory is written at about 10 GB/s, reused memory at 28 GB/s; see BENCHMARKS.md).
 *
 * <p>Lifetimes are explicit: a workspace lends arrays only while it is {@linkplain #activate() active}
 * on the calling thread, and {@link #recycle()} takes back everything it has lent. The trainer
 * recycles at the start of each step, so the tape, the output and the gradients of the last step stay
 * valid until the next step begins. Outside an active workspace, {@link #floats} is plain
 * {@code new float[n]}, owned by the GC: tensors a user computes outside the trainer's step never share
 * memory with anything. What escapes a step (a stateful RNN's carried state, a value a monitor keeps)
 * must be copied ({@code Tensor.copy()} always allocates from the GC).
 *
 * <p>Single-threaded by design: a workspace belongs to the thread that activated it (kernels that split
 * work over cores receive arrays from the calling thread).
 */
public final class Workspace {
    private static final ThreadLocal<Workspace> ACTIVE = new ThreadLocal<>();

    /** An empty workspace, not active until {@link #activate()}. */
    public Workspace() {
    }

    /** Free arrays of one length, and the recycle generation that last asked for that length. */
    private static final class Pool {
        final ArrayDeque<float[]> arrays = new ArrayDeque<>();
        long lastAsked;
    }

    /** Free arrays whose length no step asked for in this many recycles go back to the GC (an epoch's odd last batch). */
    private static final int KEEP_UNASKED = 2;

    private final Map<Integer, Pool> free = new HashMap<>();
    private long generation;
    private final ArrayList<float[]> lent = new ArrayList<>();
    private final Map<Integer, ArrayDeque<int[]>> freeInts = new HashMap<>();
    private final ArrayList<int[]> lentInts = new ArrayList<>();
    private long lentBytes, peakLentBytes, heldBytes, freshBytes;

    /** Makes this workspace the source of {@link #floats} on this thread until the scope is closed (scopes nest). */
    public Scope activate() {
        Scope s = new Scope(ACTIVE.get());
        ACTIVE.set(this);
        return s;
    }

    /** The workspace active on this thread, or null. */
    public static Workspace active() {
        return ACTIVE.get();
    }

    /** Takes back every array lent since the last recycle; their contents may be overwritten from now on. */
    public void recycle() {
        generation++;
        for (float[] a : lent) {
            free.computeIfAbsent(a.length, k -> new Pool()).arrays.push(a);
        }
        lent.clear();
        for (java.util.Iterator<Pool> it = free.values().iterator(); it.hasNext(); ) {
            Pool p = it.next();
            if (generation - p.lastAsked > KEEP_UNASKED) {
                for (float[] a : p.arrays) {
                    heldBytes -= 4L * a.length;
                }
                it.remove();
            }
        }
        for (int[] a : lentInts) {
            freeInts.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
        }
        lentInts.clear();
        lentBytes = 0;
    }

    /** Drops every array (lent and free) to the GC, e.g. when the shapes of the steps change for good. */
    public void clear() {
        lent.clear();
        free.clear();
        lentInts.clear();
        freeInts.clear();
        lentBytes = heldBytes = 0;
    }

    /** A zeroed array of n floats: from the active workspace if there is one, else new. */
    public static float[] floats(int n) {
        Workspace a = ACTIVE.get();
        if (a == null) {
            return new float[n];
        }
        float[] f = a.take(n);
        java.util.Arrays.fill(f, 0f);
        return f;
    }

    /**
     * An array of n floats with arbitrary contents, for an op that writes every element before it reads
     * any (from the active workspace if there is one, else new, and then zeroed by the JVM).
     */
    public static float[] uninitialized(int n) {
        Workspace a = ACTIVE.get();
        return a == null ? new float[n] : a.take(n);
    }

    /** An int array of n elements with arbitrary contents (argmax indices and the like; the caller writes every one). */
    public static int[] uninitializedInts(int n) {
        Workspace a = ACTIVE.get();
        if (a == null) {
            return new int[n];
        }
        ArrayDeque<int[]> q = a.freeInts.get(n);
        int[] f = q == null ? null : q.poll();
        if (f == null) {
            f = new int[n];
            a.heldBytes += 4L * n;
            a.freshBytes += 4L * n;
        }
        a.lentInts.add(f);
        a.lentBytes += 4L * n;
        a.peakLentBytes = Math.max(a.peakLentBytes, a.lentBytes);
        return f;
    }

    private float[] take(int n) {
        Pool p = free.get(n);
        if (p == null) {
            p = new Pool();
            free.put(n, p);
        }
        p.lastAsked = generation;
        float[] f = p.arrays.poll();
        if (f == null) {
            f = new float[n];
            heldBytes += 4L * n;
            freshBytes += 4L * n;
        }
        lent.add(f);
        lentBytes += 4L * n;
        peakLentBytes = Math.max(peakLentBytes, lentBytes);
        return f;
    }

    /**
     * Fills every free array with {@code value} (NaN in tests): an op that reads memory it did not
     * write, or that assumes a reused array is zero, then shows it in its result.
     */
    public void poisonFree(float value) {
        for (Pool q : free.values()) {
            for (float[] a : q.arrays) {
                java.util.Arrays.fill(a, value);
            }
        }
        for (ArrayDeque<int[]> q : freeInts.values()) {
            for (int[] a : q) {
                java.util.Arrays.fill(a, Integer.MIN_VALUE);
            }
        }
    }

    /** Bytes lent since the last recycle. */
    public long lentBytes() {
        return lentBytes;
    }

    /** The most bytes lent between two recycles (one step's working memory). */
    public long peakLentBytes() {
        return peakLentBytes;
    }

    /** Bytes of all arrays this workspace holds, lent or free. */
    public long heldBytes() {
        return heldBytes;
    }

    /** Bytes of arrays allocated because no free one fitted (grows only while new shapes appear). */
    public long freshBytes() {
        return freshBytes;
    }

    /** Restores the previously active workspace (or none) on close. */
    public static final class Scope implements AutoCloseable {
        private final Workspace previous;

        private Scope(Workspace previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (previous == null) {
                ACTIVE.remove();
            } else {
                ACTIVE.set(previous);
            }
        }
    }
}
