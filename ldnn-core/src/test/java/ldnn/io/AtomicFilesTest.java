package ldnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesBytesTextAndStreamedContent() throws IOException {
        Path a = dir.resolve("a.bin");
        AtomicFiles.write(a, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(a));

        Path b = dir.resolve("b.txt");
        AtomicFiles.writeString(b, "héllo\n");
        assertEquals("héllo\n", Files.readString(b));

        Path c = dir.resolve("c.bin");
        AtomicFiles.write(c, out -> {
            for (int i = 0; i < 200_000; i++) {
                out.write(i & 0xff);
            }
            out.write(new byte[] {9, 9}, 0, 2);
            out.close(); // allowed: the file is still fsynced and renamed
        });
        byte[] written = Files.readAllBytes(c);
        assertEquals(200_002, written.length);
        assertEquals((byte) (199_999 & 0xff), written[199_999]);
        assertEquals(List.of(a, b, c), listing());
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path f = dir.resolve("model.json");
        AtomicFiles.writeString(f, "old");
        AtomicFiles.writeString(f, "new");
        assertEquals("new", Files.readString(f));
        assertEquals(List.of(f), listing());
    }

    @Test
    void failingCallbackLeavesTheOldFileIntactAndNoTempFiles() throws IOException {
        Path f = dir.resolve("checkpoint.bin");
        AtomicFiles.writeString(f, "good checkpoint");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("half of a new checkp".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("could not write " + f + " (it was left unchanged): disk full", e.getMessage());
        assertEquals("good checkpoint", Files.readString(f));
        assertEquals(List.of(f), listing());

        e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(1);
            throw new UncheckedIOException(new IOException("serializer broke"));
        }));
        assertInstanceOf(UncheckedIOException.class, e.getCause());
        assertTrue(e.getMessage().startsWith("could not write " + f), e.getMessage());
        assertEquals("good checkpoint", Files.readString(f));
        assertEquals(List.of(f), listing());
    }

    @Test
    void failingFirstWriteCreatesNoFile() throws IOException {
        Path f = dir.resolve("new.bin");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            throw new IllegalStateException("boom");
        }));
        assertFalse(Files.exists(f));
        assertEquals(List.of(), listing());
    }

    @Test
    void missingDirectoryAndDirectoryTargetAreClearErrors() {
        Path missing = dir.resolve("no/such/dir/x.bin");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(missing, new byte[1]));
        assertEquals("cannot write " + missing + ": directory " + missing.getParent() + " does not exist",
                e.getMessage());
        e = assertThrows(IOException.class, () -> AtomicFiles.write(dir, new byte[1]));
        assertEquals("cannot write " + dir + ": it is a directory", e.getMessage());
    }

    @Test
    void writtenFilesGetNormalPermissionsNotThoseOfATempFile() throws IOException {
        Path f = dir.resolve("shared.txt");
        AtomicFiles.writeString(f, "x");
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        assertEquals(Files.getPosixFilePermissions(plain), perms);
    }

    @Test
    void appendLineAddsTerminatedLinesAndNeverMergesWithATornLine() throws IOException {
        Path log = dir.resolve("log.txt");
        AtomicFiles.appendLine(log, "one");
        AtomicFiles.appendLine(log, "two");
        assertEquals("one\ntwo\n", Files.readString(log));
        Files.writeString(log, "thr", java.nio.file.StandardOpenOption.APPEND); // a writer killed mid-line
        AtomicFiles.appendLine(log, "four");
        assertEquals("one\ntwo\nthr\nfour\n", Files.readString(log));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AtomicFiles.appendLine(log, "a\nb"));
        assertTrue(e.getMessage().contains("line break"), e.getMessage());
    }

    private List<Path> listing() throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
