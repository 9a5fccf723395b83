package ldnn.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Tensor;

/**
 * A character text as truncated-BPTT minibatches ({@link TextBatcher}'s windows): the ids are cut into
 * B parallel streams, and each epoch is one pass over them in order, so a stateful recurrent net carries
 * its hidden state from one window to the next. A batch is x = ids as floats [B, T] (what an Embedding
 * takes) with labels = the next ids [B, T]. The order needs no seed: every pass is the same.
 */
public final class TextBatches implements BatchSource {
    private final String name;
    private final TextBatcher batcher;
    private final int streams, seqLen;
    private final boolean evaluation;

    private TextBatches(String name, int[] ids, int streams, int seqLen, boolean evaluation) {
        this.name = name;
        this.streams = streams;
        this.seqLen = seqLen;
        this.evaluation = evaluation;
        if (ids.length < 2L * streams || ids.length / streams < seqLen + 1) {
            throw new IllegalArgumentException(name + ": " + ids.length + " characters are too few for " + streams
                    + " streams of windows of " + seqLen + " (each stream needs at least " + (seqLen + 1)
                    + "); use a longer text, or a smaller --batch-size or --seq-len");
        }
        this.batcher = new TextBatcher(ids, streams, seqLen);
    }

    /** Training windows: B streams, windows of T ids, one pass per epoch. */
    public static TextBatches training(String name, int[] ids, int batch, int seqLen) {
        return new TextBatches(name, ids, batch, seqLen, false);
    }

    /**
     * Evaluation windows that predict every position after the first of each stream once (the last
     * window may be shorter). A text too short for {@code batch} streams gets fewer streams.
     */
    public static TextBatches evaluation(String name, int[] ids, int batch, int seqLen) {
        int streams = Math.max(1, Math.min(batch, ids.length / (seqLen + 1)));
        return new TextBatches(name, ids, streams, seqLen, true);
    }

    @Override
    public Batches epoch(int epoch) {
        Iterator<TextBatcher.Window> windows = evaluation ? batcher.evaluationWindows().iterator()
                : new Iterator<>() {
                    int k = 0;

                    @Override
                    public boolean hasNext() {
                        return k < batcher.windowsPerPass();
                    }

                    @Override
                    public TextBatcher.Window next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        return batcher.window(k++);
                    }
                };
        return new Batches() {
            @Override
            public boolean hasNext() {
                return windows.hasNext();
            }

            @Override
            public Batch next() {
                return toBatch(windows.next());
            }

            @Override
            public void close() {
            }
        };
    }

    static Batch toBatch(TextBatcher.Window w) {
        IntTensor in = w.input();
        int[] ids = in.data();
        float[] x = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            x[i] = ids[i];
        }
        return new Batch(Tensor.of(x, in.shape()), w.target(), null);
    }

    /** Sequences per epoch (batch rows, the unit the trainer counts): streams x windows. */
    @Override
    public long examples() {
        return (long) streams * windows();
    }

    /** Characters predicted per epoch. */
    public long characters() {
        return evaluation ? (long) streams * (batcher.streamLength() - 1) : (long) streams * windows() * seqLen;
    }

    /** The number of parallel streams (the batch size). */
    public int streams() {
        return streams;
    }

    private int windows() {
        int predicted = batcher.streamLength() - 1;
        return evaluation ? (predicted + seqLen - 1) / seqLen : batcher.windowsPerPass();
    }

    @Override
    public String batching() {
        return "batches of " + streams + " parallel streams x " + seqLen + " characters, in text order "
                + "(a stateful net carries its state from one window to the next)";
    }

    @Override
    public String describe() {
        return name + " (" + streams + " streams of " + batcher.streamLength() + " characters, windows of " + seqLen
                + (evaluation ? ", every position once" : ", in order every epoch") + ")";
    }
}
