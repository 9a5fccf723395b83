package ldnn.train;

/** A warning or an event of a run: when, which monitor, what. Printed as "step N: message". */
public record Note(long step, int epoch, String monitor, String message) implements java.io.Serializable {
    @Override
    public String toString() {
        return "step " + step + ": " + message;
    }
}
