package ldnn.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and fully validated header of a safetensors file: every tensor's dtype, shape and
 * byte range, sorted by offset, plus the metadata. Validation follows the reference implementation:
 * the tensors tile the data buffer exactly (from 0, no gaps, no overlaps, ending at the end of the file)
 * and each byte range is exactly shape * dtype size.
 */
final class SafeTensorsHeader {
    /** The reference implementation refuses larger headers; so do we (a corrupt length is likely). */
    static final long MAX_HEADER_BYTES = 100_000_000;
    static final String METADATA_KEY = "__metadata__";

    record Entry(String name, SafeTensorsDtype dtype, int[] shape, int numel, long begin, long end) {}

    final Path file;
    final List<Entry> entries;
    final Map<String, String> metadata;
    /** File offset of the data buffer: 8 + header length. */
    final long dataStart;

    private SafeTensorsHeader(Path file, List<Entry> entries, Map<String, String> metadata, long dataStart) {
        this.file = file;
        this.entries = entries;
        this.metadata = metadata;
        this.dataStart = dataStart;
    }

    /** Parses the metadata only, so a format check can run before the tensors are validated. */
    static Map<String, Object> parseJson(Path file, MemorySegment bytes) throws FileFormatException {
        long size = bytes.byteSize();
        if (size < 8) {
            throw new FileFormatException(file, "file has " + size
                    + " bytes, too few for the 8-byte header length (not a safetensors file?)");
        }
        long n = bytes.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (n < 0 || n > size - 8) {
            throw new FileFormatException(file, "header length says " + Long.toUnsignedString(n)
                    + " bytes, but the file has only " + (size - 8)
                    + " bytes after the 8-byte length (truncated, or not a safetensors file?)");
        }
        if (n > MAX_HEADER_BYTES) {
            throw new FileFormatException(file, "header length " + n + " exceeds the safetensors limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (n == 0 || bytes.get(ValueLayout.JAVA_BYTE, 8) != '{') {
            throw new FileFormatException(file, "header does not start with '{'"
                    + (n == 0 ? " (it is empty)" : String.format(" (first byte is 0x%02x)", bytes.get(ValueLayout.JAVA_BYTE, 8)))
                    + "; not a safetensors file?");
        }
        byte[] header = bytes.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
        String text = Json.decodeUtf8(file, "header is ", header, 0, header.length);
        Object json;
        try {
            json = Json.parse(text);
        } catch (JsonException e) {
            throw new FileFormatException(file, "invalid JSON header: " + e.getMessage(), e);
        }
        if (!(json instanceof Map<?, ?>)) {
            throw new FileFormatException(file, "header is " + Json.typeName(json) + ", expected a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) json;
        return map;
    }

    static Map<String, String> metadata(Path file, Map<String, Object> json) throws FileFormatException {
        Map<String, String> metadata = new LinkedHashMap<>();
        Object m = json.get(METADATA_KEY);
        if (m == null) {
            return metadata;
        }
        if (!(m instanceof Map<?, ?> map)) {
            throw new FileFormatException(file, METADATA_KEY + " is " + Json.typeName(m) + ", expected an object of strings");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new FileFormatException(file, METADATA_KEY + " must map strings to strings, but "
                        + Json.quote((String) e.getKey()) + " is " + Json.typeName(e.getValue()));
            }
            metadata.put((String) e.getKey(), s);
        }
        return metadata;
    }

    /** Validates the tensor entries of a parsed header against the whole file in bytes. */
    static SafeTensorsHeader validate(Path file, Map<String, Object> json, Map<String, String> metadata,
            MemorySegment bytes) throws FileFormatException {
        long headerLength = bytes.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        long dataStart = 8 + headerLength;
        long available = bytes.byteSize() - dataStart;
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : json.entrySet()) {
            if (!e.getKey().equals(METADATA_KEY)) {
                entries.add(entry(file, e.getKey(), e.getValue()));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expectedBegin = 0;
        Entry previous = null;
        for (Entry t : entries) {
            if (t.begin < expectedBegin) {
                throw new FileFormatException(file, "tensor " + quote(t.name) + " (bytes " + t.begin + ".." + t.end
                        + ") overlaps tensor " + quote(previous.name) + " (bytes " + previous.begin + ".." + previous.end + ")");
            }
            if (t.begin > expectedBegin) {
                throw new FileFormatException(file, "gap in the data buffer: bytes " + expectedBegin + ".." + t.begin
                        + " belong to no tensor (" + (previous == null ? "the first tensor "
                        : "between " + quote(previous.name) + " and ") + quote(t.name)
                        + (previous == null ? " starts at " + t.begin : "") + ")");
            }
            expectedBegin = t.end;
            previous = t;
        }
        if (expectedBegin > available) {
            throw new FileFormatException(file, "header says " + expectedBegin + " bytes of tensor data, file has only "
                    + available + " after the header (truncated file?)");
        }
        if (expectedBegin < available) {
            throw new FileFormatException(file, "file has " + available + " bytes after the header, but its tensors"
                    + " account for only " + expectedBegin + " (trailing bytes: corrupt or not a safetensors file?)");
        }
        return new SafeTensorsHeader(file, List.copyOf(entries), metadata, dataStart);
    }

    private static Entry entry(Path file, String name, Object value) throws FileFormatException {
        String where = "tensor " + quote(name);
        if (!(value instanceof Map<?, ?> info)) {
            throw new FileFormatException(file, where + " is " + Json.typeName(value)
                    + ", expected an object with dtype, shape and data_offsets");
        }
        if (!(info.get("dtype") instanceof String dtypeName)) {
            throw new FileFormatException(file, where + ": \"dtype\" is " + describe(info, "dtype") + ", expected a string");
        }
        SafeTensorsDtype dtype = SafeTensorsDtype.parse(dtypeName);
        if (dtype == null) {
            throw new FileFormatException(file, where + " has unknown dtype " + Json.quote(dtypeName) + " (known: "
                    + SafeTensorsDtype.names(null) + ")");
        }
        long[] shapeL = naturals(info.get("shape"));
        if (shapeL == null) {
            throw new FileFormatException(file, where + ": \"shape\" is " + describe(info, "shape")
                    + ", expected an array of non-negative integers");
        }
        long[] offsets = naturals(info.get("data_offsets"));
        if (offsets == null || offsets.length != 2) {
            throw new FileFormatException(file, where + ": \"data_offsets\" is " + describe(info, "data_offsets")
                    + ", expected [begin, end] with non-negative integers");
        }
        if (offsets[1] < offsets[0]) {
            throw new FileFormatException(file, where + ": data_offsets [" + offsets[0] + ", " + offsets[1]
                    + "] end before they begin");
        }
        long numel = 1;
        for (long d : shapeL) {
            // Saturating product: a hostile shape must not overflow into a small, "valid" size.
            numel = d == 0 || numel == 0 ? 0 : numel > Long.MAX_VALUE / d ? Long.MAX_VALUE : numel * d;
        }
        if (numel > Integer.MAX_VALUE) {
            throw new FileFormatException(file, where + ": shape " + Arrays.toString(shapeL)
                    + " is too large for a Java array (at most " + Integer.MAX_VALUE + " elements)");
        }
        long bytes = numel * dtype.size;
        if (offsets[1] - offsets[0] != bytes) {
            throw new FileFormatException(file, where + ": shape " + Arrays.toString(shapeL) + " of " + dtype
                    + " needs " + bytes + " bytes, but data_offsets [" + offsets[0] + ", " + offsets[1] + "] span "
                    + (offsets[1] - offsets[0]));
        }
        int[] shape = new int[shapeL.length];
        for (int i = 0; i < shape.length; i++) {
            if (shapeL[i] > Integer.MAX_VALUE) { // possible only beside a 0 dimension
                throw new FileFormatException(file, where + ": dimension " + shapeL[i] + " of shape "
                        + Arrays.toString(shapeL) + " does not fit in an int");
            }
            shape[i] = (int) shapeL[i];
        }
        return new Entry(name, dtype, shape, (int) numel, offsets[0], offsets[1]);
    }

    /** The list as non-negative longs, or null if it is not a list of them. */
    private static long[] naturals(Object v) {
        if (!(v instanceof List<?> list)) {
            return null;
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l) || l < 0) {
                return null;
            }
            out[i] = l;
        }
        return out;
    }

    private static String describe(Map<?, ?> info, String key) {
        if (!info.containsKey(key)) {
            return "missing";
        }
        Object v = info.get(key);
        return Json.write(v, false, Json.NonFinite.NULL);
    }

    static String quote(String name) {
        return "'" + name + "'";
    }
}
