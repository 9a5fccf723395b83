package ldnn.nn;

import static ldnn.fuzz.ParserContract.expect;
import static ldnn.fuzz.ParserContract.seeds;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Model specs of any text, parsed and built for vector, image and text input: a model, or an
 * IllegalArgumentException (a SpecException pointing at the token, or a ShapeException).
 */
class ModelSpecFuzzTest {
    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"dense(", "conv(", "pool(", "avgpool(", "relu", "tanh", "flatten", "dropout(", "embed(",
            "lstm(", "rnn(", "stride=", "pad=", "bias=false", "layers=", "forget_bias=", "stateful=true", "last=true",
            ")", ",", "-", "|"})
    void fuzz(byte[] data) {
        String spec = new String(data, StandardCharsets.UTF_8);
        expect(null, () -> ModelSpec.parse(spec), IllegalArgumentException.class);
        expect(null, () -> ModelSpec.build(spec, new int[] {4}, 0), IllegalArgumentException.class);
        expect(null, () -> ModelSpec.build(spec, new int[] {1, 8, 8}, 0), IllegalArgumentException.class);
        expect(null, () -> ModelSpec.build(spec, new int[] {5}, 7), IllegalArgumentException.class);
    }

    @Test
    void validSeedsAreRead() throws IOException {
        for (Path f : seeds(getClass(), "valid-")) {
            ModelSpec.parse(Files.readString(f));
        }
        ModelSpec.build(Files.readString(seeds(getClass(), "valid-convnet").get(0)), new int[] {1, 28, 28}, 0);
        ModelSpec.build(Files.readString(seeds(getClass(), "valid-text").get(0)), new int[] {5}, 7);
        ModelSpec.build(Files.readString(seeds(getClass(), "valid-mlp").get(0)), new int[] {4}, 0);
    }
}
