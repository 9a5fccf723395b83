package ldnn.data;

import static ldnn.fuzz.ParserContract.INPUTS;
import static ldnn.fuzz.ParserContract.TIME_LIMIT;
import static ldnn.fuzz.ParserContract.expect;
import static ldnn.fuzz.ParserContract.seeds;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import ldnn.fuzz.ParserContract;
import org.junit.jupiter.api.Test;

/**
 * .npy files of any bytes: an array that converts to a tensor of its shape, or a {@link DataFileException}
 * naming the file.
 */
class NpyReaderFuzzTest {
    private static final Path FILE = ParserContract.scratch("input.npy");

    @FuzzTest(maxDuration = TIME_LIMIT, maxExecutions = INPUTS)
    @DictionaryEntries({"\u0093NUMPY", "'descr': '<f4'", "'descr': '>f8'", "'descr': '|u1'", "'descr': '<i8'",
            "'fortran_order': True", "'fortran_order': False", "'shape': (", "), }", "L,"})
    void fuzz(byte[] data) {
        ParserContract.write(FILE, data);
        expect(FILE, () -> NpyReader.read(FILE).toTensor(), DataFileException.class);
    }

    @Test
    void validSeedsAreRead() {
        seeds(getClass(), "valid-").forEach(f -> NpyReader.read(f).toTensor());
    }
}
