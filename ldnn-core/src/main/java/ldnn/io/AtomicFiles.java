package ldnn.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Files that are either completely written or not changed at all. Content goes to a temp file in
 * the target's directory (same file system, so the rename is atomic), is flushed and fsynced, then
 * renamed over the target with ATOMIC_MOVE. On any failure the temp file is deleted, the old target
 * (if any) is untouched, and the error names the target. Readers never see a half-written model,
 * checkpoint or report, even if the process is killed mid-write.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes {@code bytes} to {@code target} atomically: the file is complete or unchanged. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** UTF-8 text. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Runs body on a buffered stream into a temp file, then renames it over target. The stream must
     * not be kept after body returns; closing it is allowed and harmless.
     */
    public static void write(Path target, IOConsumer<OutputStream> body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("cannot write " + target + ": directory " + dir + " does not exist");
        }
        if (Files.isDirectory(target)) {
            throw new IOException("cannot write " + target + ": it is a directory");
        }
        Path temp = createTemp(dir, target.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                KeepOpen kept = new KeepOpen(out, "write:" + target.getFileName());
                body.accept(kept);
                kept.halfWay();
                out.flush();
                channel.force(true); // the data is on disk before the rename makes it visible
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            deleteQuietly(temp, e);
            throw new IOException("could not write " + target + " (it was left unchanged): " + e.getMessage(), e);
        } catch (Error e) {
            deleteQuietly(temp, e);
            throw e;
        }
        syncDirectory(dir);
    }

    /**
     * Appends line plus '\n' to file (created if missing) with one write, for JSON Lines logs. The
     * line goes to the OS at once (no buffering in this process), so a killed process loses at most
     * the line being written; it is not fsynced (a power loss can lose the last lines). If the file
     * does not end with '\n' (its writer was killed mid-line), a '\n' is written first so that the
     * new line never merges with the torn one; {@link JsonLines#append} removes the torn line instead.
     */
    public static void appendLine(Path file, String line) throws IOException {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("appendLine " + file + ": the line contains a line break: "
                    + (line.length() > 80 ? line.substring(0, 80) + "..." : line));
        }
        boolean torn = Files.exists(file) && !endsWithNewline(file);
        appendRaw(file, (torn ? "\n" : "") + line + "\n");
    }

    static void appendRaw(Path file, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new IOException("could not append to " + file + ": " + e.getMessage(), e);
        }
    }

    /** True for an empty file or one whose last byte is '\n'. */
    static boolean endsWithNewline(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                return true;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            return last.get(0) == '\n';
        }
    }

    /**
     * Deletes the temp files that writes into {@code dir} left behind when their process was killed
     * mid-write (the targets themselves are whole: old or new). Only for a folder this process owns.
     */
    public static void removeLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().matches("\\..+\\.[0-9a-f]{8}\\.tmp") && Files.isRegularFile(f)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** A hidden temp file beside the target, created with the default permissions (not 0600). */
    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            Path temp = dir.resolve("." + name + "." + suffix + ".tmp");
            try {
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    private static void deleteQuietly(Path temp, Throwable failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Makes the rename itself durable; some platforms cannot open a directory, where this is a no-op. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // The file itself is complete and renamed; only durability across a power loss is weaker.
        }
    }

    /** Lets body close "its" stream without closing the channel before it is fsynced. */
    private static final class KeepOpen extends FilterOutputStream {
        /** The fault point half-way through this write ({@link FaultPoints}: tests kill or fail a write there). */
        private final String point;
        private long written;
        private boolean reached;

        KeepOpen(OutputStream out, String point) {
            super(out);
            this.point = point;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len); // FilterOutputStream would write byte by byte
            count(len);
        }

        private void count(int n) throws IOException {
            written += n;
            if (written >= 1 << 16) {
                halfWay();
            }
        }

        /** The fault point, once: after the first 64 KiB (flushed to the temp file), or at the end of a small file. */
        void halfWay() throws IOException {
            if (!reached && FaultPoints.enabled()) {
                reached = true;
                out.flush();
                FaultPoints.reach(point);
            }
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
