package ldnn.data;

import static ldnn.fuzz.ParserContract.INPUTS;
import static ldnn.fuzz.ParserContract.TIME_LIMIT;
import static ldnn.fuzz.ParserContract.expect;
import static ldnn.fuzz.ParserContract.seeds;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import ldnn.fuzz.ParserContract;
import org.junit.jupiter.api.Test;

/**
 * .npz archives of any bytes, read whole and as a data set of arrays 'x' and 'y': arrays, or a
 * {@link DataFileException} naming the file.
 */
class NpzReaderFuzzTest {
    private static final Path FILE = ParserContract.scratch("input.npz");

    @FuzzTest(maxDuration = TIME_LIMIT, maxExecutions = INPUTS)
    void fuzz(byte[] data) {
        ParserContract.write(FILE, data);
        expect(FILE, () -> NpzReader.read(FILE), DataFileException.class);
        expect(FILE, () -> NpzReader.readDataset(FILE, "x", "y"), DataFileException.class);
    }

    @Test
    void validSeedsAreRead() {
        seeds(getClass(), "valid-").forEach(f -> NpzReader.readDataset(f, "x", "y"));
    }
}
