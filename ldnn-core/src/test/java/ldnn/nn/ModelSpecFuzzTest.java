package ldnn.nn;

import static ldnn.fuzz.ParserContract.INPUTS;
import static ldnn.fuzz.ParserContract.TIME_LIMIT;
import static ldnn.fuzz.ParserContract.expect;
import static ldnn.fuzz.ParserContract.seeds;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Model specs of any text: parsed, a list of tokens or a SpecException pointing at the offending one; and
 * built for vector, image and text input, a model or an IllegalArgumentException (a SpecException or a
 * ShapeException).
 *
 * <p>Only specs of at most {@value #MAX_LAYERS} tokens whose numbers are at most {@value #MAX_SIZE} are
 * built: a spec that asks for a layer of 10^8 units needs that memory in earnest, which is for the
 * trainer's memory check to refuse, not a parsing error; small sizes reach every rule of the builder.
 */
class ModelSpecFuzzTest {
    static final int MAX_LAYERS = 8;
    static final double MAX_SIZE = 32;

    @FuzzTest(maxDuration = TIME_LIMIT, maxExecutions = INPUTS * 5)
    @DictionaryEntries({"dense(", "conv(", "pool(", "avgpool(", "relu", "tanh", "flatten", "dropout(", "embed(",
            "lstm(", "rnn(", "stride=", "pad=", "bias=false", "layers=", "forget_bias=", "stateful=true", "last=true",
            ")", ",", "-", "|"})
    void fuzz(byte[] data) {
        String spec = new String(data, StandardCharsets.UTF_8);
        List<ModelSpec.Token> tokens;
        try {
            tokens = ModelSpec.parse(spec);
        } catch (ModelSpec.SpecException e) {
            return;
        }
        if (tokens.size() > MAX_LAYERS || tokens.stream().anyMatch(ModelSpecFuzzTest::large)) {
            return;
        }
        expect(null, () -> ModelSpec.build(spec, new int[] {4}, 0), IllegalArgumentException.class);
        expect(null, () -> ModelSpec.build(spec, new int[] {1, 8, 8}, 0), IllegalArgumentException.class);
        expect(null, () -> ModelSpec.build(spec, new int[] {5}, 7), IllegalArgumentException.class);
    }

    private static boolean large(ModelSpec.Token t) {
        return t.args().stream().anyMatch(a -> !(Math.abs(a) <= MAX_SIZE))
                || t.options().values().stream().anyMatch(v -> {
                    try {
                        return !(Math.abs(Double.parseDouble(v)) <= MAX_SIZE);
                    } catch (NumberFormatException e) {
                        return false;
                    }
                });
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
