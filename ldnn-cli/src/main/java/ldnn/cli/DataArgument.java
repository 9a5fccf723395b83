package ldnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import ldnn.data.CsvReader;
import ldnn.data.DataFileException;
import ldnn.data.Dataset;
import ldnn.data.IdxReader;
import ldnn.data.ImageFolderReader;
import ldnn.data.NamedDatasets;
import ldnn.data.NpyArray;
import ldnn.data.NpzReader;
import ldnn.data.TextCorpus;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Rng;

/**
 * A data argument: a named data set (fashion-mnist, mnist, kjv) or a file or folder.
 * <pre>
 * data.csv / data.tsv   numeric columns; the label column is the last unless --label says otherwise
 * data.npz              arrays x [n, ...] (inputs) and y [n] (integer class labels): np.savez(f, x=X, y=Y)
 * folder/               one subfolder per class with PNG/JPEG images, or IDX files (train-/t10k- pairs)
 * text.txt              a UTF-8 text for a character language model
 * </pre>
 * Named data sets bring their test sets; a file gets a seeded fraction held out as its test set.
 */
final class DataArgument {
    enum Kind { VECTORS, IMAGES, TEXT }

    /** Train and test parts: labelled sets, or for text the id streams of one corpus. */
    record Loaded(String name, Kind kind, Dataset train, Dataset test, String testNote, TextCorpus corpus,
                  int[] trainIds, int[] testIds) {
        boolean isText() {
            return kind == Kind.TEXT;
        }

        /** The class names (for sets without names: "0".."k-1"). */
        List<String> classNames() {
            return DataArgument.classNames(train, test);
        }

        String describe() {
            if (isText()) {
                return corpus.name() + ": " + corpus.length() + " characters, vocabulary of "
                        + corpus.vocabularySize() + "; test: " + testNote;
            }
            return name + ": " + (train.size() + test.size()) + " examples of shape "
                    + Arrays.toString(train.exampleShape()) + ", " + classNames().size() + " classes; test: " + testNote;
        }
    }

    private DataArgument() {
    }

    /** Loads a data set for training: its own test set, or a seeded fraction held out. */
    static Loaded load(String arg, double testFraction, long seed, String labelColumn) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be in (0, 1), got " + testFraction);
        }
        String name = shortName(arg);
        if (isNamed(arg)) {
            if (NamedDatasets.isText(arg)) {
                return text(name, NamedDatasets.standard().loadText(arg), testFraction);
            }
            NamedDatasets.Loaded d = NamedDatasets.standard().load(arg);
            return new Loaded(name, Kind.IMAGES, d.train(), d.test(), "the " + arg + " test set (" + d.test().size()
                    + " examples)", null, null, null);
        }
        Path p = existing(arg);
        if (isTextFile(p)) {
            return text(name, TextCorpus.read(p), testFraction);
        }
        if (Files.isDirectory(p)) {
            Map<String, Path[]> pairs = idxPairs(p);
            if (!pairs.isEmpty()) {
                Path[] train = find(pairs, "train"), test = find(pairs, "t10k", "test");
                if (train != null && test != null) {
                    Dataset tr = IdxReader.readDataset(name + " train", train[0], train[1], List.of());
                    Dataset te = IdxReader.readDataset(name + " test", test[0], test[1], List.of());
                    return new Loaded(name, Kind.IMAGES, tr, te, "the test files " + test[0].getFileName() + " ("
                            + te.size() + " examples)", null, null, null);
                }
                Path[] only = pairs.values().iterator().next();
                return heldOut(name, Kind.IMAGES, IdxReader.readDataset(name, only[0], only[1], List.of()), testFraction, seed);
            }
            return heldOut(name, Kind.IMAGES, new ImageFolderReader().read(p), testFraction, seed);
        }
        Dataset all = readFile(p, labelColumn);
        return heldOut(name, all.x().rank() == 4 ? Kind.IMAGES : Kind.VECTORS, all, testFraction, seed);
    }

    /** Every labelled example of a file or folder (a named data set: its test set), for `ldnn eval`. */
    static Dataset readAll(String arg, String labelColumn) {
        if (isNamed(arg)) {
            return NamedDatasets.standard().load(arg).test();
        }
        Path p = existing(arg);
        if (Files.isDirectory(p)) {
            Map<String, Path[]> pairs = idxPairs(p);
            if (!pairs.isEmpty()) {
                Path[] test = find(pairs, "t10k", "test");
                Path[] pair = test != null ? test : pairs.size() == 1 ? pairs.values().iterator().next() : null;
                if (pair == null) {
                    throw new DataFileException(p, "expected one pair of IDX image/label files (or a t10k-/test- pair), found "
                            + pairs.keySet());
                }
                return IdxReader.readDataset(p.getFileName() + " " + pair[0].getFileName(), pair[0], pair[1], List.of());
            }
            return new ImageFolderReader().read(p);
        }
        return readFile(p, labelColumn);
    }

    /** A text to evaluate a character model on: kjv (its last 10%, the part training held out) or a .txt file. */
    static TextCorpus readText(String arg) {
        if (isNamed(arg)) {
            return NamedDatasets.standard().loadText(arg);
        }
        return TextCorpus.read(existing(arg));
    }

    static boolean isNamed(String arg) {
        return NamedDatasets.names().contains(arg) && !Files.exists(Path.of(arg));
    }

    static boolean isText(String arg) {
        return isNamed(arg) ? NamedDatasets.isText(arg) : isTextFile(Path.of(arg));
    }

    private static boolean isTextFile(Path p) {
        return p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt");
    }

    /** A short name for run folders: the data set name or the file name without its extension. */
    static String shortName(String arg) {
        if (isNamed(arg)) {
            return arg;
        }
        Path f = Path.of(arg).toAbsolutePath().normalize().getFileName();
        String n = f == null ? "data" : f.toString();
        int dot = n.indexOf('.');
        return (dot > 0 ? n.substring(0, dot) : n).replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    static Path existing(String arg) {
        Path p = Path.of(arg);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("'" + arg + "': no such file or folder, and not a named data set (known: "
                    + String.join(", ", NamedDatasets.names()) + ")");
        }
        return p;
    }

    private static Dataset readFile(Path p, String labelColumn) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv") || n.endsWith(".tsv")) {
            CsvReader r = new CsvReader().delimiter(n.endsWith(".tsv") ? '\t' : ',');
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
        if (n.endsWith(".npy")) {
            throw new DataFileException(p, "a .npy file holds one array, but training needs inputs and labels: save both"
                    + " in an .npz with np.savez(file, x=X, y=Y)");
        }
        throw new DataFileException(p, "expected .csv, .tsv, .npz, .txt, or a folder (images in class subfolders, or"
                + " IDX files); found an unsupported file type");
    }

    private static Loaded text(String name, TextCorpus corpus, double testFraction) {
        int[][] parts = corpus.split(1 - testFraction);
        String note = String.format(Locale.ROOT, "the last %.0f%% of the text (%d characters)", 100 * testFraction,
                parts[1].length);
        return new Loaded(name, Kind.TEXT, null, null, note, corpus, parts[0], parts[1]);
    }

    /** Holds out a seeded fraction as the test set. */
    private static Loaded heldOut(String name, Kind kind, Dataset all, double fraction, long seed) {
        int n = all.size(), k = (int) Math.round(n * fraction);
        if (k < 1 || k >= n) {
            throw new IllegalArgumentException(all.name() + ": " + n + " examples are too few to hold out "
                    + fraction + " of them as a test set");
        }
        int[] perm = new Rng(seed * 0x2545F4914F6CDD1DL + 0x7E57).permutation(n);
        int[] test = Arrays.copyOf(perm, k), train = Arrays.copyOfRange(perm, k, n);
        Arrays.sort(test);
        Arrays.sort(train);
        String note = String.format(Locale.ROOT, "%.0f%% of %s held out (%d examples, seed %d)", 100 * fraction,
                all.name(), k, seed);
        return new Loaded(name, kind, all.subset(all.name(), train), all.subset(all.name() + " (test)", test),
                note, null, null, null);
    }

    static List<String> classNames(Dataset... sets) {
        for (Dataset d : sets) {
            if (d != null && !d.classNames().isEmpty()) {
                return d.classNames();
            }
        }
        int k = 0;
        for (Dataset d : sets) {
            if (d != null) {
                k = Math.max(k, d.numClasses());
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add(String.valueOf(c));
        }
        return names;
    }

    private static final Pattern IDX = Pattern.compile("(?i)(.*?)[-_.]?(images|labels)[-_.]idx([13])[-_.]ubyte(\\.gz)?");

    /** IDX image/label files of a folder, paired by their prefix (e.g. "train", "t10k"): prefix to {images, labels}. */
    private static Map<String, Path[]> idxPairs(Path dir) {
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

    private static Path[] find(Map<String, Path[]> pairs, String... prefixes) {
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
