package ldnn.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ldnn.tensor.Rng;

/**
 * Data opened for training, as {@code ldnn train DATA} opens it: a named data set (fashion-mnist, mnist,
 * kjv) or a file or folder, whose kind is told by its name:
 * <pre>
 * data.csv / data.tsv   numeric columns; the label column is the last unless Options.labelColumn says otherwise
 * data.npz              arrays x [n, ...] (inputs) and y [n] (integer class labels): np.savez(f, x=X, y=Y)
 * folder/               one subfolder per class with PNG/JPEG images, or IDX files (train-/t10k- pairs)
 * text.txt              a UTF-8 text for a character language model
 * </pre>
 * Named data sets and IDX train/t10k pairs bring their test sets; otherwise a seeded fraction is held out
 * as the test set (for a text: its last part).
 *
 * <pre>{@code
 * DataSource d = DataSource.open("iris.csv", DataSource.Options.defaults());
 * d.kind();  d.train();  d.test();  d.classNames();  d.testNote();
 * }</pre>
 *
 * @param name     a short name for run folders: the data set's name or the file name without its extension
 * @param train    the labelled training examples (null for text)
 * @param test     the labelled test examples (null for text)
 * @param testNote where the test set came from, e.g. "10% of iris.csv held out (15 examples, seed 1)"
 * @param corpus   the text (null unless TEXT); trainIds and testIds are its two parts as character ids
 */
public record DataSource(String name, Kind kind, Dataset train, Dataset test, String testNote, TextCorpus corpus,
                         int[] trainIds, int[] testIds) {

    /** Its name, kind and test note without the examples (for what describes a run after the data is split). */
    public DataSource withoutExamples() {
        return new DataSource(name, kind, null, null, testNote, null, null, null);
    }

    /** What the data holds: labelled vectors, labelled images ([C, H, W] examples), or a text. */
    public enum Kind {
        /** Feature vectors [n, features] (CSV/TSV, NPZ). */
        VECTORS,
        /** Images [n, C, H, W] (IDX, NPZ, image folders). */
        IMAGES,
        /** A UTF-8 text for a character language model. */
        TEXT
    }

    /**
     * How to open data.
     *
     * @param testFraction the fraction held out as the test set when the data brings none, in (0, 1)
     * @param seed         seeds that hold-out
     * @param labelColumn  a CSV/TSV label column by name or index (digits), or null for the last column
     * @param delimiter    a CSV's delimiter, or null to detect it (',', ';' or tab; tab for a .tsv)
     * @param testFile     a file of the same kind (CSV/TSV or NPZ) as the test set, instead of a held-out
     *                     fraction (null: hold out testFraction)
     */
    public record Options(double testFraction, long seed, String labelColumn, Character delimiter, Path testFile) {
        /** Checks that the test fraction is in (0, 1). */
        public Options {
            if (!(testFraction > 0 && testFraction < 1)) {
                throw new IllegalArgumentException("testFraction must be in (0, 1), got " + testFraction);
            }
        }

        /** Options with the delimiter detected and no separate test file. */
        public Options(double testFraction, long seed, String labelColumn) {
            this(testFraction, seed, labelColumn, null, null);
        }

        /** What {@code ldnn train} uses unless told otherwise: 10% held out with seed 1, the last CSV column. */
        public static Options defaults() {
            return new Options(0.1, 1, null);
        }
    }

    /** Whether the data is a text. */
    public boolean isText() {
        return kind == Kind.TEXT;
    }

    /** The class names (for sets without names: "0".."k-1"). */
    public List<String> classNames() {
        return classNames(train, test);
    }

    /** One line for logs: the size, shape and classes (or characters and vocabulary), and the test set. */
    public String describe() {
        if (isText()) {
            return corpus.name() + ": " + corpus.length() + " characters, vocabulary of "
                    + corpus.vocabularySize() + "; test: " + testNote;
        }
        return name + ": " + (train.size() + test.size()) + " examples of shape "
                + Arrays.toString(train.exampleShape()) + ", " + classNames().size() + " classes; test: " + testNote;
    }

    /** Opens a named data set, or else a file or folder, with its own test set or a seeded fraction held out. */
    public static DataSource open(String nameOrPath, Options o) {
        if (isNamed(nameOrPath)) {
            String name = nameOrPath;
            if (NamedDatasets.isText(name)) {
                return text(name, NamedDatasets.standard().loadText(name), o.testFraction());
            }
            NamedDatasets.Loaded d = NamedDatasets.standard().load(name);
            return new DataSource(name, Kind.IMAGES, d.train(), d.test(), "the " + name + " test set (" + d.test().size()
                    + " examples)", null, null, null);
        }
        return openFile(shortName(nameOrPath), existing(nameOrPath), o);
    }

    /** Opens a file or folder (never a named data set). */
    public static DataSource open(Path path, Options o) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("'" + path + "': no such file or folder");
        }
        return openFile(shortName(path.toString()), path, o);
    }

    private static DataSource openFile(String name, Path p, Options o) {
        if (DataFiles.isText(p)) {
            return text(name, TextCorpus.read(p), o.testFraction());
        }
        if (Files.isDirectory(p)) {
            Map<String, Path[]> pairs = DataFiles.idxPairs(p);
            if (!pairs.isEmpty()) {
                Path[] train = DataFiles.find(pairs, "train"), test = DataFiles.find(pairs, "t10k", "test");
                if (train != null && test != null) {
                    Dataset tr = DataFiles.idx(name + " train", train), te = DataFiles.idx(name + " test", test);
                    return new DataSource(name, Kind.IMAGES, tr, te, "the test files " + test[0].getFileName() + " ("
                            + te.size() + " examples)", null, null, null);
                }
                return heldOut(name, Kind.IMAGES, DataFiles.idx(name, pairs.values().iterator().next()), o);
            }
            return heldOut(name, Kind.IMAGES, new ImageFolderReader().read(p), o);
        }
        Dataset all = DataFiles.read(p, o.labelColumn(), o.delimiter());
        if (o.testFile() != null) { // a given test file: the whole of p trains
            Dataset test = withClassesOf(all, DataFiles.read(existing(o.testFile().toString()), o.labelColumn(),
                    o.delimiter()), o.testFile());
            return new DataSource(name, all.x().rank() == 4 ? Kind.IMAGES : Kind.VECTORS, all, test,
                    "the test file " + o.testFile().getFileName() + " (" + test.size() + " examples)", null, null, null);
        }
        return heldOut(name, all.x().rank() == 4 ? Kind.IMAGES : Kind.VECTORS, all, o);
    }

    /**
     * Every labelled example of a file or folder, for evaluating a trained model on it; a named data set
     * gives its test set, and a folder of several IDX pairs its t10k-/test- pair.
     */
    public static Dataset readAll(String nameOrPath, String labelColumn) {
        return readAll(nameOrPath, labelColumn, null);
    }

    /** {@link #readAll(String, String)} with a CSV delimiter (null: detected). */
    public static Dataset readAll(String nameOrPath, String labelColumn, Character delimiter) {
        if (isNamed(nameOrPath)) {
            return NamedDatasets.standard().load(nameOrPath).test();
        }
        Path p = existing(nameOrPath);
        if (Files.isDirectory(p)) {
            Map<String, Path[]> pairs = DataFiles.idxPairs(p);
            if (!pairs.isEmpty()) {
                Path[] test = DataFiles.find(pairs, "t10k", "test");
                Path[] pair = test != null ? test : pairs.size() == 1 ? pairs.values().iterator().next() : null;
                if (pair == null) {
                    throw new DataFileException(p, "expected one pair of IDX image/label files (or a t10k-/test- pair), found "
                            + pairs.keySet());
                }
                return DataFiles.idx(p.getFileName() + " " + pair[0].getFileName(), pair);
            }
            return new ImageFolderReader().read(p);
        }
        return DataFiles.read(p, labelColumn, delimiter);
    }

    /** A text to evaluate a character model on: a named text (kjv) or a .txt file. */
    public static TextCorpus readText(String nameOrPath) {
        if (isNamed(nameOrPath)) {
            return NamedDatasets.standard().loadText(nameOrPath);
        }
        return TextCorpus.read(existing(nameOrPath));
    }

    /** Whether the argument names a data set (and no file or folder of that name exists). */
    public static boolean isNamed(String nameOrPath) {
        return NamedDatasets.names().contains(nameOrPath) && !Files.exists(Path.of(nameOrPath));
    }

    /** Whether the argument is a text (a named text or a .txt file), told without reading it. */
    public static boolean isText(String nameOrPath) {
        return isNamed(nameOrPath) ? NamedDatasets.isText(nameOrPath) : DataFiles.isText(Path.of(nameOrPath));
    }

    /** A short name for run folders: the data set name or the file name without its extension. */
    public static String shortName(String nameOrPath) {
        if (isNamed(nameOrPath)) {
            return nameOrPath;
        }
        Path f = Path.of(nameOrPath).toAbsolutePath().normalize().getFileName();
        String n = f == null ? "data" : f.toString();
        int dot = n.indexOf('.');
        return (dot > 0 ? n.substring(0, dot) : n).replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static Path existing(String arg) {
        Path p = Path.of(arg);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("'" + arg + "': no such file or folder, and not a named data set (known: "
                    + String.join(", ", NamedDatasets.names()) + ")");
        }
        return p;
    }

    private static DataSource text(String name, TextCorpus corpus, double testFraction) {
        int[][] parts = corpus.split(1 - testFraction);
        String note = String.format(Locale.ROOT, "the last %.0f%% of the text (%d characters)", 100 * testFraction,
                parts[1].length);
        return new DataSource(name, Kind.TEXT, null, null, note, corpus, parts[0], parts[1]);
    }

    /** The test file's labels as indices into the training file's classes (by name when they have names). */
    private static Dataset withClassesOf(Dataset train, Dataset test, Path testFile) {
        if (!Arrays.equals(train.exampleShape(), test.exampleShape())) {
            throw new DataFileException(testFile, "expected examples of shape " + Arrays.toString(train.exampleShape())
                    + " (as in the training file), found " + Arrays.toString(test.exampleShape()));
        }
        if (!train.isClassification() || !test.isClassification()) {
            return test;
        }
        List<String> classes = train.classNames(), theirs = test.classNames();
        int[] y = test.labels().data(), mapped = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            String name = theirs.isEmpty() ? String.valueOf(y[i]) : theirs.get(y[i]);
            int c = classes.isEmpty() ? y[i] : classes.indexOf(name);
            if (c < 0 || c >= Math.max(classes.size(), train.numClasses())) {
                throw new DataFileException(testFile, "example " + i + " has the label '" + name + "', which the training"
                        + " file does not have (its classes: " + (classes.size() > 12 ? classes.subList(0, 12) + "..." : classes)
                        + ")");
            }
            mapped[i] = c;
        }
        return Dataset.classification(test.name(), test.x(), new ldnn.tensor.IntTensor(mapped, mapped.length), classes);
    }

    /** Holds out a seeded fraction as the test set. */
    private static DataSource heldOut(String name, Kind kind, Dataset all, Options o) {
        double fraction = o.testFraction();
        long seed = o.seed();
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
        return new DataSource(name, kind, all.subset(all.name(), train), all.subset(all.name() + " (test)", test),
                note, null, null, null);
    }

    /** The class names of the first set that has them, or else "0".."k-1" for the most classes seen. */
    private static List<String> classNames(Dataset... sets) {
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
}
