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
 * CSV files of any bytes, read with the defaults (detected delimiter, header and label column) and as a
 * regression table labelled by its first column: a data set, or a {@link DataFileException} naming the file.
 */
class CsvReaderFuzzTest {
    private static final Path FILE = ParserContract.scratch("input.csv");

    @FuzzTest(maxDuration = TIME_LIMIT, maxExecutions = INPUTS)
    // (no line breaks: Jazzer 0.26 writes them unescaped into the libFuzzer dictionary, which then fails to parse)
    @DictionaryEntries({",", ";", "\t", "\"", "\"\"", "\uFEFF", "NA", "NaN", "inf", "-Infinity",
            "1e309", "0x1p3", "label"})
    void fuzz(byte[] data) {
        ParserContract.write(FILE, data);
        expect(FILE, () -> new CsvReader().read(FILE), DataFileException.class);
        expect(FILE, () -> new CsvReader().labelColumn(0).regression(true).read(FILE), DataFileException.class);
    }

    @Test
    void validSeedsAreRead() {
        seeds(getClass(), "valid-").forEach(f -> new CsvReader().read(f));
    }
}
