package ldnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    @Test
    void severalTensorsRoundTripWithMetadata() throws IOException {
        Tensor matrix = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor scalar = Tensor.scalar(-0.0f);
        Tensor empty = Tensor.zeros(0, 4);
        Tensor transposed = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2).t(); // a strided view
        Tensor sliced = Tensor.arange(10).slice(0, 3, 7); // a view with an offset
        Tensor special = Tensor.vector(Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE, -Float.MAX_VALUE);
        assertFalse(transposed.isContiguous());
        Map<String, Tensor> floats = new LinkedHashMap<>();
        floats.put("w", matrix);
        floats.put("scalar", scalar);
        floats.put("empty", empty);
        floats.put("wt", transposed);
        floats.put("sliced", sliced);
        floats.put("special", special);
        Map<String, IntTensor> ints = Map.of("labels", IntTensor.of(3, -1, Integer.MAX_VALUE, Integer.MIN_VALUE),
                "step", new IntTensor(new int[] {42}));
        Map<String, String> metadata = Map.of("ldnn.format", "1", "note", "héllo \"quoted\"\n");

        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, floats, ints, metadata);
        SafeTensors.Contents c = SafeTensors.read(file);

        // File order: F32 tensors by name, then I32 tensors by name (the reference implementation's order).
        assertEquals(List.of("empty", "scalar", "sliced", "special", "w", "wt"), List.copyOf(c.floats().keySet()));
        assertEquals(List.of("labels", "step"), List.copyOf(c.ints().keySet()));
        for (Map.Entry<String, Tensor> e : floats.entrySet()) {
            Tensor back = c.tensor(e.getKey());
            assertArrayEquals(e.getValue().shape(), back.shape(), e.getKey());
            assertArrayEquals(e.getValue().toArray(), back.toArray(), e.getKey()); // bitwise for NaN and -0.0
        }
        assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, c.tensor("wt").toArray());
        assertArrayEquals(new float[] {3, 4, 5, 6}, c.tensor("sliced").toArray());
        assertArrayEquals(new int[0], c.tensor("scalar").shape());
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(c.tensor("scalar").item()));
        assertArrayEquals(new int[] {0, 4}, c.tensor("empty").shape());
        assertArrayEquals(new int[] {3, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}, c.intTensor("labels").data());
        assertArrayEquals(new int[0], c.intTensor("step").shape());
        Map<String, String> read = new java.util.LinkedHashMap<>(c.metadata());
        assertTrue(read.remove(SafeTensors.CHECKSUM_KEY) != null && c.checksummed(), "an ldnn file carries checksums");
        assertEquals(metadata, read);

        assertEquals(List.of(file), listing()); // no temp files left
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.tensor("nope"));
        assertTrue(e.getMessage().contains("no float tensor 'nope'") && e.getMessage().contains("labels"), e.getMessage());
    }

    @Test
    void largeTensorsRoundTripBitExactly() throws IOException {
        Tensor big = Tensor.randn(new Rng(7), 2048, 2048); // 4M floats, 16 MiB
        Path file = dir.resolve("big.safetensors");
        SafeTensors.write(file, Map.of("big", big));
        assertEquals(8 + 72 + 4L * 2048 * 2048, Files.size(file));
        Tensor back = SafeTensors.read(file).tensor("big");
        assertArrayEquals(big.shape(), back.shape());
        assertTrue(Arrays.equals(big.data(), back.data()));
    }

    /** The byte layout from the spec, built by hand; it equals the reference implementation's own test vector. */
    @Test
    void tinyFileHasTheExactSpecLayout() {
        Tensor attn = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 1, 2, 3);
        byte[] actual = SafeTensors.toBytes(Map.of("attn.0", attn), Map.of(), Map.of());
        String header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        assertEquals(64, header.length()); // already a multiple of 8: no padding
        byte[] expected = concat(
                new byte[] {64, 0, 0, 0, 0, 0, 0, 0},
                header.getBytes(StandardCharsets.US_ASCII),
                new byte[] {0, 0, 0, 0, 0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, (byte) 0x80, 0x40,
                    0, 0, (byte) 0xa0, 0x40});
        assertArrayEquals(expected, actual);
    }

    @Test
    void tinyFileWithMetadataIntsAndPaddingHasTheExactSpecLayout() {
        byte[] actual = SafeTensors.toBytes(Map.of("b", Tensor.vector(1f, -2f)), Map.of("a", new IntTensor(new int[] {7})),
                Map.of("ldnn.source", "1")); // (no "ldnn.format": a plain file, without ldnn's checksums)
        // Metadata first; F32 "b" before I32 "a" (dtype alignment descending, then name).
        String header = "{\"__metadata__\":{\"ldnn.source\":\"1\"},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"a\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[8,12]}}";
        assertEquals(142, header.length()); // padded with 2 spaces to 144
        byte[] expected = concat(
                new byte[] {(byte) 144, 0, 0, 0, 0, 0, 0, 0},
                (header + "  ").getBytes(StandardCharsets.US_ASCII),
                new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xc0, 7, 0, 0, 0});
        assertArrayEquals(expected, actual);
        assertEquals(8 + 144 + 12, actual.length);
    }

    @Test
    void emptyFileLayout() throws IOException {
        byte[] bytes = SafeTensors.toBytes(Map.of(), Map.of(), Map.of());
        assertArrayEquals(new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' '}, bytes);
        SafeTensors.Contents c = SafeTensors.fromBytes(bytes);
        assertTrue(c.floats().isEmpty() && c.ints().isEmpty() && c.metadata().isEmpty());
    }

    @Test
    void otherWritersDtypesAreConverted() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(16 + 4 + 4 + 16 + 3 + 2 + 3).order(ByteOrder.LITTLE_ENDIAN);
        data.putDouble(0.1).putDouble(-1e300);          // F64 [0, 16)
        data.putShort((short) 0x3c00).putShort((short) 0xc000); // F16 1.0, -2.0 [16, 20)
        data.putShort((short) 0x3f80).putShort((short) 0x4049); // BF16 1.0, 3.140625 [20, 24)
        data.putLong(-5).putLong(1L << 30);               // I64 [24, 40)
        data.put((byte) 200).put((byte) 0).put((byte) 7); // U8 [40, 43)
        data.put((byte) 1).put((byte) 0);                 // BOOL [43, 45)
        data.put((byte) -3).put((byte) 4).put((byte) -128); // I8 [45, 48)
        Path file = craft("pt.safetensors", "{\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[16,20]},"
                + "\"bf\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[20,24]},"
                + "\"labels\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[24,40]},"
                + "\"u\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[40,43]},"
                + "\"mask\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[43,45]},"
                + "\"i\":{\"dtype\":\"I8\",\"shape\":[3],\"data_offsets\":[45,48]}}", data.array());
        SafeTensors.Contents c = SafeTensors.read(file);
        assertArrayEquals(new float[] {0.1f, Float.NEGATIVE_INFINITY}, c.tensor("d").toArray());
        assertArrayEquals(new float[] {1f, -2f}, c.tensor("h").toArray());
        assertArrayEquals(new float[] {1f, 3.140625f}, c.tensor("bf").toArray());
        assertArrayEquals(new int[] {-5, 1 << 30}, c.intTensor("labels").data());
        assertArrayEquals(new int[] {200, 0, 7}, c.intTensor("u").data());
        assertArrayEquals(new int[] {1, 0}, c.intTensor("mask").data());
        assertArrayEquals(new int[] {-3, 4, -128}, c.intTensor("i").data());
    }

    @Test
    void int64ValuesOutsideTheIntRangeAreAnError() throws IOException {
        byte[] data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1).putLong((1L << 32) + 3).array();
        Path file = craft("labels.safetensors", "{\"y\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", data);
        assertMessage(file, "tensor 'y' (I64) element 1 is 4294967299, outside the int range ldnn loads it into");
    }

    // ------------------------------------------------------------------ corruption, each with its message

    @Test
    void truncatedFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, Map.of("w", Tensor.zeros(10, 10)));
        byte[] all = Files.readAllBytes(file); // 100 floats = 400 bytes of data
        Files.write(file, Arrays.copyOf(all, all.length - 100));
        assertMessage(file, "header says 400 bytes of tensor data, file has only 300 after the header (truncated file?)");
    }

    @Test
    void trailingBytesAfterTheLastTensor() throws IOException {
        Path file = craft("x.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[7]);
        assertMessage(file, "file has 7 bytes after the header, but its tensors account for only 4"
                + " (trailing bytes: corrupt or not a safetensors file?)");
    }

    @Test
    void headerLengthLargerThanTheFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Files.write(file, concat(le64(1234), "{}".getBytes(StandardCharsets.US_ASCII)));
        assertMessage(file, "header length says 1234 bytes, but the file has only 2 bytes after the 8-byte length"
                + " (truncated, or not a safetensors file?)");
        Files.write(file, concat(le64(-1), new byte[8])); // 2^64 - 1 as unsigned
        assertMessage(file, "header length says 18446744073709551615 bytes, but the file has only 8 bytes after the"
                + " 8-byte length (truncated, or not a safetensors file?)");
        Files.write(file, new byte[] {1, 2, 3});
        assertMessage(file, "file has 3 bytes, too few for the 8-byte header length (not a safetensors file?)");
    }

    @Test
    void headerThatIsNotAJsonObject() throws IOException {
        Path file = craft("model.safetensors", "{\"a\": {\"dtype\": \"F32\", \"shape\": [1] \"data_offsets\": [0, 4]}}",
                new byte[4]);
        assertMessage(file, "invalid JSON header: Unexpected character ('\"' (code 34)): was expecting comma to separate"
                + " Object entries at line 1, column 37");
        file = craft("model.safetensors", "[1, 2]", new byte[0]);
        assertMessage(file, "header does not start with '{' (first byte is 0x5b); not a safetensors file?");
        byte[] notUtf8 = concat(le64(8), new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}', ' '});
        Files.write(file, notUtf8);
        assertMessage(file, "header is not valid UTF-8: malformed byte sequence at byte offset 2");
    }

    @Test
    void overlappingTensors() throws IOException {
        Path file = craft("o.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[8],\"data_offsets\":[0,32]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[16,32]}}", new byte[32]);
        assertMessage(file, "tensor 'b' (bytes 16..32) overlaps tensor 'a' (bytes 0..32)");
    }

    @Test
    void gapsBetweenAndBeforeTensors() throws IOException {
        Path file = craft("g.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", new byte[20]);
        assertMessage(file, "gap in the data buffer: bytes 8..12 belong to no tensor (between 'a' and 'b')");
        file = craft("g.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]);
        assertMessage(file, "gap in the data buffer: bytes 0..4 belong to no tensor (the first tensor 'a' starts at 4)");
    }

    @Test
    void offsetsThatDoNotMatchShapeTimesDtypeSize() throws IOException {
        Path file = craft("s.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", new byte[20]);
        assertMessage(file, "tensor 'w': shape [2, 3] of F32 needs 24 bytes, but data_offsets [0, 20] span 20");
        file = craft("s.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", new byte[4]);
        assertMessage(file, "tensor 'w': data_offsets [8, 4] end before they begin");
        file = craft("s.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1,-1],\"data_offsets\":[0,4]}}", new byte[4]);
        assertMessage(file, "tensor 'w': \"shape\" is [1,-1], expected an array of non-negative integers");
        file = craft("s.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,4]}}", new byte[4]);
        assertMessage(file, "tensor 'w': shape [65536, 65536] is too large for a Java array (at most 2147483647 elements)");
        file = craft("s.safetensors", "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", new byte[4]);
        assertMessage(file, "tensor 'w': \"shape\" is missing, expected an array of non-negative integers");
    }

    @Test
    void unknownAndUnsupportedDtypes() throws IOException {
        Path file = craft("d.safetensors", "{\"w\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}", new byte[16]);
        FileFormatException e = assertThrows(FileFormatException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": tensor 'w' has unknown dtype \"F128\" (known: BOOL, U8,"),
                e.getMessage());
        Path c64 = craft("d.safetensors", "{\"z\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);
        e = assertThrows(FileFormatException.class, () -> SafeTensors.read(c64));
        assertTrue(e.getMessage().startsWith(c64 + ": tensor 'z' has dtype C64, which ldnn cannot load"), e.getMessage());
    }

    @Test
    void metadataMustMapStringsToStrings() throws IOException {
        Path file = craft("m.safetensors", "{\"__metadata__\":{\"epoch\":3}}", new byte[0]);
        assertMessage(file, "__metadata__ must map strings to strings, but \"epoch\" is a number");
    }

    @Test
    void formatTagIsCheckedBeforeLoading() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Map<String, Tensor> w = Map.of("w", Tensor.ones(2));
        SafeTensors.write(file, w, Map.of(), Map.of(SafeTensors.FORMAT_KEY, "1"));
        assertArrayEquals(new float[] {1, 1}, SafeTensors.read(file, 1).tensor("w").toArray());

        SafeTensors.write(file, w, Map.of(), Map.of(SafeTensors.FORMAT_KEY, "2"));
        FileFormatException e = assertThrows(FileFormatException.class, () -> SafeTensors.read(file, 1));
        assertEquals(file + ": written by ldnn format 2, this ldnn reads format 1 (written by a newer ldnn: upgrade"
                + " to read it)", e.getMessage());
        e = assertThrows(FileFormatException.class, () -> SafeTensors.read(file, 3));
        assertTrue(e.getMessage().startsWith(file + ": written by ldnn format 2, this ldnn reads format 3 (written by"
                + " an older ldnn"), e.getMessage());

        SafeTensors.write(file, w, Map.of(), Map.of(SafeTensors.FORMAT_KEY, "two"));
        assertThrows(FileFormatException.class, () -> SafeTensors.read(file, 1));

        SafeTensors.write(file, w);
        e = assertThrows(FileFormatException.class, () -> SafeTensors.read(file, 1));
        assertTrue(e.getMessage().startsWith(file + ": no \"ldnn.format\" in the safetensors metadata, so it was not"
                + " written by ldnn (this ldnn reads format 1)"), e.getMessage());
        assertEquals(1, SafeTensors.read(file).floats().size()); // a plain read still works
    }

    @Test
    void badArgumentsFailBeforeTheFileIsTouched() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, Map.of("w", Tensor.ones(1)));
        byte[] before = Files.readAllBytes(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file,
                Map.of("x", Tensor.ones(1)), Map.of("x", IntTensor.of(1)), Map.of()));
        assertEquals("SafeTensors.write " + file + ": 'x' is both a float and an int tensor; names must be unique",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(file, Map.of("__metadata__", Tensor.ones(1))));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), listing());
    }

    @Test
    void namesAreSortedByUtf8BytesLikeTheReference() {
        // String.compareTo (UTF-16) puts U+1F600 (D83D DE00) before U+FF21; UTF-8 bytes put EF BC A1 before F0 9F 98 80.
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("\uD83D\uDE00", Tensor.ones(1));
        t.put("\uFF21", Tensor.ones(1));
        t.put("B", Tensor.ones(1));
        String header = new String(SafeTensors.toBytes(t, Map.of(), Map.of()), StandardCharsets.UTF_8);
        int b = header.indexOf("\"B\""), fullwidth = header.indexOf("\uFF21"), emoji = header.indexOf("\uD83D\uDE00");
        assertTrue(b < fullwidth && fullwidth < emoji, header);
    }

    // ------------------------------------------------------------------ helpers

    private void assertMessage(Path file, String problem) {
        FileFormatException e = assertThrows(FileFormatException.class, () -> SafeTensors.read(file));
        assertEquals(file + ": " + problem, e.getMessage());
        assertEquals(file, e.file());
    }

    /** A file with the given header (padded to 8 bytes) and data, built by hand from the spec. */
    private Path craft(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        byte[] hp = Arrays.copyOf(h, padded);
        Arrays.fill(hp, h.length, padded, (byte) ' ');
        return Files.write(dir.resolve(name), concat(le64(padded), hp, data));
    }

    private static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private List<Path> listing() throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
