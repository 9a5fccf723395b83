package ldnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loads the real data sets where Debian's packages are installed; skipped elsewhere. */
class RealDataTest {
    private static final Path DEBIAN = Path.of("/usr/share/datasets");

    @Test
    void fashionMnistFromTheDebianPackageHas60kTrainAnd10kTestWithTenBalancedClasses() {
        assumeTrue(Files.isRegularFile(DEBIAN.resolve("fashion-mnist/train-images-idx3-ubyte.gz")),
                "dataset-fashion-mnist is not installed");
        NamedDatasets.Loaded d = new NamedDatasets(new DataLocator(List.of(DEBIAN), null, null)).load("fashion-mnist");
        assertEquals(60000, d.train().size());
        assertEquals(10000, d.test().size());
        assertEquals(10, d.classNames().size());
        int[] counts = new int[10];
        for (int y : d.train().labels().data()) {
            assertTrue(y >= 0 && y < 10, "label " + y);
            counts[y]++;
        }
        for (int c : counts) {
            assertEquals(6000, c, "Fashion-MNIST has 6000 training images per class");
        }
        float max = 0;
        for (float v : d.test().x().data()) {
            max = Math.max(max, v);
        }
        assertEquals(255f, max, "pixels are unscaled 0..255");
    }

    @Test
    void kjvFromTheBibleProgramStartsWithGenesisWithoutReferences() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/bible")), "bible-kjv is not installed");
        TextCorpus c = new NamedDatasets(new DataLocator(List.of(), null, null)).loadText("kjv");
        String head = c.decode(java.util.Arrays.copyOf(c.ids(), 60));
        assertTrue(head.startsWith("In the beginning God created the heaven and the earth.\nAnd"), head);
        assertTrue(c.length() > 4_000_000, "whole Bible: " + c.length() + " characters");
    }
}
