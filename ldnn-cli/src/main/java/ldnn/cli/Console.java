package ldnn.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The trainer prints to a PrintStream while picocli hands commands a PrintWriter (which tests replace
 * to capture output): this bridges the two, line by line.
 */
final class Console {
    private Console() {
    }

    /** A stream whose complete lines (and flushes) go to the writer. */
    static PrintStream stream(PrintWriter out) {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                pending.write(b);
                if (b == '\n') {
                    flush();
                }
            }

            @Override
            public synchronized void flush() {
                if (pending.size() > 0) {
                    out.print(pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                }
                out.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** A stream that prints nothing (--quiet). */
    static PrintStream silent() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
