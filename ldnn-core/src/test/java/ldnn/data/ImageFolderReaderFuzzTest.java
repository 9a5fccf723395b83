package ldnn.data;

import static ldnn.fuzz.ParserContract.INPUTS;
import static ldnn.fuzz.ParserContract.TIME_LIMIT;
import static ldnn.fuzz.ParserContract.expect;
import static ldnn.fuzz.ParserContract.seeds;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import ldnn.fuzz.ParserContract;
import org.junit.jupiter.api.Test;

/**
 * An image folder whose one image has any bytes (ImageIO picks the decoder by content; the reader takes
 * PNG and JPEG), read as it is and resized: a data set, or a {@link DataFileException} naming the file.
 */
class ImageFolderReaderFuzzTest {
    private static final Path ROOT = ParserContract.scratch("images");
    private static final Path FILE = ROOT.resolve("cat").resolve("input.png");

    static {
        try {
            Files.createDirectories(FILE.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = TIME_LIMIT, maxExecutions = INPUTS / 4)
    void fuzz(byte[] data) {
        ParserContract.write(FILE, data);
        expect(ROOT, () -> new ImageFolderReader().read(ROOT), DataFileException.class);
        expect(ROOT, () -> new ImageFolderReader().resizeTo(5, 3).read(ROOT), DataFileException.class);
    }

    @Test
    void validSeedsAreRead() throws IOException {
        for (Path seed : seeds(getClass(), "valid-")) {
            Files.copy(seed, FILE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            new ImageFolderReader().read(ROOT);
        }
    }
}
