package ldnn.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/** Small data files for the Spark tests. */
final class SparkData {
    private SparkData() {
    }

    static final String[] CLASSES = {"red", "green", "blue"};

    /** Three Gaussian clusters in 4 dimensions, label names in the last column, with a header. */
    static Path csv(Path dir, int rows) throws IOException {
        Random r = new Random(7);
        double[][] centers = {{0, 0, 0, 0}, {2, 2, 0, 0}, {0, 2, 2, 2}};
        StringBuilder sb = new StringBuilder("a,b,c,d,colour\n");
        for (int i = 0; i < rows; i++) {
            int k = r.nextInt(3);
            for (double c : centers[k]) {
                sb.append(String.format(Locale.ROOT, "%.3f,", c + r.nextGaussian()));
            }
            sb.append(CLASSES[k]).append('\n');
        }
        Path f = dir.resolve("blobs.csv");
        Files.writeString(f, sb);
        return f;
    }
}
