package ldnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {
    @TempDir
    Path dir;

    /** A grayscale PNG whose pixel (y, x) is base + 10y + x. */
    private Path gray(String cls, String name, int h, int w, int base) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, base + 10 * y + x);
            }
        }
        return save(img, cls, name);
    }

    private Path rgb(String cls, String name, int h, int w, int r, int g, int b) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return save(img, cls, name);
    }

    private Path save(BufferedImage img, String cls, String name) throws IOException {
        Path d = Files.createDirectories(dir.resolve("set").resolve(cls));
        Path f = d.resolve(name);
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    @Test
    void grayscaleFoldersGiveOneChannelExactValuesAndSortedClasses() throws IOException {
        gray("zebra", "b.png", 3, 4, 100);
        gray("zebra", "a.png", 3, 4, 0);
        gray("cat", "x.png", 3, 4, 50);
        Files.writeString(dir.resolve("set/cat/README.txt"), "not an image");
        Dataset d = new ImageFolderReader().read(dir.resolve("set"));
        assertEquals(List.of("cat", "zebra"), d.classNames());
        assertArrayEquals(new int[] {3, 1, 3, 4}, d.x().shape());
        assertArrayEquals(new int[] {0, 1, 1}, d.labels().data());
        Tensor x = d.x();
        assertEquals(50 + 21f, x.get(0, 0, 2, 1));
        assertEquals(0 + 13f, x.get(1, 0, 1, 3), "files in a class are read in name order");
        assertEquals(100 + 23f, x.get(2, 0, 2, 3));
    }

    @Test
    void anyColorImageMakesThreeChannelsAndGrayIsRepeated() throws IOException {
        rgb("red", "r.png", 2, 2, 200, 10, 30);
        gray("gray", "g.png", 2, 2, 5);
        Dataset d = new ImageFolderReader().read(dir.resolve("set"));
        assertArrayEquals(new int[] {2, 3, 2, 2}, d.x().shape());
        assertEquals(List.of("gray", "red"), d.classNames());
        assertEquals(16f, d.x().get(0, 0, 1, 1));
        assertEquals(16f, d.x().get(0, 2, 1, 1));
        assertEquals(200f, d.x().get(1, 0, 0, 0));
        assertEquals(10f, d.x().get(1, 1, 0, 0));
        assertEquals(30f, d.x().get(1, 2, 0, 0));
    }

    @Test
    void aWrongSizedImageIsAnErrorNamingTheFileAndBothSizes() throws IOException {
        gray("a", "1.png", 4, 4, 0);
        Path odd = gray("b", "2.png", 5, 3, 0);
        var e = assertThrows(DataFileException.class, () -> new ImageFolderReader().read(dir.resolve("set")));
        String m = e.getMessage();
        assertTrue(m.startsWith(odd.toString()), m);
        assertTrue(m.contains("expected 4x4") && m.contains("found 5x3") && m.contains("resizeTo"), m);
    }

    @Test
    void resizeToMakesEveryImageTheRequestedSize() throws IOException {
        gray("a", "1.png", 4, 4, 7);
        gray("b", "2.png", 8, 6, 0);
        Dataset d = new ImageFolderReader().resizeTo(4, 4).read(dir.resolve("set"));
        assertArrayEquals(new int[] {2, 1, 4, 4}, d.x().shape());
        assertEquals(7f + 22, d.x().get(0, 0, 2, 2), 1e-4, "an image already of the target size is unchanged");
    }

    @Test
    void undecodableImagesAndEmptyClassFoldersAreErrors() throws IOException {
        gray("a", "1.png", 2, 2, 0);
        Path broken = Files.writeString(dir.resolve("set/a/2.png"), "not really a png");
        var e = assertThrows(DataFileException.class, () -> new ImageFolderReader().read(dir.resolve("set")));
        assertTrue(e.getMessage().startsWith(broken.toString()), e.getMessage());
        Files.delete(broken);
        Files.createDirectories(dir.resolve("set/empty"));
        var e2 = assertThrows(DataFileException.class, () -> new ImageFolderReader().read(dir.resolve("set")));
        assertTrue(e2.getMessage().contains("found none"), e2.getMessage());
    }

    @Test
    void aHeaderClaimingAHugeImageIsRefusedBeforeItsPixelsAreDecoded() throws IOException {
        // (a fuzzing finding, as a PNG) a few bytes claiming 30000x30000 pixels: an OutOfMemoryError before
        Files.createDirectories(dir.resolve("set/a"));
        Path huge = Files.write(dir.resolve("set/a/huge.png"), pngHeader(30000, 30000));
        var e = assertThrows(DataFileException.class, () -> new ImageFolderReader().read(dir.resolve("set")));
        String m = e.getMessage();
        assertTrue(m.startsWith(huge + ": image size: expected at most ") && m.contains("megapixels (what half of the")
                && m.contains("found 30000x30000 (height x width, 900.0 megapixels): shrink the images, or give ldnn"
                + " more memory (LDNN_HEAP)"), m);
    }

    @Test
    void onlyPngAndJpegAreDecodedWhateverTheFileIsCalled() throws IOException {
        // (a fuzzing finding) 75 bytes of BMP, called .png, whose header claims an 805 MB embedded image:
        // ImageIO picks its decoder by content, and the BMP decoder allocated that much before reading
        Files.createDirectories(dir.resolve("set/a"));
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        Path gif = dir.resolve("set/a/x.png");
        ImageIO.write(img, "gif", gif.toFile());
        var e = assertThrows(DataFileException.class, () -> new ImageFolderReader().read(dir.resolve("set")));
        assertTrue(e.getMessage().equals(gif + ": offset 0: expected a PNG or JPEG image, found GIF data (convert it to"
                + " PNG)"), e.getMessage());
    }

    /** A PNG signature and IHDR chunk (8-bit gray) of the given size, with no pixel data. */
    private static byte[] pngHeader(int w, int h) {
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17).put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(ihdr.array());
        return java.nio.ByteBuffer.allocate(8 + 4 + 17 + 4).put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue()).array();
    }
}
