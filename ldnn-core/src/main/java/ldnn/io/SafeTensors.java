package ldnn.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Tensor;

/**
 * Reads and writes Hugging Face safetensors files: an 8-byte little-endian header length N, N bytes
 * of UTF-8 JSON (padded with spaces to a multiple of 8) mapping each tensor name to its dtype, shape
 * and [begin, end) byte range in the data buffer that follows, plus an optional "__metadata__"
 * object of strings; then the tensors' little-endian, row-major data with no gaps.
 *
 * <p>Writing: float tensors as F32 and int tensors as I32, in the reference implementation's order:
 * by dtype alignment descending (so all F32 tensors, then all I32 tensors), each group sorted by name
 * (comparing UTF-8 bytes, as Rust compares strings). The header is compact JSON with the metadata
 * first (keys sorted, where the reference's hash map has no fixed order), then the tensors as
 * {"dtype", "shape", "data_offsets"}. Views (transposes, slices) are written as their logical values.
 * Files are written atomically ({@link AtomicFiles}).
 *
 * <p>Reading: F32 loads as is; F64 is rounded to the nearest float ({@code (float) d}, so magnitudes
 * beyond Float.MAX_VALUE become infinite); F16 and BF16 convert exactly. I32 loads as is; I64, U32 and
 * U64 load as int if every value fits (else an error naming the tensor); I16, U16, I8, U8 and BOOL widen
 * to int. The header is validated like the reference does, and every failure names the file.
 */
public final class SafeTensors {
    /** The metadata key for the ldnn file format version checked by {@link #read(Path, int)}. */
    public static final String FORMAT_KEY = "ldnn.format";
    /**
     * The metadata key of the integrity check, written into every file whose metadata has {@link #FORMAT_KEY}
     * (ldnn's model files and checkpoints) and verified on every read: a JSON object with the CRC-32C of
     * each tensor's bytes (by tensor name) and of the other metadata entries (under "__metadata__"), as 8
     * hex digits. A flipped bit anywhere in the data or metadata is an error naming the file and the tensor.
     */
    public static final String CHECKSUM_KEY = "ldnn.crc32c";

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Elements converted per chunk while writing: big enough for bulk copies, small enough to stay cached. */
    private static final int CHUNK = 1 << 18;

    private SafeTensors() {}

    /**
     * What a file holds: tensors in file (offset) order, and the metadata.
     *
     * @param checksummed true when the file carried {@link #CHECKSUM_KEY} and every checksum matched (ldnn's
     *                    model files and checkpoints since checksums were added); false for a file without them
     */
    public record Contents(Map<String, Tensor> floats, Map<String, IntTensor> ints, Map<String, String> metadata,
                           boolean checksummed) {
        /** Makes the maps unmodifiable. */
        public Contents {
            floats = Collections.unmodifiableMap(floats);
            ints = Collections.unmodifiableMap(ints);
            metadata = Collections.unmodifiableMap(metadata);
        }

        /** The float tensor called name; a missing name is an error listing the names present. */
        public Tensor tensor(String name) {
            Tensor t = floats.get(name);
            if (t == null) {
                throw new IllegalArgumentException("no float tensor '" + name + "' (float tensors: " + floats.keySet()
                        + ", int tensors: " + ints.keySet() + ")");
            }
            return t;
        }

        /** The int tensor called name; a missing name is an error listing the names present. */
        public IntTensor intTensor(String name) {
            IntTensor t = ints.get(name);
            if (t == null) {
                throw new IllegalArgumentException("no int tensor '" + name + "' (int tensors: " + ints.keySet()
                        + ", float tensors: " + floats.keySet() + ")");
            }
            return t;
        }
    }

    // ------------------------------------------------------------------ writing

    /** Writes float tensors to {@code file} atomically, without metadata. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Map.of(), Map.of());
    }

    /** Writes float tensors (F32), int tensors (I32) and metadata to file, atomically. */
    public static void write(Path file, Map<String, Tensor> floats, Map<String, IntTensor> ints,
            Map<String, String> metadata) throws IOException {
        Layout layout = layout(String.valueOf(file), floats, ints, metadata); // bad arguments never touch the file
        AtomicFiles.write(file, out -> layout.writeTo(out));
    }

    /** The bytes of the file {@link #write} would write. */
    public static byte[] toBytes(Map<String, Tensor> floats, Map<String, IntTensor> ints, Map<String, String> metadata) {
        Layout layout = layout("toBytes", floats, ints, metadata);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            layout.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** One tensor to write: its safetensors dtype and a source of its row-major values. */
    private record Item(String name, SafeTensorsDtype dtype, int[] shape, Object values) {
        void bytes(byte[] chunk, ChunkSink sink) throws IOException {
            itemBytes(this, chunk, sink);
        }

        long bytes() {
            return (long) Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) * dtype.size;
        }
    }

    private record Layout(byte[] header, List<Item> items) {
        void writeTo(OutputStream out) throws IOException {
            byte[] length = new byte[8];
            MemorySegment.ofArray(length).set(I64, 0, header.length);
            out.write(length);
            out.write(header);
            byte[] chunk = new byte[CHUNK * 4];
            for (Item item : items) {
                item.bytes(chunk, out::write);
            }
        }
    }

    private interface ChunkSink {
        void accept(byte[] b, int off, int len) throws IOException;
    }

    /** Passes an item's little-endian bytes to sink, a chunk at a time. */
    private static void itemBytes(Item item, byte[] chunk, ChunkSink sink) throws IOException {
        MemorySegment chunkSegment = MemorySegment.ofArray(chunk);
        int per = chunk.length / 4;
        if (item.values instanceof Tensor t) {
            // A contiguous tensor is read in place; a view is copied to its logical order first.
            float[] data = t.isContiguous() ? t.data() : t.toArray();
            int start = t.isContiguous() ? t.offset() : 0;
            int n = t.numel();
            for (int i = 0; i < n; i += per) {
                int len = Math.min(per, n - i);
                MemorySegment.copy(data, start + i, chunkSegment, F32, 0, len);
                sink.accept(chunk, 0, len * 4);
            }
        } else {
            int[] data = ((IntTensor) item.values).data();
            for (int i = 0; i < data.length; i += per) {
                int len = Math.min(per, data.length - i);
                MemorySegment.copy(data, i, chunkSegment, I32, 0, len);
                sink.accept(chunk, 0, len * 4);
            }
        }
    }

    private static String crcOf(Item item, byte[] chunk) {
        CRC32C crc = new CRC32C();
        try {
            itemBytes(item, chunk, crc::update);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a CRC does not fail
        }
        return hex(crc.getValue());
    }

    /** The CRC-32C of the metadata entries other than the checksums, in key order: key, NUL, value, NUL. */
    private static String metadataCrc(Map<String, String> metadata) {
        CRC32C crc = new CRC32C();
        Map<String, String> sorted = new TreeMap<>(SafeTensors::compareUtf8);
        sorted.putAll(metadata);
        sorted.remove(CHECKSUM_KEY);
        sorted.forEach((k, v) -> {
            crc.update(k.getBytes(StandardCharsets.UTF_8));
            crc.update(0);
            crc.update(v.getBytes(StandardCharsets.UTF_8));
            crc.update(0);
        });
        return hex(crc.getValue());
    }

    private static String hex(long crc) {
        return String.format(java.util.Locale.ROOT, "%08x", crc);
    }

    private static Layout layout(String target, Map<String, Tensor> floats, Map<String, IntTensor> ints,
            Map<String, String> metadata) {
        List<Item> items = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : floats.entrySet()) {
            Tensor t = requireTensor(target, e.getKey(), e.getValue());
            items.add(new Item(e.getKey(), SafeTensorsDtype.F32, t.shape(), t));
        }
        for (Map.Entry<String, IntTensor> e : ints.entrySet()) {
            IntTensor t = requireTensor(target, e.getKey(), e.getValue());
            if (floats.containsKey(e.getKey())) {
                throw new IllegalArgumentException("SafeTensors.write " + target + ": '" + e.getKey()
                        + "' is both a float and an int tensor; names must be unique");
            }
            items.add(new Item(e.getKey(), SafeTensorsDtype.I32, t.shape(), t));
        }
        // The reference order: dtype alignment descending, then name by UTF-8 bytes.
        items.sort(Comparator.comparing(Item::dtype, Comparator.reverseOrder())
                .thenComparing(Item::name, SafeTensors::compareUtf8));

        if (metadata.containsKey(FORMAT_KEY)) { // an ldnn file: checksums of the metadata and of every tensor
            Map<String, String> sums = new LinkedHashMap<>();
            sums.put(SafeTensorsHeader.METADATA_KEY, metadataCrc(metadata));
            byte[] chunk = new byte[1 << 16];
            for (Item item : items) {
                sums.put(item.name, crcOf(item, chunk));
            }
            metadata = new LinkedHashMap<>(metadata);
            metadata.put(CHECKSUM_KEY, Json.write(sums));
        }
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            Map<String, String> sorted = new TreeMap<>(SafeTensors::compareUtf8);
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("SafeTensors.write " + target + ": metadata " + e.getKey()
                            + " = " + e.getValue() + " has a null key or value");
                }
                sorted.put(e.getKey(), e.getValue());
            }
            header.put(SafeTensorsHeader.METADATA_KEY, sorted);
        }
        long offset = 0;
        for (Item item : items) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", item.dtype.name());
            info.put("shape", item.shape);
            info.put("data_offsets", new long[] {offset, offset + item.bytes()});
            offset += item.bytes();
            header.put(item.name, info);
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(json, (json.length + 7) / 8 * 8); // tensor data starts 8-byte aligned
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        return new Layout(padded, items);
    }

    private static <T> T requireTensor(String target, String name, T tensor) {
        if (name == null || tensor == null) {
            throw new IllegalArgumentException("SafeTensors.write " + target + ": tensor " + name + " = " + tensor
                    + " has a null name or value");
        }
        if (name.equals(SafeTensorsHeader.METADATA_KEY)) {
            throw new IllegalArgumentException("SafeTensors.write " + target + ": '" + name
                    + "' is reserved for the metadata and cannot name a tensor");
        }
        return tensor;
    }

    private static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ reading

    /** Reads any valid safetensors file (written by ldnn, PyTorch, JAX, ...). */
    public static Contents read(Path file) throws IOException {
        return readChecked(file, null);
    }

    /**
     * Reads a file written by ldnn in the given format: its metadata must have {@link #FORMAT_KEY}
     * equal to expectedFormat, checked before anything else so that a file from another ldnn version
     * fails with "written by ldnn format 2, this ldnn reads format 1" rather than a confusing later error.
     */
    public static Contents read(Path file, int expectedFormat) throws IOException {
        return readChecked(file, expectedFormat);
    }

    /** Reads the safetensors bytes of an in-memory file (errors name {@code "<memory>"}). */
    public static Contents fromBytes(byte[] bytes) throws FileFormatException {
        return decode(null, MemorySegment.ofArray(bytes), null);
    }

    private static Contents readChecked(Path file, Integer expectedFormat) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            long size = channel.size();
            MemorySegment bytes = size == 0 ? MemorySegment.ofArray(new byte[0])
                    : channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return decode(file, bytes, expectedFormat);
        }
    }

    private static Contents decode(Path file, MemorySegment bytes, Integer expectedFormat) throws FileFormatException {
        Map<String, Object> json = SafeTensorsHeader.parseJson(file, bytes);
        Map<String, String> metadata = SafeTensorsHeader.metadata(file, json);
        if (expectedFormat != null) {
            checkFormat(file, metadata, expectedFormat);
        }
        SafeTensorsHeader header = SafeTensorsHeader.validate(file, json, metadata, bytes);
        boolean checksummed = verifyChecksums(file, metadata, header, bytes);
        Map<String, Tensor> floats = new LinkedHashMap<>();
        Map<String, IntTensor> ints = new LinkedHashMap<>();
        for (SafeTensorsHeader.Entry e : header.entries) {
            MemorySegment data = bytes.asSlice(header.dataStart + e.begin(), e.end() - e.begin());
            switch (e.dtype().loadsAs) {
                case FLOAT -> floats.put(e.name(), Tensor.of(SafeTensorsConvert.floats(e.dtype(), data, e.numel()), e.shape()));
                case INT -> ints.put(e.name(), new IntTensor(SafeTensorsConvert.ints(file, e, data), e.shape()));
                case UNSUPPORTED -> throw new FileFormatException(file, "tensor '" + e.name() + "' has dtype "
                        + e.dtype() + ", which ldnn cannot load (float tensors: "
                        + SafeTensorsDtype.names(SafeTensorsDtype.Kind.FLOAT) + "; int tensors: "
                        + SafeTensorsDtype.names(SafeTensorsDtype.Kind.INT) + ")");
            }
        }
        return new Contents(floats, ints, metadata, checksummed);
    }

    /** Checks {@link #CHECKSUM_KEY} when the file has it (true); false for a file without checksums. */
    private static boolean verifyChecksums(Path file, Map<String, String> metadata, SafeTensorsHeader header,
                                           MemorySegment bytes) throws FileFormatException {
        String recorded = metadata.get(CHECKSUM_KEY);
        if (recorded == null) {
            return false;
        }
        Map<String, Object> sums;
        try {
            sums = Json.parseObject(recorded);
        } catch (RuntimeException e) {
            throw new FileFormatException(file, "its checksums (metadata '" + CHECKSUM_KEY + "') are unreadable: the"
                    + " file is damaged");
        }
        String meta = metadataCrc(metadata);
        if (!meta.equals(sums.get(SafeTensorsHeader.METADATA_KEY))) {
            throw new FileFormatException(file, "the file is damaged: its metadata has checksum " + meta
                    + ", but the file recorded " + sums.get(SafeTensorsHeader.METADATA_KEY)
                    + " when it was written (a bad copy or disk?); copy it again or retrain");
        }
        for (SafeTensorsHeader.Entry e : header.entries) {
            Object want = sums.get(e.name());
            if (want == null) {
                throw new FileFormatException(file, "the file is damaged: tensor '" + e.name()
                        + "' has no recorded checksum (its header was changed after it was written)");
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes.asSlice(header.dataStart + e.begin(), e.end() - e.begin()).asByteBuffer());
            String found = hex(crc.getValue());
            if (!found.equals(want)) {
                throw new FileFormatException(file, "the file is damaged: tensor '" + e.name() + "' has checksum "
                        + found + ", but the file recorded " + want + " when it was written (a bad copy or disk?);"
                        + " copy it again or retrain");
            }
        }
        if (sums.size() != header.entries.size() + 1) {
            throw new FileFormatException(file, "the file is damaged: it records checksums for " + (sums.size() - 1)
                    + " tensors but holds " + header.entries.size());
        }
        return true;
    }

    private static void checkFormat(Path file, Map<String, String> metadata, int expected) throws FileFormatException {
        String tag = metadata.get(FORMAT_KEY);
        if (tag == null) {
            throw new FileFormatException(file, "no \"" + FORMAT_KEY + "\" in the safetensors metadata, so it was not"
                    + " written by ldnn (this ldnn reads format " + expected + "); SafeTensors.read(path) loads plain"
                    + " safetensors files");
        }
        int found;
        try {
            found = Integer.parseInt(tag.strip());
        } catch (NumberFormatException e) {
            throw new FileFormatException(file, "\"" + FORMAT_KEY + "\" is " + Json.quote(tag) + ", expected an integer");
        }
        if (found != expected) {
            throw new FileFormatException(file, "written by ldnn format " + found + ", this ldnn reads format " + expected
                    + (found > expected ? " (written by a newer ldnn: upgrade to read it)"
                            : " (written by an older ldnn: convert it with the ldnn version that wrote it)"));
        }
    }
}
