package ldnn.data;

/**
 * One result of the data doctor: how serious it is, which check found it, and a one-line message a
 * person can act on.
 */
public record Finding(Severity severity, String check, String message) {
    public enum Severity { INFO, WARNING, ERROR }

    public static Finding info(String check, String message) {
        return new Finding(Severity.INFO, check, message);
    }

    public static Finding warning(String check, String message) {
        return new Finding(Severity.WARNING, check, message);
    }

    public static Finding error(String check, String message) {
        return new Finding(Severity.ERROR, check, message);
    }

    @Override
    public String toString() {
        return severity.name().toLowerCase() + " [" + check + "] " + message;
    }
}
