package ldnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Finds the files of a named data set. Each root holds one folder per data set name with the canonical
 * file names inside (e.g. root/fashion-mnist/train-images-idx3-ubyte.gz). Roots are searched in order;
 * the first folder holding every file wins. Otherwise missing files are downloaded into the download
 * root (temp file, SHA-256 check, atomic rename), so an interrupted or corrupt download leaves nothing.
 * Files found locally are not checksummed: Debian re-compresses them, so their bytes differ from the
 * canonical downloads; the readers validate their structure instead.
 */
public final class DataLocator {
    /** Copies a URL's content into a file (replaceable in tests; the default handles http(s) and file:). */
    @FunctionalInterface
    public interface Fetcher {
        /** Copies the content at {@code url} into {@code target}. */
        void fetch(URI url, Path target) throws IOException;
    }

    private record Root(String label, Path dir) {}

    private final List<Root> roots;
    private final Path downloadRoot;
    private final Fetcher fetcher;

    /** Searches roots in order; downloads (when fetcher is not null) into downloadRoot. */
    public DataLocator(List<Path> roots, Path downloadRoot, Fetcher fetcher) {
        this(roots.stream().map(p -> new Root(p.toString(), p)).toArray(Root[]::new), downloadRoot, fetcher);
    }

    private DataLocator(Root[] roots, Path downloadRoot, Fetcher fetcher) {
        this.roots = List.of(roots);
        this.downloadRoot = downloadRoot;
        this.fetcher = fetcher;
    }

    /** $LDNN_DATA, ~/.ldnn/data, /usr/share/datasets (Debian's dataset-* packages); downloads go to ~/.ldnn/data. */
    public static DataLocator standard() {
        List<Root> roots = new ArrayList<>();
        String env = System.getenv("LDNN_DATA");
        roots.add(new Root("$LDNN_DATA" + (env == null || env.isBlank() ? " (not set)" : " = " + env),
                env == null || env.isBlank() ? null : Path.of(env)));
        Path home = Path.of(System.getProperty("user.home"), ".ldnn", "data");
        roots.add(new Root(home.toString(), home));
        roots.add(new Root("/usr/share/datasets", Path.of("/usr/share/datasets")));
        return new DataLocator(roots.toArray(Root[]::new), home, urlFetcher());
    }

    /** The standard fetcher: http(s) with timeouts, and file: URLs. */
    public static Fetcher urlFetcher() {
        return DataLocator::download;
    }

    /** The folder holding every file of the data set, downloading missing files when that is possible. */
    public Path locate(String dataset, List<RemoteFile> files, String installHint) {
        List<String> looked = new ArrayList<>();
        for (Root r : roots) {
            if (r.dir() == null) {
                looked.add(r.label());
                continue;
            }
            Path dir = r.dir().resolve(dataset);
            List<String> missing = missing(dir, files);
            if (missing.isEmpty()) {
                return dir;
            }
            looked.add(dir + (!Files.isDirectory(dir) ? ": no such folder" : ": has " + (files.size() - missing.size())
                    + " of " + files.size() + " files (missing " + String.join(", ", missing) + ")"));
        }
        List<String> failures = new ArrayList<>();
        if (downloadRoot != null && fetcher != null) {
            Path dir = downloadRoot.resolve(dataset);
            Path firstCreated = firstMissingAncestor(dir);
            for (RemoteFile f : files) {
                if (!Files.isRegularFile(dir.resolve(f.fileName()))) {
                    fetchVerified(dir, f, failures);
                    if (!failures.isEmpty()) {
                        failures.add("(remaining files not tried)");
                        break;
                    }
                }
            }
            if (failures.isEmpty()) {
                return dir;
            }
            removeEmptyFolders(dir, firstCreated);
        } else {
            failures.add("downloading is off");
        }
        throw new DataUnavailableException(unavailableMessage(dataset, files, installHint, looked, failures));
    }

    /** A single file (no download): root/dataset/fileName or root/fileName, in root order. */
    public Optional<Path> find(String dataset, String fileName) {
        for (Root r : roots) {
            if (r.dir() != null) {
                for (Path p : List.of(r.dir().resolve(dataset).resolve(fileName), r.dir().resolve(fileName))) {
                    if (Files.isRegularFile(p)) {
                        return Optional.of(p);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The places searched for a data set's folder, for messages. */
    public List<String> places(String dataset) {
        return roots.stream().map(r -> r.dir() == null ? r.label() : r.dir().resolve(dataset).toString()).toList();
    }

    /** Fetches one file, trying each mirror; on total failure adds one line per mirror to failures. */
    private void fetchVerified(Path dir, RemoteFile f, List<String> failures) {
        List<String> tries = new ArrayList<>();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + f.fileName() + ".", ".part");
            for (URI url : f.urls()) {
                try {
                    fetcher.fetch(url, tmp);
                    String got = sha256(tmp);
                    if (got.equals(f.sha256())) {
                        Files.move(tmp, dir.resolve(f.fileName()), StandardCopyOption.ATOMIC_MOVE);
                        return;
                    }
                    tries.add(url + ": checksum mismatch: expected SHA-256 " + f.sha256() + ", got " + got
                            + " (corrupt or changed file; not kept)");
                } catch (IOException e) {
                    tries.add(url + ": " + e);
                }
            }
        } catch (IOException e) {
            tries.add(dir + ": cannot write: " + e);
        } finally {
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // the temp name starts with '.' and ends in .part: never mistaken for data
            }
        }
        failures.addAll(tries.isEmpty() ? List.of(f.fileName() + ": no download address") : tries);
    }

    private String unavailableMessage(String dataset, List<RemoteFile> files, String installHint, List<String> looked,
            List<String> failures) {
        StringBuilder sb = new StringBuilder(dataset + ": data files not found and not downloaded.\n  needed: ");
        sb.append(String.join(", ", files.stream().map(RemoteFile::fileName).toList())).append("\n  looked in:");
        looked.forEach(l -> sb.append("\n    ").append(l));
        sb.append("\n  download").append(downloadRoot == null ? "" : " into " + downloadRoot.resolve(dataset)).append(':');
        failures.forEach(f -> sb.append("\n    ").append(f));
        sb.append("\n  to fix: ");
        if (installHint != null) {
            sb.append(installHint).append("; or ");
        }
        sb.append("put the files into ").append(places(dataset).stream().filter(p -> !p.startsWith("$"))
                .findFirst().orElse("a folder named " + dataset)).append(" (or $LDNN_DATA/").append(dataset)
                .append("), downloading them from:");
        files.forEach(f -> sb.append("\n    ").append(f.urls().isEmpty() ? f.fileName() : f.urls().get(0)));
        return sb.toString();
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256", e);
        }
    }

    private static void download(URI url, Path target) throws IOException {
        URLConnection c = url.toURL().openConnection();
        c.setConnectTimeout(15_000);
        c.setReadTimeout(60_000);
        try (InputStream in = c.getInputStream()) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path firstMissingAncestor(Path dir) {
        Path p = dir.toAbsolutePath(), first = null;
        while (p != null && !Files.exists(p)) {
            first = p;
            p = p.getParent();
        }
        return first;
    }

    /** Removes the folders this call created, from dir up to firstCreated, while they are empty. */
    private static void removeEmptyFolders(Path dir, Path firstCreated) {
        if (firstCreated == null) {
            return;
        }
        for (Path p = dir.toAbsolutePath(); p != null && p.startsWith(firstCreated); p = p.getParent()) {
            try {
                Files.deleteIfExists(p); // fails on a non-empty folder: verified files are kept for next time
            } catch (IOException e) {
                return;
            }
        }
    }

    private static List<String> missing(Path dir, List<RemoteFile> files) {
        return files.stream().map(RemoteFile::fileName).filter(n -> !Files.isRegularFile(dir.resolve(n))).toList();
    }
}
