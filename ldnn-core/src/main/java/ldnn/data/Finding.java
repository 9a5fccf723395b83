package ldnn.data;

/**
 * One result of the data doctor: how serious it is, which check found it, and a one-line message a
 * person can act on.
 */
public record Finding(Severity severity, String check, String message) {
    /** How serious a finding is. */
    public enum Severity {
        /** Worth knowing; nothing to fix. */
        INFO,
        /** Probably a problem; training goes on. */
        WARNING,
        /** The data cannot be trained on as it is; {@code ldnn train} stops unless forced. */
        ERROR
    }

    /** An informational finding of {@code check}. */
    public static Finding info(String check, String message) {
        return new Finding(Severity.INFO, check, message);
    }

    /** A warning of {@code check}. */
    public static Finding warning(String check, String message) {
        return new Finding(Severity.WARNING, check, message);
    }

    /** An error of {@code check}. */
    public static Finding error(String check, String message) {
        return new Finding(Severity.ERROR, check, message);
    }

    @Override
    public String toString() {
        return severity.name().toLowerCase() + " [" + check + "] " + message;
    }
}
