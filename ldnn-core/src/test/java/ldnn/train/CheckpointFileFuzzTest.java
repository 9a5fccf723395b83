package ldnn.train;

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

/** Checkpoint files of any bytes: a checkpoint, or an IOException naming the file. */
class CheckpointFileFuzzTest {
    private static final Path FILE = ParserContract.scratch("input.safetensors");

    @FuzzTest(maxDuration = TIME_LIMIT, maxExecutions = INPUTS)
    @DictionaryEntries({"\"ldnn.checkpoint\"", "\"version\"", "\"monitors\"", "\"rngs\"", "\"log\"",
            "\"history\"", "\"warnings\"", "\"param/", "\"opt/", "\"monitor/", "\"best/"})
    void fuzz(byte[] data) {
        ParserContract.write(FILE, data);
        expect(FILE, () -> CheckpointFile.read(FILE), IOException.class);
    }

    @Test
    void validSeedsAreRead() throws IOException {
        for (Path f : seeds(getClass(), "valid-")) {
            CheckpointFile.read(f);
        }
    }
}
