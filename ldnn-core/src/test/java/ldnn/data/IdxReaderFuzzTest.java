package ldnn.data;

import static ldnn.fuzz.ParserContract.INPUTS;
import static ldnn.fuzz.ParserContract.TIME_LIMIT;
import static ldnn.fuzz.ParserContract.expect;
import static ldnn.fuzz.ParserContract.seeds;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import ldnn.fuzz.ParserContract;
import org.junit.jupiter.api.Test;

/** IDX files (plain or gzipped) of any bytes: a tensor, or a {@link DataFileException} naming the file. */
class IdxReaderFuzzTest {
    private static final Path FILE = ParserContract.scratch("input.idx");

    @FuzzTest(maxDuration = TIME_LIMIT, maxExecutions = INPUTS)
    void fuzz(byte[] data) {
        ParserContract.write(FILE, data);
        expect(FILE, () -> IdxReader.readImages(FILE), DataFileException.class);
        expect(FILE, () -> IdxReader.readLabels(FILE), DataFileException.class);
    }

    @Test
    void validSeedsAreRead() {
        seeds(getClass(), "valid-images").forEach(IdxReader::readImages);
        seeds(getClass(), "valid-labels").forEach(IdxReader::readLabels);
    }
}
