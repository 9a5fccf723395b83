package ldnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamedDatasetsTest {
    @TempDir
    Path tmp;

    /** Writes tiny MNIST-layout files (5 train, 3 test images of 28x28) into root/name/. */
    static Path writeTinyMnist(Path root, String name, int trainLabelOffset) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        byte[] train = new byte[5 * 784], test = new byte[3 * 784];
        for (int i = 0; i < 5; i++) {
            train[i * 784 + 400] = (byte) (50 * i);
        }
        TestFiles.idx(dir.resolve("train-images-idx3-ubyte.gz"), train, true, 5, 28, 28);
        TestFiles.idx(dir.resolve("train-labels-idx1-ubyte.gz"), new byte[] {0, 1, 2, 3, (byte) trainLabelOffset}, true, 5);
        TestFiles.idx(dir.resolve("t10k-images-idx3-ubyte.gz"), test, true, 3, 28, 28);
        TestFiles.idx(dir.resolve("t10k-labels-idx1-ubyte.gz"), new byte[] {9, 8, 7}, true, 3);
        return dir;
    }

    private static DataLocator.Fetcher offline() {
        return (url, target) -> {
            throw new UnknownHostException(url.getHost());
        };
    }

    @Test
    void loadsTrainAndTestFromTheFirstRootHoldingEveryFile() throws IOException {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        writeTinyMnist(a, "mnist", 4);
        Files.delete(a.resolve("mnist/t10k-labels-idx1-ubyte.gz")); // incomplete: skipped
        writeTinyMnist(b, "mnist", 6);
        writeTinyMnist(tmp.resolve("c"), "mnist", 5);
        NamedDatasets sets = new NamedDatasets(new DataLocator(List.of(a, b, tmp.resolve("c")), null, null));
        NamedDatasets.Loaded d = sets.load("mnist");
        assertEquals(5, d.train().size());
        assertEquals(3, d.test().size());
        assertArrayEquals(new int[] {1, 28, 28}, d.train().exampleShape());
        assertEquals(6, d.train().labels().get(4), "root b, the first complete one, was used");
        assertEquals(150f, d.train().x().get(3, 0, 14, 8));
        assertEquals(10, d.classNames().size());
    }

    @Test
    void whenNothingIsFoundTheErrorListsFilesPlacesDownloadFailuresAndTheFix() throws IOException {
        Path a = tmp.resolve("a");
        writeTinyMnist(a, "fashion-mnist", 1);
        Files.delete(a.resolve("fashion-mnist/train-images-idx3-ubyte.gz"));
        Path dl = tmp.resolve("downloads");
        NamedDatasets sets = new NamedDatasets(new DataLocator(List.of(a, tmp.resolve("b")), dl, offline()));
        var e = assertThrows(DataUnavailableException.class, () -> sets.load("fashion-mnist"));
        String m = e.getMessage();
        for (RemoteFile f : NamedDatasets.files("fashion-mnist")) {
            assertTrue(m.contains(f.fileName()), m);
        }
        assertTrue(m.contains(a.resolve("fashion-mnist") + ": has 3 of 4 files (missing train-images-idx3-ubyte.gz)"), m);
        assertTrue(m.contains(tmp.resolve("b/fashion-mnist") + ": no such folder"), m);
        assertTrue(m.contains("UnknownHostException"), m);
        assertTrue(m.contains("apt-get install dataset-fashion-mnist"), m);
        assertTrue(m.contains("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-images-idx3-ubyte.gz"), m);
        assertFalse(Files.exists(dl), "a failed download leaves no folder behind, not even the download root it created");
        assertThrows(IllegalArgumentException.class, () -> sets.load("cifar"));
    }

    @Test
    void downloadsFromAFileUrlWithChecksumAndAtomicRename() throws IOException {
        Path src = Files.write(tmp.resolve("payload.bin"), new byte[] {1, 2, 3, 4, 5});
        String sha = DataLocator.sha256(src);
        RemoteFile f = new RemoteFile("data.bin", List.of(tmp.resolve("nowhere.bin").toUri(), src.toUri()), sha);
        Path dl = tmp.resolve("dl");
        DataLocator loc = new DataLocator(List.of(tmp.resolve("empty")), dl,
                (url, target) -> Files.copy(Path.of(url), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING));
        Path dir = loc.locate("toy", List.of(f), null);
        assertEquals(dl.resolve("toy"), dir);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, Files.readAllBytes(dir.resolve("data.bin")));
        assertEquals(List.of(dir.resolve("data.bin")), list(dir), "no temp files remain");
    }

    @Test
    void theDefaultFetcherHandlesFileUrlsAndAChecksumMismatchKeepsNothing() throws IOException {
        Path src = Files.write(tmp.resolve("payload.bin"), new byte[] {9, 9, 9});
        RemoteFile wrong = new RemoteFile("data.bin", List.of(src.toUri()), "0".repeat(64));
        Path dl = tmp.resolve("dl");
        Files.createDirectories(dl);
        DataLocator loc = new DataLocator(List.of(), dl, DataLocator.urlFetcher());
        var e = assertThrows(DataUnavailableException.class, () -> loc.locate("toy", List.of(wrong), null));
        assertTrue(e.getMessage().contains("checksum mismatch: expected SHA-256 " + "0".repeat(64) + ", got "
                + DataLocator.sha256(src)), e.getMessage());
        assertEquals(List.of(), list(dl), "neither the file nor a temp file nor the folder remains");

        RemoteFile right = new RemoteFile("data.bin", List.of(src.toUri()), DataLocator.sha256(src));
        Path dir = loc.locate("toy", List.of(right), null);
        assertArrayEquals(new byte[] {9, 9, 9}, Files.readAllBytes(dir.resolve("data.bin")));
    }

    @Test
    void aMirrorThatFailsIsFollowedByTheNextAndEachCallIsRecorded() throws IOException {
        Path src = Files.write(tmp.resolve("p"), new byte[] {7});
        RemoteFile f = RemoteFile.at("x.bin", DataLocator.sha256(src), "http://down.example/", "http://up.example/");
        List<String> calls = new ArrayList<>();
        DataLocator loc = new DataLocator(List.of(), tmp.resolve("dl"), (url, target) -> {
            calls.add(url.getHost());
            if (url.getHost().startsWith("down")) {
                Files.write(target, new byte[] {1, 2}); // a partial body, then failure
                throw new IOException("connection reset");
            }
            Files.copy(src, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        });
        Path dir = loc.locate("toy", List.of(f), null);
        assertEquals(List.of("down.example", "up.example"), calls);
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(dir.resolve("x.bin")));
        loc.locate("toy", List.of(f), null);
        assertEquals(2, calls.size(), "a file already present is not fetched again");
    }

    @Test
    void kjvComesFromKjvTxtOrFromTheBibleProgramWithReferencesStripped() throws IOException {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("kjv"));
        Files.writeString(root.resolve("kjv/kjv.txt"), "Let there be light\n");
        DataLocator loc = new DataLocator(List.of(root), null, null);
        assertEquals("Let there be light\n", decoded(new NamedDatasets(loc).loadText("kjv")));

        DataLocator none = new DataLocator(List.of(tmp.resolve("nothing")), null, null);
        List<String> fakeBible = List.of("printf", "Ge1:1 In the beginning God\\nGe1:2 And the earth\\n");
        TextCorpus c = new NamedDatasets(none, fakeBible).loadText("kjv");
        assertEquals("In the beginning God\nAnd the earth\n", decoded(c));

        var e = assertThrows(DataUnavailableException.class,
                () -> new NamedDatasets(none, List.of(tmp.resolve("no-such-bible").toString())).loadText("kjv"));
        assertTrue(e.getMessage().contains("apt-get install bible-kjv") && e.getMessage().contains("kjv.txt"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NamedDatasets(none).loadText("mnist"));
    }

    private static String decoded(TextCorpus c) {
        return c.decode(c.ids());
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
