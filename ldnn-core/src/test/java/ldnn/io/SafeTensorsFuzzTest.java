package ldnn.io;

import static ldnn.fuzz.ParserContract.INPUTS;
import static ldnn.fuzz.ParserContract.TIME_LIMIT;
import static ldnn.fuzz.ParserContract.expect;
import static ldnn.fuzz.ParserContract.seeds;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Path;
import ldnn.fuzz.ParserContract;
import org.junit.jupiter.api.Test;

/**
 * safetensors files of any bytes, from memory and from a file with the ldnn format check: tensors, or a
 * {@link FileFormatException} naming the file ("&lt;memory&gt;" for bytes).
 */
class SafeTensorsFuzzTest {
    private static final Path FILE = ParserContract.scratch("input.safetensors");

    @FuzzTest(maxDuration = TIME_LIMIT, maxExecutions = INPUTS)
    @DictionaryEntries({"\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\"", "\"F32\"", "\"I64\"",
            "\"BF16\"", "\"U64\"", "\"ldnn.format\"", "\"1\""})
    void fuzz(byte[] data) {
        ParserContract.write(FILE, data);
        expect(Path.of("<memory>"), () -> SafeTensors.fromBytes(data), FileFormatException.class);
        expect(FILE, () -> SafeTensors.read(FILE, 1), FileFormatException.class);
    }

    @Test
    void validSeedsAreRead() throws IOException {
        for (Path f : seeds(getClass(), "valid-")) {
            SafeTensors.read(f);
        }
        SafeTensors.read(seeds(getClass(), "valid-ldnn").get(0), 1);
    }
}
