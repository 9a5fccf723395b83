package ldnn.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data sets ldnn knows by name: {@code fashion-mnist} and {@code mnist} (IDX files, train 60k /
 * test 10k, 28x28 gray) and {@code kjv} (the King James Bible as one text for character models).
 * Files are found through a {@link DataLocator}. The KJV comes from a file kjv.txt in a data root
 * (root/kjv/kjv.txt or root/kjv.txt), else from the {@code bible} program of Debian's bible-kjv, run as
 * {@code bible -f Gen1:1-Rev22:21} with each line's leading reference ("Ge1:1 ") removed, exactly as
 * torch_bench.py's load_kjv does.
 */
public final class NamedDatasets {
    /** Train and test splits of a labelled data set, with its class names. */
    public record Loaded(Dataset train, Dataset test, List<String> classNames) {}

    private record ImageDef(List<RemoteFile> files, List<String> classNames, String installHint) {}

    private static final String FASHION = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
    private static final String FASHION_GITHUB = "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/";
    private static final String MNIST = "https://ossci-datasets.s3.amazonaws.com/mnist/";
    private static final String MNIST_GOOGLE = "https://storage.googleapis.com/cvdf-datasets/mnist/";

    private static final Map<String, ImageDef> IMAGES = Map.of(
            "fashion-mnist", new ImageDef(List.of(
                    RemoteFile.at("train-images-idx3-ubyte.gz", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84", FASHION, FASHION_GITHUB),
                    RemoteFile.at("train-labels-idx1-ubyte.gz", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845", FASHION, FASHION_GITHUB),
                    RemoteFile.at("t10k-images-idx3-ubyte.gz", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073", FASHION, FASHION_GITHUB),
                    RemoteFile.at("t10k-labels-idx1-ubyte.gz", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5", FASHION, FASHION_GITHUB)),
                    List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                            "Ankle boot"),
                    "apt-get install dataset-fashion-mnist (installs /usr/share/datasets/fashion-mnist)"),
            "mnist", new ImageDef(List.of(
                    RemoteFile.at("train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", MNIST, MNIST_GOOGLE),
                    RemoteFile.at("train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", MNIST, MNIST_GOOGLE),
                    RemoteFile.at("t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", MNIST, MNIST_GOOGLE),
                    RemoteFile.at("t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", MNIST, MNIST_GOOGLE)),
                    List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), null));

    private static final List<String> BIBLE = List.of("bible", "-f", "Gen1:1-Rev22:21");

    private final DataLocator locator;
    private final List<String> bibleCommand;

    /** Named data sets found (or downloaded) through {@code locator}. */
    public NamedDatasets(DataLocator locator) {
        this(locator, BIBLE);
    }

    /** With another command printing the KJV in bible's format (for tests). */
    public NamedDatasets(DataLocator locator, List<String> bibleCommand) {
        this.locator = locator;
        this.bibleCommand = List.copyOf(bibleCommand);
    }

    /** Named data sets found in the standard places (see {@link DataLocator#standard()}). */
    public static NamedDatasets standard() {
        return new NamedDatasets(DataLocator.standard());
    }

    /** The names known: fashion-mnist, mnist and kjv. */
    public static List<String> names() {
        return List.of("fashion-mnist", "mnist", "kjv");
    }

    /** True for text corpora (load them with {@link #loadText}). */
    public static boolean isText(String name) {
        return name.equals("kjv");
    }

    /** The files a labelled data set needs (for messages and for fetching by hand). */
    public static List<RemoteFile> files(String name) {
        return def(name).files();
    }

    /** Loads a labelled data set: train and test splits, pixel values 0..255 unscaled. */
    public Loaded load(String name) {
        ImageDef d = def(name);
        Path dir = locator.locate(name, d.files(), d.installHint());
        List<RemoteFile> f = d.files();
        Dataset train = IdxReader.readDataset(name + " train", dir.resolve(f.get(0).fileName()),
                dir.resolve(f.get(1).fileName()), d.classNames());
        Dataset test = IdxReader.readDataset(name + " test", dir.resolve(f.get(2).fileName()),
                dir.resolve(f.get(3).fileName()), d.classNames());
        return new Loaded(train, test, d.classNames());
    }

    /** Loads a text corpus by name. */
    public TextCorpus loadText(String name) {
        if (!isText(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a text corpus; text corpora: kjv");
        }
        Optional<Path> file = locator.find(name, "kjv.txt");
        if (file.isPresent()) {
            return TextCorpus.read(file.get());
        }
        byte[] out;
        try {
            Process p = new ProcessBuilder(bibleCommand).start();
            p.getOutputStream().close();
            out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int rc = p.waitFor();
            if (rc != 0 || out.length == 0) {
                throw new DataUnavailableException(kjvMissing("'" + String.join(" ", bibleCommand) + "' exited with status "
                        + rc + (out.length == 0 ? " and printed nothing" : "") + (err.isEmpty() ? "" : ": " + err)));
            }
        } catch (IOException e) {
            throw new DataUnavailableException(kjvMissing("cannot run '" + bibleCommand.get(0) + "': " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataUnavailableException(kjvMissing("interrupted while running " + bibleCommand.get(0)));
        }
        return TextCorpus.of("kjv", stripReferences(new String(out, StandardCharsets.UTF_8)));
    }

    /** Drops each line's first word (the verse reference) as torch_bench.py's load_kjv does. */
    static String stripReferences(String bibleOutput) {
        StringBuilder sb = new StringBuilder(bibleOutput.length());
        String[] lines = bibleOutput.split("\n", -1);
        int n = lines.length > 0 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
        for (int i = 0; i < n; i++) {
            int sp = lines[i].indexOf(' ');
            sb.append(sp >= 0 ? lines[i].substring(sp + 1) : lines[i]).append('\n');
        }
        return sb.toString();
    }

    private String kjvMissing(String why) {
        return "kjv: no kjv.txt and no usable bible program.\n  looked for kjv.txt in: "
                + String.join(", ", locator.places("kjv")) + " (and each root itself)\n  bible program: " + why
                + "\n  to fix: apt-get install bible-kjv bible-kjv-text (provides /usr/bin/bible), or put the text"
                + " as kjv.txt into ~/.ldnn/data/kjv/";
    }

    private static ImageDef def(String name) {
        ImageDef d = IMAGES.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown data set '" + name + "'; known: " + String.join(", ", names())
                    + (isText(name) ? " (kjv is a text corpus: use loadText)" : ""));
        }
        return d;
    }
}
