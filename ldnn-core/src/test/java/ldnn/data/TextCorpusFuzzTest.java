package ldnn.data;

import static ldnn.fuzz.ParserContract.INPUTS;
import static ldnn.fuzz.ParserContract.TIME_LIMIT;
import static ldnn.fuzz.ParserContract.expect;
import static ldnn.fuzz.ParserContract.seeds;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import ldnn.fuzz.ParserContract;
import org.junit.jupiter.api.Test;

/** Text files of any bytes: a corpus whose ids decode back to the text, or a {@link DataFileException} naming the file. */
class TextCorpusFuzzTest {
    private static final Path FILE = ParserContract.scratch("input.txt");

    @FuzzTest(maxDuration = TIME_LIMIT, maxExecutions = INPUTS)
    void fuzz(byte[] data) {
        ParserContract.write(FILE, data);
        expect(FILE, () -> {
            TextCorpus c = TextCorpus.read(FILE);
            c.decode(c.ids());
        }, DataFileException.class);
    }

    @Test
    void validSeedsAreRead() {
        seeds(getClass(), "valid-").forEach(TextCorpus::read);
    }
}
