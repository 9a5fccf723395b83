package ldnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening data by path, as `ldnn train FILE` does: the kind comes from the name, the test set from the data or a seeded hold-out. */
class DataSourceTest {
    @TempDir
    Path dir;

    private static final DataSource.Options DEFAULTS = DataSource.Options.defaults();

    /** 20 rows of two features with the label in the column named "y" (first) or last. */
    private Path csv(String name, char sep, boolean labelFirst) throws IOException {
        StringBuilder s = new StringBuilder(labelFirst ? "y" + sep + "a" + sep + "b\n" : "a" + sep + "b" + sep + "y\n");
        for (int i = 0; i < 20; i++) {
            String features = i + "" + sep + (i * 0.5);
            s.append(labelFirst ? (i % 2) + "" + sep + features : features + sep + (i % 2)).append('\n');
        }
        return Files.writeString(dir.resolve(name), s);
    }

    @Test
    void aCsvFileIsVectorsWithASeededFractionHeldOut() throws IOException {
        Path f = csv("points.csv", ',', false);
        DataSource d = DataSource.open(f.toString(), new DataSource.Options(0.2, 7, null));
        assertEquals("points", d.name());
        assertEquals(DataSource.Kind.VECTORS, d.kind());
        assertFalse(d.isText());
        assertEquals(16, d.train().size());
        assertEquals(4, d.test().size());
        assertArrayEquals(new int[] {2}, d.train().exampleShape());
        assertEquals(List.of("0", "1"), d.classNames());
        assertEquals("20% of points.csv held out (4 examples, seed 7)", d.testNote());
        assertEquals("points: 20 examples of shape [2], 2 classes; test: " + d.testNote(), d.describe());

        DataSource same = DataSource.open(f, new DataSource.Options(0.2, 7, null));
        assertArrayEquals(d.test().x().toArray(), same.test().x().toArray(), "a Path opens as its name does");
        DataSource other = DataSource.open(f, new DataSource.Options(0.2, 8, null));
        assertFalse(java.util.Arrays.equals(d.test().x().toArray(), other.test().x().toArray()), "the seed picks the test rows");
    }

    @Test
    void aTsvFileTakesItsLabelColumnByNameOrIndex() throws IOException {
        Path f = csv("points.tsv", '\t', true);
        for (String label : new String[] {"y", "0"}) {
            DataSource d = DataSource.open(f, new DataSource.Options(0.25, 1, label));
            assertEquals(DataSource.Kind.VECTORS, d.kind());
            assertEquals(15, d.train().size());
            assertArrayEquals(new int[] {2}, d.train().exampleShape(), "label column " + label + " is not a feature");
            assertEquals(2, d.classNames().size());
        }
        assertEquals(20, DataSource.readAll(f.toString(), "y").size(), "readAll keeps every example");
    }

    @Test
    void anNpzFileIsVectorsOrImagesByTheRankOfX() throws IOException {
        float[] flat = new float[10 * 4];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = i;
        }
        byte[] y = TestFiles.longs(0, 1, 2, 0, 1, 2, 0, 1, 2, 0);
        Map<String, byte[]> vectors = new LinkedHashMap<>();
        vectors.put("x", TestFiles.npy("<f4", false, "(10, 4)", TestFiles.floats(ByteOrder.LITTLE_ENDIAN, flat), 1));
        vectors.put("y", TestFiles.npy("<i8", false, "(10,)", y, 1));
        DataSource v = DataSource.open(TestFiles.npz(dir.resolve("v.npz"), vectors, false), DEFAULTS);
        assertEquals(DataSource.Kind.VECTORS, v.kind());
        assertEquals(9, v.train().size());
        assertEquals(1, v.test().size());
        assertEquals(List.of("0", "1", "2"), v.classNames());

        Map<String, byte[]> images = new LinkedHashMap<>(vectors);
        images.put("x", TestFiles.npy("<f4", false, "(10, 1, 2, 2)", TestFiles.floats(ByteOrder.LITTLE_ENDIAN, flat), 1));
        DataSource i = DataSource.open(TestFiles.npz(dir.resolve("i.npz"), images, true), DEFAULTS);
        assertEquals(DataSource.Kind.IMAGES, i.kind());
        assertArrayEquals(new int[] {1, 2, 2}, i.train().exampleShape());

        Map<String, byte[]> unnamed = Map.of("a", vectors.get("x"), "b", vectors.get("y"));
        var e = assertThrows(DataFileException.class,
                () -> DataSource.open(TestFiles.npz(dir.resolve("ab.npz"), unnamed, false), DEFAULTS));
        assertTrue(e.getMessage().contains("expected arrays 'x' (inputs) and 'y' (labels)"), e.getMessage());
    }

    @Test
    void aFolderOfClassSubfoldersIsImages() throws IOException {
        for (String cls : new String[] {"cat", "dog"}) {
            Path d = Files.createDirectories(dir.resolve("pets").resolve(cls));
            for (int k = 0; k < 5; k++) {
                BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
                img.getRaster().setSample(0, 0, 0, 10 * k);
                ImageIO.write(img, "png", d.resolve(k + ".png").toFile());
            }
        }
        DataSource d = DataSource.open(dir.resolve("pets"), new DataSource.Options(0.2, 1, null));
        assertEquals(DataSource.Kind.IMAGES, d.kind());
        assertEquals(List.of("cat", "dog"), d.classNames());
        assertArrayEquals(new int[] {1, 2, 3}, d.train().exampleShape());
        assertEquals(8, d.train().size());
        assertEquals(2, d.test().size());
    }

    @Test
    void aFolderOfIdxPairsBringsItsTestSet() throws IOException {
        Path mnist = Files.createDirectories(dir.resolve("digits"));
        TestFiles.idx(mnist.resolve("train-images-idx3-ubyte.gz"), new byte[6 * 4], true, 6, 2, 2);
        TestFiles.idx(mnist.resolve("train-labels-idx1-ubyte.gz"), new byte[] {0, 1, 2, 0, 1, 2}, true, 6);
        TestFiles.idx(mnist.resolve("t10k-images-idx3-ubyte"), new byte[3 * 4], false, 3, 2, 2);
        TestFiles.idx(mnist.resolve("t10k-labels-idx1-ubyte"), new byte[] {2, 1, 0}, false, 3);
        DataSource d = DataSource.open(mnist.toString(), DEFAULTS);
        assertEquals("digits", d.name());
        assertEquals(DataSource.Kind.IMAGES, d.kind());
        assertEquals(6, d.train().size());
        assertEquals(3, d.test().size());
        assertEquals("the test files t10k-images-idx3-ubyte (3 examples)", d.testNote());
        assertArrayEquals(new int[] {2, 1, 0}, DataSource.readAll(mnist.toString(), null).labels().data(),
                "readAll of a folder is its test pair");

        Files.writeString(mnist.resolve("extra-images-idx3-ubyte"), "");
        var e = assertThrows(DataFileException.class, () -> DataSource.open(mnist, DEFAULTS));
        assertTrue(e.getMessage().contains("extra-images-idx3-ubyte without its labels file"), e.getMessage());
    }

    @Test
    void aTxtFileIsATextWhoseLastPartIsTheTest() throws IOException {
        Path f = Files.writeString(dir.resolve("poem.txt"), "abcdefghij".repeat(10));
        assertTrue(DataSource.isText(f.toString()));
        DataSource d = DataSource.open(f.toString(), DEFAULTS);
        assertEquals(DataSource.Kind.TEXT, d.kind());
        assertTrue(d.isText());
        assertNull(d.train());
        assertEquals(10, d.corpus().vocabularySize());
        assertEquals(90, d.trainIds().length);
        assertEquals(10, d.testIds().length);
        assertEquals("the last 10% of the text (10 characters)", d.testNote());
        assertEquals(100, DataSource.readText(f.toString()).length());
    }

    @Test
    void namesAndMistakesAreToldApart() throws IOException {
        assertTrue(DataSource.isNamed("mnist"));
        assertTrue(DataSource.isText("kjv"));
        assertEquals("fashion-mnist", DataSource.shortName("fashion-mnist"));
        assertEquals("my_data", DataSource.shortName("some/dir/my data.v2.csv"));

        var missing = assertThrows(IllegalArgumentException.class, () -> DataSource.open("no-such.csv", DEFAULTS));
        assertTrue(missing.getMessage().startsWith("'no-such.csv': no such file or folder, and not a named data set (known: "),
                missing.getMessage());
        Path npy = Files.write(dir.resolve("x.npy"), new byte[0]);
        var one = assertThrows(DataFileException.class, () -> DataSource.open(npy, DEFAULTS));
        assertTrue(one.getMessage().contains("save both in an .npz with np.savez(file, x=X, y=Y)"), one.getMessage());
        Path bin = Files.write(dir.resolve("x.bin"), new byte[0]);
        var other = assertThrows(DataFileException.class, () -> DataSource.open(bin, DEFAULTS));
        assertTrue(other.getMessage().contains("expected .csv, .tsv, .npz, .txt, or a folder"), other.getMessage());
        Path two = Files.writeString(dir.resolve("two.csv"), "a,y\n1,0\n2,1\n");
        var few = assertThrows(IllegalArgumentException.class, () -> DataSource.open(two, DEFAULTS));
        assertTrue(few.getMessage().contains("2 examples are too few to hold out 0.1 of them"), few.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DataSource.Options(1, 1, null));
    }
}
