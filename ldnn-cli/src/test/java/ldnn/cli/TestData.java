package ldnn.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small data files written by the tests themselves: CSV, IDX, PNG folders, .npy/.npz, text. */
final class TestData {
    private TestData() {
    }

    static final String[] CLASSES = {"red", "green", "blue"};

    /** Three Gaussian clusters in 4 dimensions, label names in the last column, with a header. */
    static Path csv(Path dir, int rows) throws IOException {
        Random r = new Random(7);
        double[][] centers = {{0, 0, 0, 0}, {3, 3, 0, 0}, {0, 3, 3, 3}};
        StringBuilder sb = new StringBuilder("a,b,c,d,colour\n");
        for (int i = 0; i < rows; i++) {
            int k = r.nextInt(3);
            for (double c : centers[k]) {
                sb.append(String.format(java.util.Locale.ROOT, "%.3f,", c + r.nextGaussian()));
            }
            sb.append(CLASSES[k]).append('\n');
        }
        Path f = dir.resolve("blobs.csv");
        Files.writeString(f, sb);
        return f;
    }

    /** An 8x8 gray image of class k: a bright 3x3 block in one of three places, plus noise. */
    static byte[] image(int k, Random r) {
        byte[] px = new byte[64];
        for (int i = 0; i < 64; i++) {
            px[i] = (byte) r.nextInt(40);
        }
        int y0 = 1 + 2 * k, x0 = 5 - 2 * k;
        for (int y = y0; y < y0 + 3; y++) {
            for (int x = x0; x < x0 + 3; x++) {
                px[y * 8 + x] = (byte) (200 + r.nextInt(55));
            }
        }
        return px;
    }

    /** A folder with train-/t10k- IDX pairs of 8x8 images in 3 classes. */
    static Path idxFolder(Path dir, int train, int test) throws IOException {
        Path d = Files.createDirectories(dir.resolve("idx"));
        Random r = new Random(3);
        writeIdx(d, "train", train, r);
        writeIdx(d, "t10k", test, r);
        return d;
    }

    private static void writeIdx(Path d, String prefix, int n, Random r) throws IOException {
        ByteBuffer images = ByteBuffer.allocate(16 + 64 * n).putInt(0x803).putInt(n).putInt(8).putInt(8);
        ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(3);
            images.put(image(k, r));
            labels.put((byte) k);
        }
        Files.write(d.resolve(prefix + "-images-idx3-ubyte"), images.array());
        Files.write(d.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
    }

    /** One subfolder of 8x8 gray PNGs per class. */
    static Path imageFolder(Path dir, int perClass) throws IOException {
        Path root = dir.resolve("images");
        Random r = new Random(5);
        for (int k = 0; k < CLASSES.length; k++) {
            Path c = Files.createDirectories(root.resolve(CLASSES[k]));
            for (int i = 0; i < perClass; i++) {
                png(c.resolve(String.format("%03d.png", i)), image(k, r), 8, 8);
            }
        }
        return root;
    }

    static void png(Path f, byte[] gray, int h, int w) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, w, h, gray);
        ImageIO.write(img, "png", f.toFile());
    }

    /** A .npy file of float32 values (C order). */
    static void npy(Path f, float[] values, int... shape) throws IOException {
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write(npyBytes(values, shape));
        }
    }

    /** An .npz archive with x (float32) and y (int32 labels), as np.savez writes it. */
    static void npz(Path f, float[] x, int[] xShape, int[] y) throws IOException {
        ldnn.data.NpzWriter.write(f, x, xShape, y);
    }

    private static byte[] npyBytes(float[] values, int[] shape) {
        return ldnn.data.NpzWriter.npy(values, shape);
    }

    /** A short repetitive English text for a character model. */
    static Path text(Path dir) throws IOException {
        String s = "the quick brown fox jumps over the lazy dog. a stitch in time saves nine. ";
        Path f = dir.resolve("tiny.txt");
        Files.writeString(f, s.repeat(40));
        return f;
    }
}
