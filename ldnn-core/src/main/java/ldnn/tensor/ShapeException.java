package ldnn.tensor;

/** A shape that does not fit an op. The message names the op, the shapes and the rule that failed. */
public class ShapeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A shape error; the message names the op and the shapes. */
    public ShapeException(String message) {
        super(message);
    }
}
