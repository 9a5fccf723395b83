package ldnn.data;

import java.net.URI;
import java.util.List;

/**
 * A data file known by name, with the places it can be downloaded from (tried in order) and the SHA-256
 * of the canonical download.
 */
public record RemoteFile(String fileName, List<URI> urls, String sha256) {
    /** Copies the URLs and checks that the SHA-256 is 64 lowercase hex digits. */
    public RemoteFile {
        urls = List.copyOf(urls);
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(fileName + ": expected a SHA-256 of 64 lowercase hex digits, got '"
                    + sha256 + "'");
        }
    }

    /** The same file name under each base URL (each ending in '/'). */
    public static RemoteFile at(String fileName, String sha256, String... baseUrls) {
        return new RemoteFile(fileName, java.util.Arrays.stream(baseUrls).map(b -> URI.create(b + fileName)).toList(),
                sha256);
    }
}
