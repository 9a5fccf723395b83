package ldnn.data;

import java.nio.file.Path;

/**
 * A data file that cannot be read as expected. The message names the file, where in it the problem is
 * (line, record, byte offset or archive entry), what was expected and what was found, so the CLI can
 * print it as is without a stack trace.
 */
public final class DataFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** An error in {@code file}; the message is prefixed with the file's name. */
    public DataFileException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    /** An error in {@code file} caused by {@code cause}. */
    public DataFileException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** "file: where: expected E, found F". */
    public static DataFileException at(Path file, String where, String expected, String found) {
        return new DataFileException(file, where + ": expected " + expected + ", found " + found);
    }

    /** The file the problem is in (for an archive, the archive itself). */
    public Path file() {
        return file;
    }
}
