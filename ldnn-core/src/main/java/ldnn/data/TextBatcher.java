package ldnn.data;

import java.util.ArrayList;
import java.util.List;
import ldnn.tensor.IntTensor;

/**
 * Truncated-BPTT batches for a character language model, as torch_bench.py's charlstm: the id stream is
 * cut into B parallel streams of L = n / B ids each (stream b holds ids [b·L, (b+1)·L)), and window k
 * gives input [B, T] = positions [k·T, k·T + T) of every stream and target [B, T] = the same positions
 * shifted by one. Consecutive windows continue each stream, so the hidden state can be carried over.
 * One pass has (L - 1) / T windows; {@link #next()} then starts over at position 0 ({@code startsPass}
 * tells the trainer to reset the state). The PyTorch peer uses offset (s·T) mod (L - T - 1), which gives
 * the same windows during the first pass.
 */
public final class TextBatcher {
    private final int[] ids;
    private final int batch, seqLen, streamLength;
    private int cursor;

    /** One window: input and target ids [B, T]. */
    public record Window(IntTensor input, IntTensor target, int index, boolean startsPass) {}

    /** Cuts {@code ids} into {@code batch} streams, read in windows of {@code seqLen}. */
    public TextBatcher(int[] ids, int batch, int seqLen) {
        if (batch <= 0 || seqLen <= 0) {
            throw new IllegalArgumentException("TextBatcher: batch and seqLen must be positive, got " + batch
                    + " and " + seqLen);
        }
        this.ids = ids;
        this.batch = batch;
        this.seqLen = seqLen;
        this.streamLength = ids.length / batch;
        if (streamLength < seqLen + 1) {
            throw new IllegalArgumentException("TextBatcher: " + ids.length + " ids in " + batch + " streams give "
                    + streamLength + " ids per stream; a window of " + seqLen + " needs at least " + (seqLen + 1));
        }
    }

    /** Ids per stream. */
    public int streamLength() {
        return streamLength;
    }

    /** Windows in one pass over the streams. */
    public int windowsPerPass() {
        return (streamLength - 1) / seqLen;
    }

    /** Window k of a pass (0 &lt;= k &lt; windowsPerPass()). */
    public Window window(int k) {
        if (k < 0 || k >= windowsPerPass()) {
            throw new IndexOutOfBoundsException("window " + k + " outside [0, " + windowsPerPass() + ")");
        }
        return slice(k * seqLen, seqLen, k);
    }

    /** The next window in order, wrapping around to window 0 after the last. */
    public Window next() {
        Window w = window(cursor);
        cursor = (cursor + 1) % windowsPerPass();
        return w;
    }

    /**
     * Windows that together predict every position after the first of each stream once (the last window
     * may be shorter), for evaluating bits per character as the peer does.
     */
    public List<Window> evaluationWindows() {
        List<Window> out = new ArrayList<>();
        for (int o = 0, k = 0; o < streamLength - 1; o += seqLen, k++) {
            out.add(slice(o, Math.min(seqLen, streamLength - 1 - o), k));
        }
        return out;
    }

    private Window slice(int offset, int t, int index) {
        int[] in = new int[batch * t], tg = new int[batch * t];
        for (int b = 0; b < batch; b++) {
            int base = b * streamLength + offset;
            System.arraycopy(ids, base, in, b * t, t);
            System.arraycopy(ids, base + 1, tg, b * t, t);
        }
        return new Window(new IntTensor(in, batch, t), new IntTensor(tg, batch, t), index, offset == 0);
    }
}
