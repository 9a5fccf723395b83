package ldnn.data;

/**
 * A named data set is not on this machine and could not be fetched. The message lists the files needed,
 * every place looked, what went wrong with the download and how to get the files.
 */
public final class DataUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with the full explanation as its message. */
    public DataUnavailableException(String message) {
        super(message);
    }
}
