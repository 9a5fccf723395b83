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

    /** Every tensor's bytes and the metadata carry a CRC-32C: one flipped bit is an error naming file and tensor. */
    @Test
    void aFlippedBitAnywhereIsCaughtNamingTheFileAndTheTensor(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("m.ldnn");
        ModelFile.save(f, List.of(model(3)), null, info());
        assertTrue(ModelFile.load(f).checksummed());
        assertEquals(null, ModelFile.load(f).note(f));
        byte[] good = Files.readAllBytes(f);
        long headerLength = java.nio.ByteBuffer.wrap(good, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        int dataStart = 8 + (int) headerLength;

        // a bit in the data of the first tensor ("0.bias" sorts first; conv bias: 4 floats)
        byte[] bad = good.clone();
        bad[dataStart + 5] ^= 0x10;
        Files.write(f, bad);
        var e = assertThrows(ldnn.io.FileFormatException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("the file is damaged: tensor '0.bias'"),
                e.getMessage());

        // every byte of the last tensor's data, one bit each: always caught
        for (int at = good.length - 12; at < good.length; at++) {
            byte[] b = good.clone();
            b[at] ^= (byte) (1 << (at % 8));
            Files.write(f, b);
            var x = assertThrows(ldnn.io.FileFormatException.class, () -> ModelFile.load(f), "byte " + at);
            assertTrue(x.getMessage().contains("the file is damaged: tensor '"), x.getMessage());
        }

        // a character of the metadata (a class name "a" becomes "c")
        String header = new String(good, 8, (int) headerLength, java.nio.charset.StandardCharsets.UTF_8);
        int at = header.indexOf("[\\\"a\\\",");
        assertTrue(at > 0, header);
        byte[] meta = good.clone();
        meta[8 + at + 3] = 'c';
        Files.write(f, meta);
        var m = assertThrows(ldnn.io.FileFormatException.class, () -> ModelFile.load(f));
        assertTrue(m.getMessage().contains("the file is damaged: its metadata has checksum"), m.getMessage());
    }

    /** A file from before checksums (no "ldnn.crc32c") loads, and says it could not be checked. */
    @Test
    void aFileWithoutChecksumsLoadsWithANote(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("m.ldnn");
        ModelFile.save(f, List.of(model(3)), null, info());
        SafeTensors.Contents c = SafeTensors.read(f);
        Map<String, String> meta = new java.util.LinkedHashMap<>(c.metadata());
        assertTrue(meta.remove(SafeTensors.CHECKSUM_KEY) != null);
        meta.remove(SafeTensors.FORMAT_KEY); // (the writer adds checksums to files that have the format key)
        byte[] bytes = SafeTensors.toBytes(c.floats(), c.ints(), meta);
        // put the format key back into the header by hand, as an older ldnn wrote it
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        String withFormat = text.replaceFirst("\\{\"__metadata__\":\\{", "{\"__metadata__\":{\"ldnn.format\":\"1\",");
        long oldLength = java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        int added = withFormat.length() - text.length(), padded = (added + 7) / 8 * 8;
        String header = withFormat.substring(8, 8 + (int) oldLength + added) + " ".repeat(padded - added);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(header.length()).array());
        out.write(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        out.write(bytes, 8 + (int) oldLength, bytes.length - 8 - (int) oldLength);
        Files.write(f, out.toByteArray());
        ModelFile.Loaded l = ModelFile.load(f);
        assertEquals(false, l.checksummed());
        assertTrue(l.note(f).contains("was written before ldnn kept checksums"), l.note(f));
        assertArrayEquals(model(3).parameters().get("0.weight").toArray(), l.model().parameters().get("0.weight").toArray());
    }
}
