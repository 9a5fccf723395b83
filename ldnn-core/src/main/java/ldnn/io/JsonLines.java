package ldnn.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * JSON Lines logs (one compact JSON value per line, UTF-8, '\n' terminated), as written by a training
 * run that may be killed at any moment. A killed writer can leave a torn last line; {@link #read}
 * returns every complete record and reports the torn line instead of failing, while a malformed line
 * anywhere else is real corruption and an error naming the file and line.
 */
public final class JsonLines {
    private JsonLines() {}

    /**
     * The records of a log. truncatedLine is the unparseable final line without a terminating '\n'
     * (what a writer killed mid-line leaves), or null when the file ends cleanly.
     */
    public record Contents(List<Object> records, String truncatedLine) {
        /** Makes the record list unmodifiable. */
        public Contents {
            records = Collections.unmodifiableList(records);
        }

        /** Whether the file ended in the middle of a line. */
        public boolean truncated() {
            return truncatedLine != null;
        }
    }

    /**
     * Reads all records. Blank lines are skipped. A final line without '\n' is a record if it parses
     * (files written by other tools often lack the last newline) and is reported as truncated if not.
     */
    public static Contents read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<Object> records = new ArrayList<>();
        int start = 0, lineNumber = 0;
        while (start < bytes.length) {
            lineNumber++;
            int end = indexOf(bytes, (byte) '\n', start);
            boolean terminated = end >= 0;
            if (!terminated) {
                end = bytes.length;
            }
            if (terminated) {
                String line = Json.decodeUtf8(file, "line " + lineNumber + " is ", bytes, start, end);
                if (!line.isBlank()) {
                    records.add(parseLine(file, lineNumber, line));
                }
            } else {
                // The tail may be cut anywhere, even inside a UTF-8 sequence: decode leniently.
                String tail = new String(bytes, start, end - start, StandardCharsets.UTF_8);
                if (!tail.isBlank()) {
                    try {
                        records.add(Json.parse(tail));
                    } catch (JsonException e) {
                        return new Contents(records, tail);
                    }
                }
            }
            start = end + 1;
        }
        return new Contents(records, null);
    }

    /**
     * Appends record as one compact line (see {@link AtomicFiles#appendLine} for what is durable). If
     * the file ends with a torn line left by a killed writer, that line is cut off first: it is not a
     * record and would otherwise corrupt the log for {@link #read}. A final line that parses but lacks
     * its '\n' is kept and terminated.
     */
    public static void append(Path file, Object record) throws IOException {
        append(file, record, Json.NonFinite.ERROR);
    }

    /** nonFinite = NULL logs NaN and infinities as null, so that a diverged loss is still recorded. */
    public static void append(Path file, Object record, Json.NonFinite nonFinite) throws IOException {
        String line = Json.write(record, false, nonFinite); // serialize first: a bad record never touches the file
        if (Files.exists(file) && !AtomicFiles.endsWithNewline(file)) {
            repairTail(file);
        }
        AtomicFiles.appendRaw(file, line + "\n");
    }

    private static void repairTail(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int lastNewline = lastIndexOf(bytes, (byte) '\n');
        String tail = new String(bytes, lastNewline + 1, bytes.length - lastNewline - 1, StandardCharsets.UTF_8);
        boolean complete;
        try {
            Json.parse(tail);
            complete = true;
        } catch (JsonException e) {
            complete = tail.isBlank();
        }
        if (complete) {
            AtomicFiles.appendRaw(file, "\n");
        } else {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(lastNewline + 1);
            }
        }
    }

    private static Object parseLine(Path file, int lineNumber, String line) throws FileFormatException {
        try {
            return Json.parse(line);
        } catch (JsonException e) {
            throw new FileFormatException(file, "line " + lineNumber + " is not valid JSON (" + e.getMessage()
                    + "); only a final line without a line break is treated as truncated");
        }
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] a, byte b) {
        for (int i = a.length - 1; i >= 0; i--) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
