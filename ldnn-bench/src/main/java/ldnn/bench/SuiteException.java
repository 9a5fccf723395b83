package ldnn.bench;

/** A suite cannot run at all (a missing jar, data set or program); Main reports it and goes on with the others. */
final class SuiteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SuiteException(String message) {
        super(message);
    }
}
