package ldnn.model;

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

/** Model files of any bytes: a model, or an IOException (a FileFormatException) naming the file. */
class ModelFileFuzzTest {
    private static final Path FILE = ParserContract.scratch("input.ldnn");

    @FuzzTest(maxDuration = TIME_LIMIT, maxExecutions = INPUTS)
    @DictionaryEntries({"\"ldnn.spec\"", "\"ldnn.input_shape\"", "\"ldnn.vocab\"", "\"ldnn.classes\"",
            "\"ldnn.members\"", "\"ldnn.test_time\"", "\"ldnn.preprocess.kind\"", "\"ldnn.preprocess.config\"",
            "\"members.1.\"", "\"preprocess.\"", "dense(", "conv(", "lstm(", "embed("})
    void fuzz(byte[] data) {
        ParserContract.write(FILE, data);
        expect(FILE, () -> ModelFile.load(FILE).model(), IOException.class);
    }

    @Test
    void validSeedsAreRead() throws IOException {
        for (Path f : seeds(getClass(), "valid-")) {
            ModelFile.load(f);
        }
    }
}
