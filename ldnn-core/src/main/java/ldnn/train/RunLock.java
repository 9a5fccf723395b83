package ldnn.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One writer per run folder: `ldnn train` and `ldnn resume` hold an OS file lock on {@code RUN/.lock} for
 * as long as they write the folder, so a second process on the same folder stops at once with a message
 * instead of interleaving its checkpoints with the first one's. The OS drops the lock when the process
 * ends, killed or not; the file itself stays (it says who held it last).
 */
public final class RunLock implements AutoCloseable {
    /** The lock file's name in the run folder. */
    public static final String FILE = ".lock";
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code dir} (created if missing); fails naming the holder when another process writes it. */
    public static RunLock acquire(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve(FILE);
        FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // held by this process (another run in the same JVM)
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot lock the run folder " + dir + " (" + f + "): " + e.getMessage(), e);
        }
        if (l == null) {
            String holder = new String(Files.readAllBytes(f), StandardCharsets.UTF_8).strip();
            ch.close();
            throw new IllegalStateException(dir + " is being written by another ldnn process"
                    + (holder.isEmpty() ? "" : " (" + holder + ")") + "; two processes cannot write one run folder:"
                    + " wait for it to end (or stop it), or use another --run folder");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", since " + Instant.now())
                .getBytes(StandardCharsets.UTF_8)));
        return new RunLock(ch, l);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
