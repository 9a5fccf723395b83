package ldnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ldnn.data.Preprocessor;
import ldnn.io.SafeTensors;
import ldnn.nn.Init;
import ldnn.nn.ModelSpec;
import ldnn.nn.Sequential;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model file round-trips architecture, preprocessing and weights, and refuses damaged files clearly. */
class ModelFileTest {
    static final String SPEC = "conv(4,3) pool(2) dense(8) dropout(0.5) dense(3)";
    static final int[] SHAPE = {1, 6, 6};

    static Sequential model(long seed) {
        Sequential m = ModelSpec.build(SPEC, SHAPE, 0);
        m.initialize(Init.defaults(), new Rng(seed));
        m.eval();
        return m;
    }

    static ModelFile.Info info() {
        return new ModelFile.Info(SPEC, SHAPE, 0, List.of("a", "b", "c"), "cross-entropy", Map.of("epochs", 3));
    }

    @Test
    void roundTripGivesTheSamePredictions(@TempDir Path tmp) throws Exception {
        Tensor x = Tensor.rand(new Rng(1), 5, 1, 6, 6).mul(255f);
        Preprocessor pre = Preprocessor.fitDefault(x);
        Sequential m = model(3);
        Path f = tmp.resolve("m.ldnn");
        ModelFile.save(f, List.of(m), pre, info());
        ModelFile.Loaded l = ModelFile.load(f);
        assertEquals(List.of("a", "b", "c"), l.info().classNames());
        assertArrayEquals(m.forward(pre.apply(x)).toArray(), l.model().forward(l.preprocessor().apply(x)).toArray());
        assertEquals(3L, ((Number) l.info().training().get("epochs")).longValue());
        // PyTorch-friendly names
        assertTrue(SafeTensors.read(f).floats().containsKey("0.weight"));
    }

    @Test
    void theTestTimeViewRoundTripsAndOldFilesMeanTheInputAsGiven(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("m.ldnn"), g = tmp.resolve("g.ldnn");
        ModelFile.Info i = info();
        ModelFile.save(f, List.of(model(3)), null, new ModelFile.Info(i.spec(), i.inputShape(), i.vocab(),
                i.classNames(), i.loss(), i.training(), ModelFile.MIRROR));
        assertTrue(ModelFile.load(f).info().mirrorAtTest());
        ModelFile.save(g, List.of(model(3)), null, info());
        assertEquals(ModelFile.NO_TTA, ModelFile.load(g).info().testTime());
        assertThrows(IllegalArgumentException.class, () -> new ModelFile.Info(i.spec(), i.inputShape(), i.vocab(),
                i.classNames(), i.loss(), i.training(), "rotate"));
    }

    @Test
    void ensemblesKeepEveryMember(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("e.ldnn");
        ModelFile.save(f, List.of(model(1), model(2)), null, info());
        ModelFile.Loaded l = ModelFile.load(f);
        assertEquals(2, l.members().size());
        assertArrayEquals(model(2).parameters().get("0.weight").toArray(),
                l.members().get(1).parameters().get("0.weight").toArray());
        assertTrue(SafeTensors.read(f).floats().containsKey("members.1.0.weight"));
    }

    @Test
    void damagedFilesGetClearErrors(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("m.ldnn");
        ModelFile.save(f, List.of(model(3)), null, info());
        byte[] all = Files.readAllBytes(f);
        Path cut = tmp.resolve("cut.ldnn");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 100));
        Exception e = assertThrows(java.io.IOException.class, () -> ModelFile.load(cut));
        assertTrue(e.getMessage().contains("cut.ldnn") && e.getMessage().contains("bytes"), e.getMessage());
        Path other = tmp.resolve("plain.safetensors");
        SafeTensors.write(other, Map.of("w", Tensor.zeros(2)), Map.of(), Map.of(SafeTensors.FORMAT_KEY, "1"));
        Exception k = assertThrows(java.io.IOException.class, () -> ModelFile.load(other));
        assertTrue(k.getMessage().contains("not an ldnn model file"), k.getMessage());
        Path newer = tmp.resolve("newer.ldnn");
        SafeTensors.write(newer, Map.of("w", Tensor.zeros(2)), Map.of(), Map.of(SafeTensors.FORMAT_KEY, "2"));
        Exception v = assertThrows(java.io.IOException.class, () -> ModelFile.load(newer));
        assertTrue(v.getMessage().contains("format 2"), v.getMessage());
    }
}
