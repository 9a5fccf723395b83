package ldnn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import ldnn.tensor.IntTensor;

/**
 * What kind of data a file or folder holds, and its reader (see {@link DataSource}): CSV/TSV and .npz
 * files of labelled vectors or images, folders of IDX files or of class subfolders of images, .txt texts.
 */
final class DataFiles {
    private DataFiles() {
    }

    static boolean isText(Path p) {
        return p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt");
    }

    /** Every labelled example of a .csv, .tsv or .npz file (labelColumn: a CSV column's name or index, or null). */
    static Dataset read(Path p, String labelColumn, Character delimiter) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv") || n.endsWith(".tsv")) {
            CsvReader r = new CsvReader(); // a .csv's delimiter (',', ';' or tab) is detected
            if (delimiter != null) {
                r.delimiter(delimiter);
            } else if (n.endsWith(".tsv")) {
                r.delimiter('\t');
            }
            if (labelColumn != null) {
                if (labelColumn.matches("-?\\d+")) {
                    r.labelColumn(Integer.parseInt(labelColumn));
                } else {
                    r.labelColumn(labelColumn);
                }
            }
            return r.read(p).dataset();
        }
        if (n.endsWith(".npz")) {
            return npz(p);
        }
        if (n.endsWith(".npy")) {
            throw new DataFileException(p, "a .npy file holds one array, but training needs inputs and labels: save both"
                    + " in an .npz with np.savez(file, x=X, y=Y)");
        }
        throw new DataFileException(p, "expected .csv, .tsv, .npz, .txt, or a folder (images in class subfolders, or"
                + " IDX files); found an unsupported file type");
    }

    /** Arrays x [n, ...] (inputs) and y [n] (integer class labels), as np.savez(f, x=X, y=Y) writes them. */
    private static Dataset npz(Path p) {
        Map<String, NpyArray> arrays = NpzReader.read(p);
        NpyArray x = arrays.get("x"), y = arrays.get("y");
        if (x == null || y == null) {
            throw new DataFileException(p, "expected arrays 'x' (inputs) and 'y' (labels), found " + arrays.keySet()
                    + " (write it with np.savez(file, x=X, y=Y))");
        }
        if (y.shape().length != 1 || x.shape().length < 2 || x.shape()[0] != y.shape()[0]) {
            throw new DataFileException(p, "expected x of shape [n, ...] and y of shape [n], found x "
                    + Arrays.toString(x.shape()) + " and y " + Arrays.toString(y.shape()));
        }
        IntTensor labels;
        try {
            labels = y.toIntTensor();
        } catch (RuntimeException e) {
            throw new DataFileException(p, "expected integer class labels in 'y', found " + y.dtype()
                    + " values that are not whole numbers (regression targets are not supported by the CLI yet)");
        }
        return Dataset.classification(p.getFileName().toString(), x.toTensor(), labels, List.of());
    }

    /** One IDX images/labels pair as a dataset. */
    static Dataset idx(String name, Path[] pair) {
        return IdxReader.readDataset(name, pair[0], pair[1], List.of());
    }

    private static final Pattern IDX = Pattern.compile("(?i)(.*?)[-_.]?(images|labels)[-_.]idx([13])[-_.]ubyte(\\.gz)?");

    /** IDX image/label files of a folder, paired by their prefix (e.g. "train", "t10k"): prefix to {images, labels}. */
    static Map<String, Path[]> idxPairs(Path dir) {
        Map<String, Path[]> pairs = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.sorted().toList()) {
                Matcher m = IDX.matcher(f.getFileName().toString());
                if (m.matches()) {
                    pairs.computeIfAbsent(m.group(1).toLowerCase(Locale.ROOT), k -> new Path[2])
                            [m.group(2).equalsIgnoreCase("images") ? 0 : 1] = f;
                }
            }
        } catch (IOException e) {
            throw new DataFileException(dir, "cannot list folder: " + e, e);
        }
        for (Map.Entry<String, Path[]> e : pairs.entrySet()) {
            Path[] pr = e.getValue();
            if (pr[0] == null || pr[1] == null) {
                Path have = pr[0] != null ? pr[0] : pr[1];
                throw new DataFileException(dir, "expected IDX files in pairs (images and labels), found "
                        + have.getFileName() + " without its " + (pr[0] == null ? "images" : "labels") + " file");
            }
        }
        return pairs;
    }

    /** The first pair whose prefix starts with one of the prefixes (tried in order), or null. */
    static Path[] find(Map<String, Path[]> pairs, String... prefixes) {
        for (String p : prefixes) {
            for (Map.Entry<String, Path[]> e : pairs.entrySet()) {
                if (e.getKey().startsWith(p)) {
                    return e.getValue();
                }
            }
        }
        return null;
    }
}
