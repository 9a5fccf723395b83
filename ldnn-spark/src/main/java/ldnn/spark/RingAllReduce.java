package ldnn.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import ldnn.backend.Vec;
import ldnn.train.GradientExchange;

/**
 * A ring all-reduce over TCP between the tasks of a barrier stage (or any W processes that can
 * exchange one string each): worker r sends to r+1 and receives from r-1. A sum of n floats is a
 * reduce-scatter (W-1 steps, each passing one chunk of n/W on and adding the one received) then an
 * all-gather (W-1 steps passing the finished chunks on), so each worker sends and receives 2(W-1)/W
 * of the data, whatever W is. Every chunk is summed once, by one worker, in ring order, then copied:
 * all workers end with bit-identical sums.
 *
 * <p>Sending runs on its own thread while the caller receives, so no worker waits for a neighbour to
 * drain its socket. A neighbour that dies closes its socket and this worker's next sum fails at once
 * (its task fails and Spark retries the stage); a neighbour that hangs fails it after the timeout.
 */
public final class RingAllReduce implements GradientExchange, AutoCloseable {
    /** How long a sum waits for a neighbour (a validation pass runs between two steps). */
    static final int TIMEOUT_MS = 600_000;

    private final int rank, workers;
    private final Socket next, prev;
    private final DataOutputStream toNext;
    private final DataInputStream fromPrev;
    private final ExecutorService sender;
    private byte[] sendBytes = new byte[0], recvBytes = new byte[0];
    private float[] recvFloats = new float[0];
    private long sums, bytesSent, nanos;

    private RingAllReduce(int rank, int workers, Socket next, Socket prev) throws IOException {
        this.rank = rank;
        this.workers = workers;
        this.next = next;
        this.prev = prev;
        this.toNext = next == null ? null : new DataOutputStream(new BufferedOutputStream(next.getOutputStream(), 1 << 16));
        this.fromPrev = prev == null ? null : new DataInputStream(new BufferedInputStream(prev.getInputStream(), 1 << 16));
        this.sender = next == null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ldnn-ring-send-" + rank);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Joins the ring: listens on an ephemeral port of {@code host}, tells the others "host:port" through
     * {@code allGather} (which returns every worker's string, in rank order; a barrier task's
     * {@code allGather}), connects to the next worker and accepts the previous one.
     */
    public static RingAllReduce join(int rank, int workers, String host, UnaryOperator<String[]> allGather)
            throws IOException {
        if (workers < 1 || rank < 0 || rank >= workers) {
            throw new IllegalArgumentException("ring all-reduce: expected 0 <= rank < workers, got rank " + rank
                    + " of " + workers);
        }
        if (workers == 1) {
            return new RingAllReduce(0, 1, null, null);
        }
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(0));
            server.setSoTimeout(TIMEOUT_MS);
            String[] all = allGather.apply(new String[] {host + ":" + server.getLocalPort()});
            if (all.length != workers) {
                throw new IllegalStateException("ring all-reduce: expected " + workers + " addresses, got " + all.length);
            }
            String to = all[(rank + 1) % workers];
            int colon = to.lastIndexOf(':');
            Socket next = new Socket();
            next.setTcpNoDelay(true);
            next.connect(new InetSocketAddress(to.substring(0, colon), Integer.parseInt(to.substring(colon + 1))),
                    TIMEOUT_MS);
            new DataOutputStream(next.getOutputStream()).writeInt(rank);
            Socket prev = server.accept();
            prev.setTcpNoDelay(true);
            prev.setSoTimeout(TIMEOUT_MS);
            int from = new DataInputStream(prev.getInputStream()).readInt();
            int expected = (rank - 1 + workers) % workers;
            if (from != expected) {
                throw new IllegalStateException("ring all-reduce: worker " + rank + " expected worker " + expected
                        + " to connect, got worker " + from);
            }
            return new RingAllReduce(rank, workers, next, prev);
        }
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public void sum(float[] values, int n) {
        if (workers == 1) {
            return;
        }
        long t0 = System.nanoTime();
        int chunkMax = (n + workers - 1) / workers;
        if (recvFloats.length < chunkMax) {
            recvFloats = new float[chunkMax];
            sendBytes = new byte[4 * chunkMax];
            recvBytes = new byte[4 * chunkMax];
        }
        try {
            for (int s = 0; s < workers - 1; s++) { // reduce-scatter
                int send = Math.floorMod(rank - s, workers), recv = Math.floorMod(rank - s - 1, workers);
                int rf = from(recv, n), rn = from(recv + 1, n) - rf;
                exchange(values, from(send, n), from(send + 1, n) - from(send, n), rn);
                Vec.add(values, rf, recvFloats, 0, values, rf, rn);
            }
            for (int s = 0; s < workers - 1; s++) { // all-gather
                int send = Math.floorMod(rank + 1 - s, workers), recv = Math.floorMod(rank - s, workers);
                int rf = from(recv, n), rn = from(recv + 1, n) - rf;
                exchange(values, from(send, n), from(send + 1, n) - from(send, n), rn);
                System.arraycopy(recvFloats, 0, values, rf, rn);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ring all-reduce: worker " + rank + " of " + workers + " lost a neighbour ("
                    + e.getMessage() + ")", e);
        }
        sums++;
        nanos += System.nanoTime() - t0;
    }

    /** Where chunk c starts in n values split into W chunks as evenly as possible. */
    private int from(int c, int n) {
        return (int) ((long) n * c / workers);
    }

    /** Sends values[off, off+len) to the next worker while receiving rn floats from the previous one. */
    private void exchange(float[] values, int off, int len, int rn) throws IOException {
        ByteBuffer.wrap(sendBytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values, off, len);
        Future<?> sent = sender.submit(() -> {
            toNext.write(sendBytes, 0, 4 * len);
            toNext.flush();
            return null;
        });
        fromPrev.readFully(recvBytes, 0, 4 * rn);
        ByteBuffer.wrap(recvBytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(recvFloats, 0, rn);
        try {
            sent.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        bytesSent += 4L * len;
    }

    /** Sums done so far. */
    public long sums() {
        return sums;
    }

    /** Bytes this worker sent so far. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Seconds spent in {@link #sum} so far (waiting for slower workers included). */
    public double seconds() {
        return nanos / 1e9;
    }

    @Override
    public void close() {
        if (sender != null) {
            sender.shutdownNow();
        }
        for (Socket s : new Socket[] {next, prev}) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing: nothing left to do
                }
            }
        }
    }
}
