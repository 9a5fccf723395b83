package ldnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumsTest {
    // FIPS 180-2 test vector: SHA-256("abc").
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void knownVectorsForBytesAndFiles(@TempDir Path dir) throws IOException {
        assertEquals(ABC, Checksums.sha256("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Checksums.sha256(new byte[0]));
        Path f = Files.writeString(dir.resolve("abc.txt"), "abc");
        assertEquals(ABC, Checksums.sha256(f));
        // Larger than the 1 MiB read buffer: the streamed digest equals the in-memory one.
        byte[] big = new byte[3 * (1 << 20) + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Path b = Files.write(dir.resolve("big.bin"), big);
        assertEquals(Checksums.sha256(big), Checksums.sha256(b));
    }

    @Test
    void verifyNamesTheFileAndBothDigests(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("data.bin"), "abc");
        Checksums.verifySha256(f, ABC.toUpperCase());
        String wrong = "0".repeat(64);
        IOException e = assertThrows(IOException.class, () -> Checksums.verifySha256(f, wrong));
        assertEquals(f + ": SHA-256 mismatch, expected " + wrong + ", found " + ABC
                + " (corrupt or incomplete download?)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Checksums.verifySha256(f, "abc"));
    }
}
