package ldnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** Three 2x3 images whose pixels are 0..17, with 255 in the last pixel. */
    private static byte[] pixels() {
        byte[] p = new byte[18];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) i;
        }
        p[17] = (byte) 255;
        return p;
    }

    @Test
    void readsPlainAndGzippedImagesAsUnscaledFloatsWithAChannelAxis() throws IOException {
        for (boolean gz : new boolean[] {false, true}) {
            Path f = TestFiles.idx(dir.resolve("img" + gz), pixels(), gz, 3, 2, 3);
            Tensor x = IdxReader.readImages(f);
            assertArrayEquals(new int[] {3, 1, 2, 3}, x.shape());
            assertEquals(7f, x.get(1, 0, 0, 1));
            assertEquals(255f, x.get(2, 0, 1, 2), "unsigned bytes: 0xFF is 255, not -1");
        }
    }

    @Test
    void readsLabelsAndPairsThemWithImages() throws IOException {
        Path img = TestFiles.idx(dir.resolve("i.gz"), pixels(), true, 3, 2, 3);
        Path lab = TestFiles.idx(dir.resolve("l"), new byte[] {2, 0, 1}, false, 3);
        IntTensor y = IdxReader.readLabels(lab);
        assertArrayEquals(new int[] {2, 0, 1}, y.data());
        Dataset d = IdxReader.readDataset("tiny", img, lab, List.of("a", "b", "c"));
        assertEquals(3, d.size());
        assertEquals(3, d.numClasses());
    }

    @Test
    void countMismatchBetweenImagesAndLabelsIsAnError() throws IOException {
        Path img = TestFiles.idx(dir.resolve("i"), pixels(), false, 3, 2, 3);
        Path lab = TestFiles.idx(dir.resolve("l"), new byte[] {1, 0}, false, 2);
        var e = assertThrows(DataFileException.class, () -> IdxReader.readDataset("t", img, lab, List.of()));
        assertTrue(e.getMessage().contains("2 labels") && e.getMessage().contains("3 images"), e.getMessage());
        assertEquals(lab, e.file());
    }

    @Test
    void truncatedFileNamesTheFileTheExpectedAndTheFoundByteCounts() throws IOException {
        Path good = TestFiles.idx(dir.resolve("full"), pixels(), false, 3, 2, 3);
        byte[] all = Files.readAllBytes(good);
        for (boolean gz : new boolean[] {false, true}) {
            Path cut = TestFiles.write(dir.resolve("cut" + gz), Arrays.copyOf(all, all.length - 5), gz);
            var e = assertThrows(DataFileException.class, () -> IdxReader.readImages(cut));
            String m = e.getMessage();
            assertTrue(m.startsWith(cut.toString()), m);
            assertTrue(m.contains("expected 18 bytes") && m.contains("only 13") && m.contains("truncated"), m);
        }
        Path headerCut = TestFiles.write(dir.resolve("hdr"), Arrays.copyOf(all, 9), false);
        var e = assertThrows(DataFileException.class, () -> IdxReader.readImages(headerCut));
        assertTrue(e.getMessage().contains("offset 4") && e.getMessage().contains("12 bytes of axis sizes"), e.getMessage());
    }

    @Test
    void aTruncatedGzipStreamIsReportedAsSuch() throws IOException {
        byte[] gz = TestFiles.gzip(Files.readAllBytes(TestFiles.idx(dir.resolve("f"), pixels(), false, 3, 2, 3)));
        Path cut = TestFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length - 12), false);
        var e = assertThrows(DataFileException.class, () -> IdxReader.readImages(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void wrongMagicWrongRankAndTrailingBytesAreErrors() throws IOException {
        Path text = TestFiles.write(dir.resolve("notes.txt"), "hello world".getBytes(), false);
        var e1 = assertThrows(DataFileException.class, () -> IdxReader.readImages(text));
        assertTrue(e1.getMessage().contains("expected IDX magic 00 00 08 03, found 68 65 6c 6c"), e1.getMessage());

        Path labels = TestFiles.idx(dir.resolve("labels"), new byte[] {1, 2}, false, 2);
        var e2 = assertThrows(DataFileException.class, () -> IdxReader.readImages(labels));
        assertTrue(e2.getMessage().contains("expected an image file (rank 3") && e2.getMessage().contains("found rank 1"),
                e2.getMessage());

        byte[] extra = Arrays.copyOf(pixels(), 20);
        Path longer = TestFiles.idx(dir.resolve("longer"), extra, false, 3, 2, 3);
        var e3 = assertThrows(DataFileException.class, () -> IdxReader.readImages(longer));
        assertTrue(e3.getMessage().contains("offset 34") && e3.getMessage().contains("more data"), e3.getMessage());
    }

    @Test
    void sizesWhoseProductOverflowsAreRefusedBeforeReading() throws IOException {
        // 262155 x 370151440 x 269488144 overflows a long to a small count (a fuzzing finding)
        Path f = TestFiles.idx(dir.resolve("huge"), new byte[64], false, 262155, 370151440, 269488144);
        var e = assertThrows(DataFileException.class, () -> IdxReader.readImages(f));
        assertTrue(e.getMessage().contains("header: expected sizes whose product is at most 2147483631 (what one tensor"
                + " holds), found 262155 x 370151440 x 269488144 (a corrupt header?)"), e.getMessage());
        // no tensor has these sizes either, although it would hold no values
        Path empty = TestFiles.idx(dir.resolve("empty"), new byte[0], false, 0, Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertThrows(DataFileException.class, () -> IdxReader.readImages(empty));
        Path none = TestFiles.idx(dir.resolve("none"), new byte[0], false, 0, 28, 28);
        assertEquals(0, IdxReader.readImages(none).numel());
    }
}
