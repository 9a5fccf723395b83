package ldnn.io;

import java.io.IOException;

/** A consumer that may throw IOException, such as the body that writes a file's content. */
@FunctionalInterface
public interface IOConsumer<T> {
    /** Consumes {@code value}. */
    void accept(T value) throws IOException;
}
