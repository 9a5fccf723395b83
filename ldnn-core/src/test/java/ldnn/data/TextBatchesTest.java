package ldnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A text's windows as trainer batches: streams in order, labels shifted by one, every position evaluated once. */
class TextBatchesTest {
    static int[] ids(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i % 7;
        }
        return a;
    }

    static List<Batch> epoch(BatchSource s, int e) {
        List<Batch> out = new ArrayList<>();
        try (BatchSource.Batches b = s.epoch(e)) {
            b.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void trainingWindowsContinueEachStreamAndRepeatEveryEpoch() {
        int[] text = new int[100];
        for (int i = 0; i < text.length; i++) {
            text[i] = i;
        }
        TextBatches s = TextBatches.training("t", text, 4, 6); // streams of 25: windows at 0, 6, 12, 18
        List<Batch> e0 = epoch(s, 0);
        assertEquals(4, e0.size());
        assertEquals(16, s.examples());
        Batch b1 = e0.get(1);
        assertArrayEquals(new int[] {4, 6}, b1.x().shape());
        // stream 2 starts at id 50; window 1 is positions 6..11 of it, the labels are the next ids
        assertArrayEquals(new float[] {56, 57, 58, 59, 60, 61}, java.util.Arrays.copyOfRange(b1.x().toArray(), 12, 18));
        assertArrayEquals(new int[] {57, 58, 59, 60, 61, 62}, java.util.Arrays.copyOfRange(b1.labels().data(), 12, 18));
        assertArrayEquals(e0.get(3).x().toArray(), epoch(s, 5).get(3).x().toArray(), "every pass is the same");
    }

    @Test
    void evaluationPredictsEveryPositionOnceWithFewerStreamsForShortTexts() {
        TextBatches s = TextBatches.evaluation("test", ids(50), 64, 10);
        assertEquals(4, s.streams(), "50 characters hold only 4 streams of 11");
        long predicted = epoch(s, 0).stream().mapToLong(b -> b.labels().numel()).sum();
        assertEquals(s.characters(), predicted);
        assertEquals(4 * 11, predicted, "streams of 12 predict 11 positions each");
        assertEquals(s.examples(), epoch(s, 0).stream().mapToLong(Batch::size).sum());
    }

    @Test
    void tooShortATextIsAClearError() {
        Exception e = assertThrows(IllegalArgumentException.class, () -> TextBatches.training("tiny.txt", ids(30), 8, 10));
        assertTrue(e.getMessage().contains("tiny.txt") && e.getMessage().contains("--seq-len"), e.getMessage());
    }
}
