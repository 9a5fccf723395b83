package ldnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import ldnn.data.CsvReader;
import ldnn.data.DataFileException;
import ldnn.data.Dataset;
import ldnn.data.IdxReader;
import ldnn.data.NpyArray;
import ldnn.data.NpyReader;
import ldnn.data.NpzReader;
import ldnn.tensor.Tensor;

/**
 * The inputs of `ldnn predict`, checked against the model's input shape: a CSV of feature rows (a
 * label column, if there is one, is ignored), a .npy array (or the 'x' array of an .npz), an IDX
 * image file (or a folder holding one), or PNG/JPEG images (one file, or every image in a folder and
 * its subfolders). Each example gets an id: its row index (from 0) or its file name.
 */
final class PredictInputs {
    record Inputs(List<String> ids, Tensor x) {
    }

    private PredictInputs() {
    }

    /** The inputs of {@code in}, refused when a value is NaN or infinite (it would predict nonsense silently). */
    static Inputs read(Path in, int[] shape) {
        Inputs r = readAny(in, shape);
        Tensor x = r.x();
        float[] v = x.isContiguous() ? x.data() : x.toArray(); // scanned in place, not copied
        int off = x.isContiguous() ? x.offset() : 0, n = x.numel();
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(v[off + i])) {
                int per = n / Math.max(1, r.ids().size());
                throw new IllegalArgumentException(in + ": input " + r.ids().get(i / Math.max(1, per)) + " holds "
                        + v[off + i] + " (value " + (i % Math.max(1, per)) + "): expected finite numbers; fix or drop it");
            }
        }
        return r;
    }

    private static Inputs readAny(Path in, int[] shape) {
        if (!Files.exists(in)) {
            throw new IllegalArgumentException(in + ": no such file or folder");
        }
        String n = in.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(in)) {
            List<Path> idx = list(in, 1).stream().filter(PredictInputs::isIdxImages).toList();
            if (!idx.isEmpty()) {
                Path f = idx.stream().filter(p -> p.getFileName().toString().matches("(?i)(t10k|test).*")).findFirst()
                        .orElse(idx.get(0));
                return rows(f.toString(), IdxReader.readImages(f), shape);
            }
            List<Path> images = list(in, 2).stream().filter(PredictInputs::isImage).toList();
            if (images.isEmpty()) {
                throw new DataFileException(in, "expected PNG/JPEG images or an IDX image file in this folder, found none");
            }
            return images(in, images, shape);
        }
        if (isImage(in)) {
            return images(in.getParent() == null ? Path.of(".") : in.getParent(), List.of(in), shape);
        }
        if (isIdxImages(in)) {
            return rows(in.toString(), IdxReader.readImages(in), shape);
        }
        if (n.endsWith(".npy")) {
            return array(in.toString(), NpyReader.read(in), shape);
        }
        if (n.endsWith(".npz")) {
            Map<String, NpyArray> arrays = NpzReader.read(in);
            NpyArray x = arrays.containsKey("x") ? arrays.get("x") : arrays.size() == 1 ? arrays.values().iterator().next() : null;
            if (x == null) {
                throw new DataFileException(in, "expected an array 'x' (the inputs), found " + arrays.keySet());
            }
            return array(in + " entry 'x'", x, shape);
        }
        if (n.endsWith(".csv") || n.endsWith(".tsv")) {
            return csv(in, n.endsWith(".tsv") ? Character.valueOf('\t') : null, shape);
        }
        throw new DataFileException(in, "expected .csv, .tsv, .npy, .npz, .png, .jpg, an IDX image file, or a folder;"
                + " found an unsupported file type");
    }

    /** CSV rows of features; the delimiter is detected (',', ';' or tab) unless given. */
    private static Inputs csv(Path in, Character delimiter, int[] shape) {
        if (shape.length != 1) {
            throw new IllegalArgumentException(in + ": the model takes inputs of shape " + Arrays.toString(shape)
                    + ", not CSV rows of features");
        }
        Dataset d = reader(delimiter).read(in).dataset();
        int features = d.exampleShape()[0];
        Tensor x = d.x();
        if (features + 1 == shape[0]) {
            // no label column: the last column is a feature too
            Dataset all = reader(delimiter).regression(true).read(in).dataset();
            x = Tensor.concat(List.of(all.x(), all.targets()), 1);
        } else if (features != shape[0]) {
            throw new DataFileException(in, "expected rows of " + shape[0] + " features (the model's input), or "
                    + shape[0] + " features and a label, found " + (features + 1) + " columns");
        }
        return rows(in.toString(), x, shape);
    }

    private static CsvReader reader(Character delimiter) {
        CsvReader r = new CsvReader();
        return delimiter == null ? r : r.delimiter(delimiter);
    }

    private static Inputs array(String source, NpyArray a, int[] shape) {
        int[] s = a.shape();
        Tensor x = a.toTensor();
        if (Arrays.equals(s, shape)) {
            int[] one = new int[shape.length + 1];
            one[0] = 1;
            System.arraycopy(shape, 0, one, 1, shape.length);
            x = x.reshape(one);
        }
        return rows(source, x, shape);
    }

    private static Inputs rows(String source, Tensor x, int[] shape) {
        int[] s = x.shape();
        if (s.length != shape.length + 1 || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), shape)) {
            throw new IllegalArgumentException(source + ": expected an array of shape [n, " + join(shape)
                    + "] (examples of the model's input shape " + Arrays.toString(shape) + "), found "
                    + Arrays.toString(s));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < s[0]; i++) {
            ids.add(String.valueOf(i));
        }
        return new Inputs(ids, x);
    }

    private static Inputs images(Path root, List<Path> files, int[] shape) {
        if (shape.length != 3) {
            throw new IllegalArgumentException(root + ": the model takes inputs of shape " + Arrays.toString(shape)
                    + ", not images");
        }
        int c = shape[0], h = shape[1], w = shape[2], plane = h * w;
        float[] x = new float[files.size() * c * plane];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            Decoded img = decode(f);
            float[][] channels = img.channels();
            int fh = img.h(), fw = img.w();
            if (fh != h || fw != w || (channels.length == 3 && c == 1)) {
                throw new IllegalArgumentException(f + ": expected a " + h + "x" + w + " (height x width) image with "
                        + c + (c == 1 ? " channel" : " channels") + " (the model's input " + Arrays.toString(shape)
                        + "), found " + fh + "x" + fw + " with " + channels.length + (channels.length == 1 ? " channel" : " channels"));
            }
            for (int ch = 0; ch < c; ch++) {
                System.arraycopy(channels[channels.length == 1 ? 0 : ch], 0, x, (i * c + ch) * plane, plane);
            }
            ids.add(root.relativize(f).toString());
        }
        return new Inputs(ids, Tensor.of(x, files.size(), c, h, w));
    }

    private record Decoded(int h, int w, float[][] channels) {
    }

    /** Planar channels 0..255, decoded as the image-folder reader does (format and size checked first). */
    private static Decoded decode(Path f) {
        ldnn.data.ImageFolderReader.Image img = ldnn.data.ImageFolderReader.decodeFile(f);
        int plane = img.height() * img.width();
        float[][] channels = new float[img.channels()][];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = java.util.Arrays.copyOfRange(img.pixels(), c * plane, (c + 1) * plane);
        }
        return new Decoded(img.height(), img.width(), channels);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
    }

    private static boolean isIdxImages(Path p) {
        return Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).contains("idx3");
    }

    private static List<Path> list(Path dir, int depth) {
        try (Stream<Path> s = Files.walk(dir, depth)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new DataFileException(dir, "cannot list folder: " + e, e);
        }
    }

    private static String join(int[] a) {
        return String.join(", ", Arrays.stream(a).mapToObj(String::valueOf).toList());
    }
}
