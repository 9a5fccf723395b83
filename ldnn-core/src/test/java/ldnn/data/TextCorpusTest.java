package ldnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCorpusTest {
    @TempDir
    Path dir;

    @Test
    void vocabularyIsTheSortedDistinctCharactersAndEncodingRoundTrips() throws IOException {
        Path f = Files.writeString(dir.resolve("t.txt"), "banana é\n");
        TextCorpus c = TextCorpus.read(f);
        assertArrayEquals("\n abné".codePoints().toArray(), c.vocabulary());
        assertArrayEquals(new int[] {3, 2, 4, 2, 4, 2, 1, 5, 0}, c.ids());
        assertEquals("banana é\n", c.decode(c.ids()));
        assertArrayEquals(new int[] {4, 2}, c.encode("na"));
        var e = assertThrows(IllegalArgumentException.class, () -> c.encode("z"));
        assertTrue(e.getMessage().contains("'z'") && e.getMessage().contains("not in the vocabulary"), e.getMessage());
    }

    @Test
    void invalidUtf8NamesTheByteOffset() throws IOException {
        Path f = Files.write(dir.resolve("bad.txt"), new byte[] {'a', 'b', (byte) 0xC3, 'c'});
        var e = assertThrows(DataFileException.class, () -> TextCorpus.read(f));
        assertTrue(e.getMessage().contains("byte offset 2: expected UTF-8 text, found the invalid byte 0xc3"),
                e.getMessage());
    }

    @Test
    void splitKeepsTheFirstFractionForTraining() {
        TextCorpus c = TextCorpus.of("t", "abcdefghij");
        int[][] s = c.split(0.9);
        assertEquals(9, s[0].length);
        assertArrayEquals(new int[] {9}, s[1]);
    }

    @Test
    void batcherCutsParallelStreamsAndYieldsShiftedWindowsInOrder() {
        int[] ids = new int[26];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        // B = 2 streams of L = 13: stream 0 = 0..12, stream 1 = 13..25; T = 4 -> (13-1)/4 = 3 windows
        TextBatcher b = new TextBatcher(ids, 2, 4);
        assertEquals(13, b.streamLength());
        assertEquals(3, b.windowsPerPass());
        TextBatcher.Window w0 = b.next(), w1 = b.next();
        assertArrayEquals(new int[] {2, 4}, w0.input().shape());
        assertArrayEquals(new int[] {0, 1, 2, 3, 13, 14, 15, 16}, w0.input().data());
        assertArrayEquals(new int[] {1, 2, 3, 4, 14, 15, 16, 17}, w0.target().data());
        assertArrayEquals(new int[] {4, 5, 6, 7, 17, 18, 19, 20}, w1.input().data(), "windows continue each stream");
        TextBatcher.Window w2 = b.next();
        assertArrayEquals(new int[] {9, 10, 11, 12, 22, 23, 24, 25}, w2.target().data());
        TextBatcher.Window again = b.next();
        assertTrue(again.startsPass() && !w1.startsPass());
        assertArrayEquals(w0.input().data(), again.input().data(), "after the last window the pass starts over");
    }

    @Test
    void evaluationWindowsPredictEveryPositionAfterTheFirstOnce() {
        int[] ids = new int[30];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 7;
        }
        TextBatcher b = new TextBatcher(ids, 3, 4);
        List<TextBatcher.Window> ws = b.evaluationWindows();
        int predicted = ws.stream().mapToInt(w -> w.target().numel()).sum();
        assertEquals(3 * (10 - 1), predicted);
        assertArrayEquals(new int[] {3, 1}, ws.get(ws.size() - 1).target().shape());
        assertThrows(IllegalArgumentException.class, () -> new TextBatcher(ids, 10, 3));
    }

    /** The unigram baseline: bits per character of the training text's character frequencies, add-one smoothed. */
    @org.junit.jupiter.api.Test
    void aUnigramModelOfFourEqualCharactersGivesTwoBits() {
        int[] ids = new int[4000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 4;
        }
        org.junit.jupiter.api.Assertions.assertEquals(2.0, TextCorpus.unigramBits(ids, ids, 4), 1e-9);
        int[] skewed = new int[1000];
        skewed[0] = 1; // one 'b' among 999 'a's: nearly nothing to learn
        double bits = TextCorpus.unigramBits(skewed, skewed, 2);
        org.junit.jupiter.api.Assertions.assertTrue(bits > 0.01 && bits < 0.02, "H(0.001) is 0.0114 bits: " + bits);
    }
}
