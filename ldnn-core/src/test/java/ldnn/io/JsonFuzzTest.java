package ldnn.io;

import static ldnn.fuzz.ParserContract.INPUTS;
import static ldnn.fuzz.ParserContract.TIME_LIMIT;
import static ldnn.fuzz.ParserContract.expect;
import static ldnn.fuzz.ParserContract.seeds;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ldnn.fuzz.ParserContract;
import org.junit.jupiter.api.Test;

/**
 * JSON of any bytes, as text ({@link JsonException}), as a file, untyped and into a record
 * ({@link FileFormatException} naming the file), and as JSON Lines (the same).
 */
class JsonFuzzTest {
    private static final Path FILE = ParserContract.scratch("input.json");

    enum Kind { SGD, ADAM }

    /** A record with every kind of field typed reading converts to. */
    record Sample(int epoch, long step, double loss, Double best, String name, boolean done, Kind kind,
                  List<Long> sizes, Map<String, Object> extra, double[] curve) {}

    @FuzzTest(maxDuration = TIME_LIMIT, maxExecutions = INPUTS)
    @DictionaryEntries({"{", "}", "[", "]", ":", ",", "\"", "\\u00", "true", "false", "null", "NaN", "1e400",
            "\"epoch\"", "\"kind\"", "\"sizes\"", "\"curve\"", "\"adam\""})
    void fuzz(byte[] data) {
        ParserContract.write(FILE, data);
        expect(null, () -> Json.parse(new String(data, StandardCharsets.UTF_8)), JsonException.class);
        expect(FILE, () -> Json.read(FILE), FileFormatException.class);
        expect(FILE, () -> Json.read(FILE, Sample.class), FileFormatException.class);
        expect(FILE, () -> JsonLines.read(FILE), FileFormatException.class);
    }

    @Test
    void validSeedsAreRead() throws IOException {
        Json.read(seeds(getClass(), "valid-record").get(0), Sample.class);
        Json.read(seeds(getClass(), "valid-scalars").get(0));
        JsonLines.read(seeds(getClass(), "valid-lines").get(0));
    }
}
