package ldnn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 digests as lowercase hex, for dataset downloads and model files. */
public final class Checksums {
    private Checksums() {}

    /** The SHA-256 of {@code bytes}, as 64 lowercase hex digits. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** Streams the file through the digest in 1 MiB chunks (no whole-file buffer). */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                md.update(buffer);
                buffer.clear();
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Throws an IOException naming the file and both digests when the file's SHA-256 differs. */
    public static void verifySha256(Path file, String expectedHex) throws IOException {
        String expected = expectedHex.strip().toLowerCase(Locale.ROOT);
        if (!expected.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("verifySha256 " + file + ": expected digest '" + expectedHex
                    + "' is not 64 hex digits");
        }
        String actual = sha256(file);
        if (!actual.equals(expected)) {
            throw new IOException(file + ": SHA-256 mismatch, expected " + expected + ", found " + actual
                    + " (corrupt or incomplete download?)");
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
