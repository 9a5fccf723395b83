package ldnn.io;

import java.io.IOException;
import java.nio.file.Path;

/** A file whose content is not what its format requires; the message starts with the file name. */
public final class FileFormatException extends IOException {
    private final transient Path file;

    /** A malformed {@code file}; the message starts with its name. */
    public FileFormatException(Path file, String problem) {
        super(displayName(file) + ": " + problem);
        this.file = file;
    }

    /** A malformed {@code file}, found through {@code cause}. */
    public FileFormatException(Path file, String problem, Throwable cause) {
        super(displayName(file) + ": " + problem, cause);
        this.file = file;
    }

    /** The file (null for bytes in memory). */
    public Path file() {
        return file;
    }

    /** The path as the user gave it: short when relative, complete when absolute. */
    static String displayName(Path file) {
        return file == null ? "<memory>" : file.toString();
    }
}
