package ldnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus of malformed inputs: over 200 cases over every reader (IDX, CSV, NPY/NPZ, image folders,
 * text), the model file, checkpoints and run folders, model specs and options, each run through the
 * command line as a user would, each with the error it must produce. Every case: exit status not 0,
 * every expected part of the message (the file and what was wrong), no stack trace or exception name,
 * no file written (no run folder, no partial output), and an answer within a minute.
 */
class MalformedCorpusTest {
    @TempDir
    static Path root;
    /** A model trained on 8x8 images in 3 classes, and its run folder. */
    static Path modelRun, model;
    private static int counter;

    @BeforeAll
    static void trainAModel() throws Exception {
        Path idx = TestData.idxFolder(root.resolve("model-data"), 90, 30);
        modelRun = root.resolve("model-run");
        Cli.Result r = Cli.run("train", idx.toString(), "--model", "conv(2,3) pool(2) dense(3)", "--epochs", "2",
                "--run", modelRun.toString(), "-q");
        assertEquals(0, r.code(), r.toString());
        model = modelRun.resolve("model.ldnn");
    }

    /** One malformed input: what to write, the command (DIR is the case's folder), and what the message says. */
    record Case(String name, Setup setup, List<String> args, List<String> expected) {
    }

    @FunctionalInterface
    interface Setup {
        void make(Path dir) throws IOException;
    }

    @Test
    void theCorpusHasOverTwoHundredCases() {
        List<Case> all = cases();
        assertTrue(all.size() >= 200, "cases: " + all.size());
        assertEquals(all.size(), all.stream().map(Case::name).distinct().count(), "case names are unique");
    }

    @TestFactory
    Stream<DynamicTest> everyCaseFailsCleanlyNamingTheProblem() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(Case c) throws Exception {
        Path dir = Files.createDirectories(root.resolve("case-" + (++counter)));
        c.setup().make(dir);
        TreeSet<String> before = listing(dir);
        String[] args = c.args().stream().map(a -> a.replace("DIR", dir.toString())
                .replace("MODEL", model.toString())).toArray(String[]::new);
        Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run(args), "no hang");
        String said = r.err() + r.out();
        assertNotEquals(0, r.code(), c.name() + ": must fail\n" + r);
        for (String e : c.expected()) {
            String want = e.replace("DIR", dir.toString());
            assertTrue(said.contains(want), c.name() + ": the message must say \"" + want + "\"\n" + r);
        }
        assertFalse(said.contains("\tat ") || said.matches("(?s).*\\b(java|javax|sun|tools\\.jackson)\\.[a-z.]+[A-Z]\\w*(Exception|Error)\\b.*"),
                c.name() + ": no stack trace or exception class\n" + r);
        assertEquals(before, listing(dir), c.name() + ": nothing is written\n" + r);
    }

    private static TreeSet<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            TreeSet<String> out = new TreeSet<>();
            s.forEach(p -> out.add(dir.relativize(p) + (Files.isRegularFile(p) ? ":" + size(p) : "/")));
            return out;
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------ the cases

    static List<Case> cases() {
        List<Case> all = new ArrayList<>();
        idx(all);
        csv(all);
        npyNpz(all);
        images(all);
        text(all);
        modelFiles(all);
        runFolders(all);
        specs(all);
        options(all);
        return all;
    }

    private static Case train(String name, Setup s, String data, List<String> expected, String... more) {
        List<String> a = new ArrayList<>(List.of("train", data, "--run", "DIR/run", "-q"));
        a.addAll(List.of(more));
        return new Case(name, s, a, expected);
    }

    private static List<String> says(String... parts) {
        return List.of(parts);
    }

    // IDX: a folder with train-/t10k- pairs of 8x8 images
    private static void idx(List<Case> all) {
        String img = "train-images-idx3-ubyte", lab = "train-labels-idx1-ubyte";
        for (int cut : new int[] {0, 1, 3, 4, 7, 8, 11, 15, 16, 17, 100}) {
            all.add(train("idx images cut to " + cut + " bytes", d -> cut(idxPair(d).resolve(img), cut), "DIR/idx",
                    says(img)));
        }
        for (int cut : new int[] {0, 2, 5, 8, 9, 30}) {
            all.add(train("idx labels cut to " + cut + " bytes", d -> cut(idxPair(d).resolve(lab), cut), "DIR/idx",
                    says(lab)));
        }
        all.add(train("idx images one byte short", d -> cutEnd(idxPair(d).resolve(img), 1), "DIR/idx", says(img, "expected")));
        all.add(train("idx images one byte too many", d -> append(idxPair(d).resolve(img), new byte[1]), "DIR/idx",
                says(img)));
        all.add(train("idx magic not zero", d -> poke(idxPair(d).resolve(img), 0, 0x12), "DIR/idx", says(img)));
        all.add(train("idx unknown type code", d -> poke(idxPair(d).resolve(img), 2, 0x07), "DIR/idx", says(img)));
        all.add(train("idx zero dimensions", d -> poke(idxPair(d).resolve(img), 3, 0), "DIR/idx", says(img)));
        all.add(train("idx nine dimensions", d -> poke(idxPair(d).resolve(img), 3, 9), "DIR/idx", says(img)));
        all.add(train("idx count claims two billion", d -> pokeInt(idxPair(d).resolve(img), 4, 2_000_000_000), "DIR/idx",
                says(img)));
        all.add(train("idx negative count", d -> pokeInt(idxPair(d).resolve(img), 4, -5), "DIR/idx", says(img)));
        all.add(train("idx height zero", d -> pokeInt(idxPair(d).resolve(img), 8, 0), "DIR/idx", says(img)));
        all.add(train("idx huge width", d -> pokeInt(idxPair(d).resolve(img), 12, 1 << 30), "DIR/idx", says(img)));
        all.add(train("idx labels count differs from images", d -> pokeInt(idxPair(d).resolve(lab), 4, 59), "DIR/idx",
                says(lab)));
        all.add(train("idx labels file with images in it", d -> {
            Path p = idxPair(d);
            Files.copy(p.resolve(img), p.resolve(lab), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }, "DIR/idx", says(lab)));
        all.add(train("idx labels of type float", d -> poke(idxPair(d).resolve(lab), 2, 0x0D), "DIR/idx", says(lab)));
        all.add(train("idx all labels one class", d -> {
            Path p = idxPair(d);
            byte[] b = Files.readAllBytes(p.resolve(lab));
            Arrays.fill(b, 8, b.length, (byte) 2);
            Files.write(p.resolve(lab), b);
        }, "DIR/idx", says("data doctor", "the same label", "--force")));
        all.add(train("idx random bytes as images", d -> {
            Path p = idxPair(d);
            Files.write(p.resolve(img), random(4000, 11));
        }, "DIR/idx", says(img)));
        all.add(train("idx empty folder", d -> Files.createDirectories(d.resolve("idx")), "DIR/idx", says("idx")));
        all.add(train("idx test labels missing", d -> Files.delete(idxPair(d).resolve("t10k-labels-idx1-ubyte")),
                "DIR/idx", says("t10k-images-idx3-ubyte")));
        all.add(train("idx test images of another size", d -> {
            Path p = idxPair(d);
            pokeInt(p.resolve("t10k-images-idx3-ubyte"), 8, 4);
            pokeInt(p.resolve("t10k-images-idx3-ubyte"), 12, 32);
        }, "DIR/idx", says("t10k-images-idx3-ubyte", "truncated")));
        all.add(train("idx zero images", d -> {
            Path p = idxPair(d);
            Files.write(p.resolve(img), ByteBuffer.allocate(16).putInt(0x803).putInt(0).putInt(8).putInt(8).array());
            Files.write(p.resolve(lab), ByteBuffer.allocate(8).putInt(0x801).putInt(0).array());
        }, "DIR/idx", says("0 examples are too few")));
    }

    private static Path idxPair(Path d) throws IOException {
        return TestData.idxFolder(d, 60, 12);
    }

    // CSV
    private static void csv(List<Case> all) {
        String h = "a,b,label\n";
        String good = h + "1,2,x\n3,4,y\n5,6,x\n7,8,y\n".repeat(10);
        Object[][] table = {
            {"csv empty file", "", says("data.csv")},
            {"csv header only", h, says("data.csv")},
            {"csv one row", h + "1,2,x\n", says("data.csv")},
            {"csv short row", good + "1,x\n", says("data.csv", "line 42")},
            {"csv long row", good + "1,2,3,x\n", says("data.csv", "line 42")},
            {"csv word in a number column", good + "1,abc,x\n", says("data.csv", "line 42", "abc")},
            {"csv inf", good + "inf,2,x\n", says("data.csv", "line 42", "inf")},
            {"csv minus inf", good + "-inf,2,x\n", says("data.csv", "line 42", "-inf")},
            {"csv Infinity", good + "1,Infinity,x\n", says("data.csv", "line 42", "Infinity")},
            {"csv overflow float", good + "1,1e39,x\n", says("data.csv", "line 42", "1e39")},
            {"csv nan", good + "nan,2,x\n", says("data.csv", "line 42")},
            {"csv NaN", good + "NaN,2,x\n", says("data.csv", "line 42")},
            {"csv NA", good + "NA,2,x\n", says("data.csv", "line 42")},
            {"csv empty cell", good + ",2,x\n", says("data.csv", "line 42")},
            {"csv empty label", good + "1,2,\n", says("data.csv", "line 42")},
            {"csv NUL byte", good + "1,\0,x\n", says("data.csv", "line 42", "NUL")},
            {"csv NUL in header", "a,\0b,label\n" + good.substring(h.length()), says("data.csv", "line 1", "NUL")},
            {"csv binary garbage", new String(random(3000, 3), StandardCharsets.ISO_8859_1), says("data.csv")},
            {"csv only commas", ",,,\n,,,\n,,,\n", says("data.csv")},
            {"csv one column", "label\nx\ny\nx\ny\nx\ny\n", says("data.csv")},
            {"csv unterminated quote", good + "1,\"2,x\n", says("data.csv", "line 42")},
            {"csv single class", h + "1,2,x\n3,4,x\n".repeat(20), says("data doctor", "the same label", "--force")},
            {"csv blank lines only", "\n\n\n", says("data.csv")},
            {"csv header with more columns", "a,b,c,label\n" + good.substring(h.length()), says("data.csv", "line 2")},
            {"csv inconsistent delimiter", h + "1;2;x\n".repeat(10) + "1,2,x\n", says("data.csv")},
            {"csv all features constant", h + "1,1,x\n1,1,y\n".repeat(20), says("data doctor", "constant")},
            {"csv label column numeric too large", h + "1,2,0\n3,4,70000\n".repeat(20), says("data.csv", "70000")},
        };
        for (Object[] t : table) {
            String content = (String) t[1];
            @SuppressWarnings("unchecked")
            List<String> exp = (List<String>) t[2];
            all.add(train((String) t[0], d -> Files.writeString(d.resolve("data.csv"), content, StandardCharsets.ISO_8859_1),
                    "DIR/data.csv", exp));
        }
        all.add(train("csv pipe-separated without --delimiter", d -> Files.writeString(d.resolve("data.csv"),
                good.replace(',', '|')), "DIR/data.csv", says("data.csv", "--delimiter")));
        all.add(train("csv --delimiter of two characters", d -> Files.writeString(d.resolve("data.csv"), good),
                "DIR/data.csv", says("--delimiter: expected one character"), "--delimiter", "||"));
        all.add(train("csv --delimiter that splits nothing", d -> Files.writeString(d.resolve("data.csv"), good),
                "DIR/data.csv", says("data.csv"), "--delimiter", ";"));
        all.add(train("csv --test file with a label the training file lacks", d -> {
            Files.writeString(d.resolve("data.csv"), good);
            Files.writeString(d.resolve("test.csv"), h + "1,2,x\n3,4,z\n");
        }, "DIR/data.csv", says("test.csv", "label 'z', which the training file does not have"), "--test", "DIR/test.csv"));
        all.add(train("csv --test file of another width", d -> {
            Files.writeString(d.resolve("data.csv"), good);
            Files.writeString(d.resolve("test.csv"), "a,b,c,label\n1,2,3,x\n");
        }, "DIR/data.csv", says("test.csv", "expected examples of shape [2]"), "--test", "DIR/test.csv"));
        all.add(train("csv --test file missing", d -> Files.writeString(d.resolve("data.csv"), good), "DIR/data.csv",
                says("none.csv", "no such file"), "--test", "DIR/none.csv"));
        all.add(train("csv unknown label column", d -> Files.writeString(d.resolve("data.csv"), good), "DIR/data.csv",
                says("data.csv", "nope"), "--label", "nope"));
        all.add(train("csv label index out of range", d -> Files.writeString(d.resolve("data.csv"), good), "DIR/data.csv",
                says("data.csv", "7"), "--label", "7"));
        all.add(train("csv too few rows to hold out a test set", d -> Files.writeString(d.resolve("data.csv"),
                h + "1,2,x\n3,4,y\n"), "DIR/data.csv", says("data.csv", "too few")));
        all.add(train("csv tsv with commas", d -> Files.writeString(d.resolve("data.tsv"), good), "DIR/data.tsv",
                says("data.tsv")));
        all.add(train("csv a folder named data.csv", d -> Files.createDirectories(d.resolve("data.csv")), "DIR/data.csv",
                says("data.csv")));
        all.add(train("csv missing file", d -> { }, "DIR/data.csv", says("data.csv", "no such file")));
        all.add(train("csv unsupported extension", d -> Files.writeString(d.resolve("data.xlsx"), good), "DIR/data.xlsx",
                says("data.xlsx", "expected .csv")));
        all.add(train("csv utf-16 file", d -> Files.write(d.resolve("data.csv"), good.getBytes(StandardCharsets.UTF_16)),
                "DIR/data.csv", says("data.csv")));
    }

    // NPY / NPZ
    private static void npyNpz(List<Case> all) {
        float[] x = new float[40 * 2];
        int[] y = new int[40];
        for (int i = 0; i < 40; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i % 2;
        }
        all.add(train("npy given instead of npz", d -> TestData.npy(d.resolve("data.npy"), x, 40, 2), "DIR/data.npy",
                says("data.npy", ".npz")));
        all.add(train("npz not a zip", d -> Files.write(d.resolve("data.npz"), random(500, 4)), "DIR/data.npz",
                says("data.npz")));
        all.add(train("npz empty file", d -> Files.write(d.resolve("data.npz"), new byte[0]), "DIR/data.npz",
                says("data.npz")));
        all.add(train("npz empty zip", d -> zip(d.resolve("data.npz")), "DIR/data.npz", says("data.npz")));
        all.add(train("npz without y", d -> zip(d.resolve("data.npz"), "x.npy", npy("<f4", "(40, 2)", 320)),
                "DIR/data.npz", says("data.npz", "y")));
        all.add(train("npz without x", d -> zip(d.resolve("data.npz"), "y.npy", npy("<i4", "(40,)", 160)),
                "DIR/data.npz", says("data.npz", "x")));
        all.add(train("npz x and y lengths differ", d -> zip(d.resolve("data.npz"), "x.npy", npy("<f4", "(40, 2)", 320),
                "y.npy", npy("<i4", "(39,)", 156)), "DIR/data.npz", says("data.npz", "40", "39")));
        all.add(train("npz y of floats", d -> zip(d.resolve("data.npz"), "x.npy", npy("<f4", "(40, 2)", 320),
                "y.npy", npy("<f4", "(40,)", 160)), "DIR/data.npz", says("data.npz", "y")));
        all.add(train("npz y of two dims", d -> zip(d.resolve("data.npz"), "x.npy", npy("<f4", "(40, 2)", 320),
                "y.npy", npy("<i4", "(40, 2)", 320)), "DIR/data.npz", says("data.npz", "y")));
        all.add(train("npz truncated", d -> {
            TestData.npz(d.resolve("data.npz"), x, new int[] {40, 2}, y);
            cutEnd(d.resolve("data.npz"), 60);
        }, "DIR/data.npz", says("data.npz")));
        String[][] badHeaders = {
            {"npy bad magic", null},
            {"npy complex dtype", "{'descr': '<c8', 'fortran_order': False, 'shape': (40, 2), }"},
            {"npy object dtype", "{'descr': '|O', 'fortran_order': False, 'shape': (40, 2), }"},
            {"npy string dtype", "{'descr': '<U3', 'fortran_order': False, 'shape': (40, 2), }"},
            {"npy header not a dict", "[1, 2, 3]"},
            {"npy header missing shape", "{'descr': '<f4', 'fortran_order': False, }"},
            {"npy header missing descr", "{'fortran_order': False, 'shape': (40, 2), }"},
            {"npy negative shape", "{'descr': '<f4', 'fortran_order': False, 'shape': (-40, 2), }"},
            {"npy shape larger than the data", "{'descr': '<f4', 'fortran_order': False, 'shape': (400, 2), }"},
            {"npy huge shape", "{'descr': '<f4', 'fortran_order': False, 'shape': (4000000000, 4000000000), }"},
            {"npy shape with words", "{'descr': '<f4', 'fortran_order': False, 'shape': (forty, 2), }"},
            {"npy fortran order flag not boolean", "{'descr': '<f4', 'fortran_order': maybe, 'shape': (40, 2), }"},
            {"npy unterminated header", "{'descr': '<f4', 'fortran_order': False, 'shape': (40, 2"},
        };
        for (String[] b : badHeaders) {
            all.add(train(b[0] + " (x in an npz)", d -> zip(d.resolve("data.npz"), "x.npy",
                    b[1] == null ? random(400, 9) : npyRaw(b[1], 320), "y.npy", npy("<i4", "(40,)", 160)), "DIR/data.npz",
                    says("data.npz")));
        }
        all.add(train("npz x with NaN", d -> {
            float[] bad = x.clone();
            bad[5] = Float.NaN;
            TestData.npz(d.resolve("data.npz"), bad, new int[] {40, 2}, y);
        }, "DIR/data.npz", says("data doctor", "NaN")));
        all.add(train("npz one class", d -> TestData.npz(d.resolve("data.npz"), x, new int[] {40, 2}, new int[40]),
                "DIR/data.npz", says("data doctor", "the same label")));
        all.add(train("npz negative label", d -> {
            int[] bad = y.clone();
            bad[3] = -2;
            TestData.npz(d.resolve("data.npz"), x, new int[] {40, 2}, bad);
        }, "DIR/data.npz", says("data.npz")));
    }

    // image folders: one subfolder of PNGs per class
    private static void images(List<Case> all) {
        all.add(train("images empty folder", d -> Files.createDirectories(d.resolve("images")), "DIR/images",
                says("images")));
        all.add(train("images class folders without images", d -> {
            Files.createDirectories(d.resolve("images/a"));
            Files.createDirectories(d.resolve("images/b"));
        }, "DIR/images", says("images")));
        all.add(train("images one class only", d -> {
            Path f = TestData.imageFolder(d, 10);
            deleteTree(f.resolve("green"));
            deleteTree(f.resolve("blue"));
        }, "DIR/images", says("images")));
        all.add(train("images a text file named png", d -> Files.writeString(TestData.imageFolder(d, 5)
                .resolve("red/bad.png"), "not an image"), "DIR/images", says("bad.png")));
        all.add(train("images a zero-byte png", d -> Files.write(TestData.imageFolder(d, 5).resolve("red/empty.png"),
                new byte[0]), "DIR/images", says("empty.png")));
        all.add(train("images a truncated png", d -> {
            Path f = TestData.imageFolder(d, 5);
            byte[] png = Files.readAllBytes(f.resolve("red/000.png"));
            Files.write(f.resolve("red/cut.png"), Arrays.copyOf(png, png.length / 2));
        }, "DIR/images", says("cut.png")));
        all.add(train("images random bytes as jpg", d -> Files.write(TestData.imageFolder(d, 5).resolve("red/noise.jpg"),
                random(2000, 5)), "DIR/images", says("noise.jpg")));
        all.add(train("images a png with a broken crc", d -> {
            Path f = TestData.imageFolder(d, 5);
            byte[] png = Files.readAllBytes(f.resolve("red/000.png"));
            png[png.length / 2] ^= 0x55;
            Files.write(f.resolve("red/flipped.png"), png);
        }, "DIR/images", says("flipped.png")));
        all.add(train("images of two sizes", d -> TestData.png(TestData.imageFolder(d, 5).resolve("blue/big.png"),
                new byte[144], 12, 12), "DIR/images", says("big.png", "8x8", "12x12")));
        all.add(train("images a 1x1 image among 8x8", d -> TestData.png(TestData.imageFolder(d, 5).resolve("blue/dot.png"),
                new byte[1], 1, 1), "DIR/images", says("dot.png")));
        all.add(train("images files beside the class folders only", d -> {
            Path f = Files.createDirectories(d.resolve("images"));
            TestData.png(f.resolve("a.png"), new byte[64], 8, 8);
            TestData.png(f.resolve("b.png"), new byte[64], 8, 8);
        }, "DIR/images", says("images")));
        all.add(train("images a folder that is a file", d -> Files.writeString(d.resolve("images"), "x"), "DIR/images",
                says("images")));
        all.add(train("images predict on a folder of text", d -> {
            Files.createDirectories(d.resolve("in"));
            Files.writeString(d.resolve("in/a.png"), "text");
        }, "DIR/in", says("DIR/in", "no subfolders")));
        // (the last one is a train on a folder of one non-image; the next ones predict with the trained model)
        all.add(new Case("images predict an image of the wrong size", d -> TestData.png(d.resolve("big.png"),
                new byte[100], 10, 10), List.of("predict", "MODEL", "DIR/big.png", "--out", "DIR/p.csv"),
                says("big.png", "8x8", "10x10")));
        all.add(new Case("images predict a corrupt png", d -> Files.write(d.resolve("bad.png"), random(300, 7)),
                List.of("predict", "MODEL", "DIR/bad.png", "--out", "DIR/p.csv"), says("bad.png")));
        all.add(new Case("images predict a missing file", d -> { },
                List.of("predict", "MODEL", "DIR/none.png", "--out", "DIR/p.csv"), says("none.png")));
        all.add(new Case("images predict an empty folder", d -> Files.createDirectories(d.resolve("empty")),
                List.of("predict", "MODEL", "DIR/empty", "--out", "DIR/p.csv"), says("empty")));
        all.add(new Case("images predict npy of the wrong shape", d -> TestData.npy(d.resolve("flat.npy"), new float[5 * 64],
                5, 64), List.of("predict", "MODEL", "DIR/flat.npy", "--out", "DIR/p.csv"), says("flat.npy", "[5, 64]")));
        all.add(new Case("images predict npy with NaN", d -> {
            float[] v = new float[2 * 64];
            v[3] = Float.NaN;
            TestData.npy(d.resolve("nan.npy"), v, 2, 1, 8, 8);
        }, List.of("predict", "MODEL", "DIR/nan.npy", "--out", "DIR/p.csv"), says("nan.npy")));
        all.add(new Case("images eval on csv data for an image model", d -> Files.writeString(d.resolve("data.csv"),
                "a,b,label\n" + "1,2,x\n3,4,y\n".repeat(10)), List.of("eval", "MODEL", "DIR/data.csv"), says("data.csv")));
    }

    // text for a character model
    private static void text(List<Case> all) {
        all.add(train("text empty file", d -> Files.writeString(d.resolve("t.txt"), ""), "DIR/t.txt", says("t.txt")));
        all.add(train("text one character", d -> Files.writeString(d.resolve("t.txt"), "a"), "DIR/t.txt", says("t.txt")));
        all.add(train("text binary with NUL bytes", d -> Files.write(d.resolve("t.txt"), random(5000, 13)), "DIR/t.txt",
                says("t.txt")));
        all.add(train("text invalid UTF-8", d -> Files.write(d.resolve("t.txt"), new byte[] {'a', 'b', (byte) 0xC3, 0x28,
                'c', (byte) 0xFF, 'd'}), "DIR/t.txt", says("t.txt")));
        all.add(train("text shorter than a training window", d -> Files.writeString(d.resolve("t.txt"), "hello world"),
                "DIR/t.txt", says("t.txt"), "--seq-len", "100"));
        all.add(train("text with an image model", d -> Files.writeString(d.resolve("t.txt"),
                "the quick brown fox. ".repeat(200)), "DIR/t.txt", says("conv"), "--model", "conv(4,3) dense(10)"));
        all.add(train("text ensemble", d -> Files.writeString(d.resolve("t.txt"), "the quick brown fox. ".repeat(200)),
                "DIR/t.txt", says("--ensemble"), "--ensemble", "2"));
        all.add(train("text augment", d -> Files.writeString(d.resolve("t.txt"), "the quick brown fox. ".repeat(200)),
                "DIR/t.txt", says("--augment applies to images"), "--augment", "flip"));
        all.add(train("text noise", d -> Files.writeString(d.resolve("t.txt"), "the quick brown fox. ".repeat(200)),
                "DIR/t.txt", says("--noise applies to vector inputs"), "--noise", "0.1"));
        all.add(train("text label", d -> Files.writeString(d.resolve("t.txt"), "the quick brown fox. ".repeat(200)),
                "DIR/t.txt", says("--label names a column of a CSV file"), "--label", "x"));
    }

    // model files, through eval, predict and info
    private static void modelFiles(List<Case> all) {
        for (int cut : new int[] {0, 4, 8, 9, 100, 300}) {
            modelCase(all, "model cut to " + cut + " bytes", b -> Arrays.copyOf(b, Math.min(cut, b.length)));
        }
        modelCase(all, "model missing its last byte", b -> Arrays.copyOf(b, b.length - 1));
        modelCase(all, "model with a byte too many", b -> Arrays.copyOf(b, b.length + 1));
        for (int back : new int[] {1, 17, 64, 200}) {
            modelCase(all, "model with a flipped bit " + back + " bytes from the end", b -> {
                b[b.length - back] ^= 0x08;
                return b;
            }, "the file is damaged");
        }
        modelCase(all, "model with a flipped bit in its metadata", b -> {
            int at = indexOf(b, "ldnn.spec".getBytes(StandardCharsets.US_ASCII)) + 14;
            b[at] ^= 0x01;
            return b;
        }, "damaged");
        modelCase(all, "model header length beyond the file", b -> {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
            return b;
        });
        modelCase(all, "model header length negative", b -> {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -8);
            return b;
        });
        modelCase(all, "model header not JSON", b -> {
            b[8] = '[';
            return b;
        });
        modelCase(all, "model random bytes", b -> random(b.length, 21));
        modelCase(all, "model a png renamed", b -> {
            try {
                return Files.readAllBytes(firstPng());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        modelCase(all, "model all zeros", b -> new byte[b.length]);
        all.add(new Case("model checkpoint given to eval", d -> { },
                List.of("eval", modelRun.resolve("checkpoint.safetensors").toString(), "DIR/../model-data/idx"),
                says("checkpoint.safetensors", "not an ldnn model file")));
        all.add(new Case("model a run folder given to eval", d -> { }, List.of("eval", modelRun.toString(),
                "DIR/../model-data/idx"), says(modelRun.toString())));
        all.add(new Case("model missing", d -> { }, List.of("eval", "DIR/none.ldnn", "DIR/../model-data/idx"),
                says("none.ldnn")));
        all.add(new Case("model info of a csv", d -> Files.writeString(d.resolve("m.ldnn"), "a,b\n1,2\n"),
                List.of("info", "DIR/m.ldnn"), says("m.ldnn")));
    }

    /** The trained model file, changed by {@code damage}, through eval, predict and info. */
    private static void modelCase(List<Case> all, String name, java.util.function.UnaryOperator<byte[]> damage,
                                  String... expected) {
        List<String> exp = new ArrayList<>(List.of("m.ldnn"));
        exp.addAll(List.of(expected));
        Setup s = d -> Files.write(d.resolve("m.ldnn"), damage.apply(Files.readAllBytes(model)));
        all.add(new Case(name + " (eval)", s, List.of("eval", "DIR/m.ldnn", root.resolve("model-data/idx").toString()), exp));
        all.add(new Case(name + " (predict)", s, List.of("predict", "DIR/m.ldnn", firstPngString(), "--out", "DIR/p.csv"),
                exp));
        all.add(new Case(name + " (info)", s, List.of("info", "DIR/m.ldnn"), exp));
    }

    private static Path firstPng() throws IOException {
        Path f = root.resolve("a-png/images/red/000.png");
        if (!Files.exists(f)) {
            TestData.imageFolder(root.resolve("a-png"), 1);
        }
        return f;
    }

    private static String firstPngString() {
        try {
            return firstPng().toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // run folders and checkpoints, through resume
    private static void runFolders(List<Case> all) {
        all.add(new Case("resume a folder that does not exist", d -> { }, List.of("resume", "DIR/none"),
                says("DIR/none", "not a run folder")));
        all.add(new Case("resume an empty folder", d -> Files.createDirectories(d.resolve("r")), List.of("resume", "DIR/r"),
                says("DIR/r", "config.json")));
        for (String[] c : new String[][] {
            {"resume config.json not JSON", "{not json"},
            {"resume config.json empty", ""},
            {"resume config.json an array", "[1,2]"},
            {"resume config.json without launch", "{\"format\":2}"},
            {"resume config.json with launch of wrong type", "{\"format\":2,\"launch\":\"x\"}"},
        }) {
            all.add(new Case(c[0], d -> {
                copyRun(d);
                Files.writeString(d.resolve("r/config.json"), c[1]);
            }, List.of("resume", "DIR/r"), says("config.json")));
        }
        for (int cut : new int[] {0, 8, 100, -10}) {
            all.add(new Case("resume checkpoint cut to " + cut + " bytes", d -> {
                copyRun(d);
                Path f = d.resolve("r/checkpoint.safetensors");
                cut(f, cut >= 0 ? cut : (int) Files.size(f) + cut);
            }, List.of("resume", "DIR/r", "--epochs", "3"), says("checkpoint.safetensors")));
        }
        for (int back : new int[] {1, 50, 400}) {
            all.add(new Case("resume checkpoint with a flipped bit " + back + " bytes from the end", d -> {
                copyRun(d);
                Path f = d.resolve("r/checkpoint.safetensors");
                byte[] b = Files.readAllBytes(f);
                b[b.length - back] ^= 0x40;
                Files.write(f, b);
            }, List.of("resume", "DIR/r", "--epochs", "3"), says("checkpoint.safetensors", "the file is damaged")));
        }
        all.add(new Case("resume a model file as checkpoint", d -> {
            copyRun(d);
            Files.copy(d.resolve("r/model.ldnn"), d.resolve("r/checkpoint.safetensors"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }, List.of("resume", "DIR/r", "--epochs", "3"), says("checkpoint.safetensors", "not an ldnn checkpoint")));
        all.add(new Case("resume whose data is gone", d -> {
            copyRun(d);
            String c = Files.readString(d.resolve("r/config.json")).replace(root.resolve("model-data/idx").toString(),
                    d.resolve("gone").toString());
            Files.writeString(d.resolve("r/config.json"), c);
        }, List.of("resume", "DIR/r", "--epochs", "3"), says("gone")));
        all.add(new Case("resume with --epochs 0", d -> copyRun(d), List.of("resume", "DIR/r", "--epochs", "0"),
                says("--epochs")));
        all.add(new Case("resume with a bad --time", d -> copyRun(d), List.of("resume", "DIR/r", "--time", "soon"),
                says("--time", "soon")));
        all.add(new Case("train into a folder that holds a run", d -> copyRun(d),
                List.of("train", root.resolve("model-data/idx").toString(), "--run", "DIR/r"), says("DIR/r", "ldnn resume")));
    }

    private static void copyRun(Path d) throws IOException {
        Path to = Files.createDirectories(d.resolve("r"));
        try (Stream<Path> s = Files.list(modelRun)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                if (!f.getFileName().toString().startsWith(".")) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
    }

    // model specs
    private static void specs(List<Case> all) {
        String[][] bad = {
            {"spec unknown layer", "conv(4,3) pol(2) dense(3)", "unknown layer 'pol'"},
            {"spec empty", " ", "empty spec"},
            {"spec unbalanced parenthesis", "conv(4,3 dense(3)", "conv: expected a number, got '3 dense(3'"},
            {"spec stray character", "dense(8) ; dense(3)", "unexpected character ';'"},
            {"spec too many conv arguments", "conv(3,5,7,9,11) dense(3)", "conv takes 2 numbers"},
            {"spec too many dense arguments", "dense(8,8) dense(3)", "dense takes one number"},
            {"spec argument to relu", "dense(8) relu(2) dense(3)", "relu takes no arguments"},
            {"spec dense zero", "dense(0) dense(3)", "whole number from 1"},
            {"spec dense fraction", "dense(2.5) dense(3)", "whole number from 1"},
            {"spec dense huge", "dense(1e12) dense(3)", "whole number from 1"},
            {"spec dense negative", "dense(-4) dense(3)", "whole number from 1"},
            {"spec dense NaN", "dense(NaN) dense(3)", "expected a finite number"},
            {"spec dropout one", "dense(8) dropout(1) dense(3)", "drop probability must be in [0, 1)"},
            {"spec dropout negative", "dense(8) dropout(-0.5) dense(3)", "drop probability must be in [0, 1)"},
            {"spec dropout missing p", "dense(8) dropout dense(3)", "missing the drop probability"},
            {"spec conv missing kernel", "conv(4) dense(3)", "missing the kernel size"},
            {"spec conv stride zero", "conv(4,3,stride=0) dense(3)", "stride must be an integer >= 1"},
            {"spec conv unknown option", "conv(4,3,dilation=2) dense(3)", "unknown option 'dilation'"},
            {"spec conv kernel larger than the image", "conv(4,30,pad=0) dense(3)", "does not fit"},
            {"spec pool larger than the image", "conv(4,3) pool(20) dense(3)",
                "kernel 20 is larger than the input's 8x8"},
            {"spec option before positional", "conv(stride=2,4,3) dense(3)", "after a key=value option"},
            {"spec empty argument", "conv(4,,3) dense(3)", "empty argument"},
            {"spec word argument", "dense(many) dense(3)", "expected a number"},
            {"spec lstm on images", "lstm(8) dense(3)", "lstm needs sequences"},
            {"spec embed on images", "embed(8) dense(3)", "embed needs integer-id input"},
            {"spec output layer of the wrong size", "dense(8) dense(10)", "3 classes"},
            {"spec bias option not boolean", "dense(8,bias=maybe) dense(3)", "must be true or false"},
        };
        for (String[] b : bad) {
            all.add(train(b[0], d -> { }, root.resolve("model-data/idx").toString(), says(b[2]), "--model", b[1]));
        }
        all.add(train("spec conv on a table", d -> Files.writeString(d.resolve("data.csv"),
                "a,b,label\n" + "1,2,x\n3,4,y\n".repeat(20)), "DIR/data.csv", says("conv needs image input"), "--model",
                "conv(4,3) dense(2)"));
        all.add(new Case("spec gradcheck of a bad spec", d -> { }, List.of("gradcheck", "conv(4,3) pol(2)", "--input-shape", "1,8,8"),
                says("unknown layer 'pol'")));
    }

    // options
    private static void options(List<Case> all) {
        String data = root.resolve("model-data/idx").toString();
        String[][] bad = {
            {"--batch-size", "0", "--batch-size: expected a whole number >= 1"},
            {"--batch-size", "-3", "--batch-size: expected a whole number >= 1"},
            {"--batch-size", "100000", "--batch-size 100000 is larger than the training split"},
            {"--batch-size", "abc", "--batch-size"},
            {"--lr", "-1", "--lr: expected a positive number"},
            {"--lr", "0", "--lr: expected a positive number"},
            {"--lr", "NaN", "--lr: expected a positive number"},
            {"--lr", "Infinity", "--lr: expected a positive number"},
            {"--momentum", "1", "--momentum: expected a number in [0, 1)"},
            {"--momentum", "-0.1", "--momentum: expected a number in [0, 1)"},
            {"--dampening", "2", "--dampening: expected a number in [0, 1)"},
            {"--weight-decay", "-1", "--weight-decay: expected a number >= 0"},
            {"--patience", "0", "--patience: expected a whole number >= 1"},
            {"--lr-decay", "1", "--lr-decay: expected a number > 1"},
            {"--lr-decay", "0.5", "--lr-decay: expected a number > 1"},
            {"--min-lr-fraction", "0", "--min-lr-fraction: expected a number in (0, 1)"},
            {"--min-lr-fraction", "1.5", "--min-lr-fraction: expected a number in (0, 1)"},
            {"--epochs", "0", "--epochs: expected a whole number >= 1"},
            {"--epochs", "-2", "--epochs: expected a whole number >= 1"},
            {"--time", "soon", "--time: expected a duration like 90s"},
            {"--time", "0s", "--time: the budget must be positive"},
            {"--time", "-5m", "--time"},
            {"--clip", "-1", "--clip: expected a number >= 0"},
            {"--clip", "big", "--clip: expected a number"},
            {"--init", "magic(3)", "--init: expected normal(<std>) or scaled(<scale>)"},
            {"--optimizer", "rmsprop", "rmsprop"},
            {"--validation-fraction", "0", "--validation-fraction: expected a number in (0, 1)"},
            {"--validation-fraction", "1", "--validation-fraction: expected a number in (0, 1)"},
            {"--eval-every", "-1", "--eval-every: expected a whole number >= 0"},
            {"--ensemble", "0", "--ensemble: expected a whole number from 1 to 1000"},
            {"--ensemble", "5000", "--ensemble: expected a whole number from 1 to 1000"},
            {"--workers", "0", "--workers must be >= 1"},
            {"--workers", "2", "add --spark"},
            {"--test-fraction", "0.3", "--test-fraction does not apply"},
            {"--noise", "-1", "--noise: expected a number >= 0"},
            {"--noise", "0.1", "--noise applies to vector inputs"},
            {"--seq-len", "50", "--seq-len applies to text"},
            {"--seq-len", "0", "--seq-len: expected a whole number >= 1"},
            {"--label", "2", "--label names a column of a CSV file"},
            {"--delimiter", ";", "--delimiter applies to CSV files"},
            {"--test", "other.csv", "--test applies to a CSV, TSV or NPZ file"},
            {"--augment", "spin=3", "spin"},
            {"--augment", "shift=-2", "--augment: shift=-2: expected a number of pixels from 0 to 1000"},
            {"--augment", "rotate=400", "--augment: rotate=400.0: expected a number of degrees from 0 to 180"},
            {"--tta", "sideways", "--tta: expected auto, mirror or none"},
            {"--spark", "", "--spark: expected a Spark master URL"},
            {"--model", "huge-preset", "huge-preset"},
            {"--no-such-option", "1", "--no-such-option"},
        };
        for (String[] b : bad) {
            all.add(train("option " + b[0] + " " + b[1], d -> { }, data, says(b[2]), b[0], b[1]));
        }
        String csv = "a,b,label\n" + "1,2,x\n3,4,y\n".repeat(20);
        all.add(train("option --augment on a table", d -> Files.writeString(d.resolve("data.csv"), csv), "DIR/data.csv",
                says("--augment applies to images"), "--augment", "flip"));
        all.add(train("option --no-augment on a table", d -> Files.writeString(d.resolve("data.csv"), csv), "DIR/data.csv",
                says("--no-augment applies to images"), "--no-augment"));
        all.add(train("option --tta mirror on a table", d -> Files.writeString(d.resolve("data.csv"), csv), "DIR/data.csv",
                says("--tta mirror applies to images"), "--tta", "mirror"));
        all.add(train("option --seq-len on a table", d -> Files.writeString(d.resolve("data.csv"), csv), "DIR/data.csv",
                says("--seq-len applies to text"), "--seq-len", "10"));
        all.add(new Case("option unknown command", d -> { }, List.of("trian", data), says("trian")));
        all.add(new Case("option eval without data", d -> { }, List.of("eval", "MODEL"), says("DATA")));
        all.add(new Case("option predict without --out to a folder", d -> Files.createDirectories(d.resolve("o")),
                List.of("predict", "MODEL", firstPngString(), "--out", "DIR/o"), says("DIR/o")));
        all.add(new Case("option unknown data set name", d -> { }, List.of("train", "fashion-mnsit"),
                says("fashion-mnsit")));
    }

    // ------------------------------------------------------------------ byte helpers

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static void cut(Path f, int n) throws IOException {
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, Math.min(n, b.length)));
    }

    static void cutEnd(Path f, int n) throws IOException {
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - n));
    }

    static void append(Path f, byte[] more) throws IOException {
        Files.write(f, more, java.nio.file.StandardOpenOption.APPEND);
    }

    static void poke(Path f, int at, int value) throws IOException {
        byte[] b = Files.readAllBytes(f);
        b[at] = (byte) value;
        Files.write(f, b);
    }

    static void pokeInt(Path f, int at, int value) throws IOException {
        byte[] b = Files.readAllBytes(f);
        ByteBuffer.wrap(b).putInt(at, value);
        Files.write(f, b);
    }

    static int indexOf(byte[] b, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= b.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    /** An .npy with the given dtype and shape and {@code dataBytes} bytes of data. */
    static byte[] npy(String descr, String shape, int dataBytes) {
        return npyRaw("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }", dataBytes);
    }

    static byte[] npyRaw(String header, int dataBytes) {
        String h = header;
        int total = 10 + h.length() + 1;
        h = h + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(1);
        out.write(0);
        out.write(h.length() & 0xff);
        out.write(h.length() >> 8);
        out.writeBytes(h.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[dataBytes]);
        return out.toByteArray();
    }

    /** A zip (an .npz) of name, bytes pairs. */
    static void zip(Path f, Object... entries) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            for (int i = 0; i < entries.length; i += 2) {
                z.putNextEntry(new ZipEntry((String) entries[i]));
                z.write((byte[]) entries[i + 1]);
                z.closeEntry();
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
