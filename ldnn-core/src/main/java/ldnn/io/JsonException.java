package ldnn.io;

/**
 * Malformed JSON text (with the 1-based line and column where reading stopped), or a value that
 * {@link Json} cannot write (with the key path of the offending value, and line and column -1).
 */
public final class JsonException extends IllegalArgumentException {
    /** The line of the error in the text read (from 1), or -1 when writing. */
    private final int line;
    /** The column of the error in the text read (from 1), or -1 when writing. */
    private final int column;

    JsonException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    JsonException(String message) {
        this(message, -1, -1);
    }

    /** 1-based line of a syntax error, or -1 for a write error. */
    public int line() {
        return line;
    }

    /** 1-based column (in UTF-16 chars) of a syntax error, or -1 for a write error. */
    public int column() {
        return column;
    }
}
