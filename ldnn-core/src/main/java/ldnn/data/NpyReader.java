package ldnn.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy .npy files (format versions 1-3): dtypes float32/float64/int8/int16/int32/int64/
 * uint8/uint16/bool, either byte order, C or Fortran order (Fortran arrays are reordered to C order).
 * float64 is narrowed to float32 and int64 must fit in an int, since ldnn computes in float32.
 */
public final class NpyReader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    static final String SUPPORTED = "f4, f8, i1, i2, i4, i8, u1, u2, b1";
    /**
     * NumPy writes headers of a few hundred bytes (and by default refuses to read one over 10,000): a longer
     * one is a corrupt length, not a header to read.
     */
    static final int MAX_HEADER_BYTES = 1 << 16;

    private NpyReader() {}

    /** Reads one .npy file; a malformed file is a {@link DataFileException} naming it. */
    public static NpyArray read(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file, "");
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read: " + e, e);
        }
    }

    /** Reads one array from a stream; where is "" for a file, or " entry 'x.npy'" inside an archive. */
    static NpyArray read(InputStream in, Path file, String where) throws IOException {
        String at = where.isEmpty() ? "" : where.trim() + ", ";
        byte[] head = in.readNBytes(8);
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= head.length || head[i] != MAGIC[i]) {
                throw DataFileException.at(file, at + "offset 0", "the .npy magic \\x93NUMPY", "'"
                        + new String(head, StandardCharsets.ISO_8859_1).replaceAll("\\p{C}", "?") + "' (not a .npy file)");
            }
        }
        if (head.length < 8) {
            throw DataFileException.at(file, at + "offset 6", "a 2-byte format version", (head.length - 6)
                    + " bytes (file truncated)");
        }
        int major = head[6];
        if (major < 1 || major > 3) {
            throw DataFileException.at(file, at + "offset 6", ".npy format version 1, 2 or 3", "version " + major);
        }
        int lenSize = major == 1 ? 2 : 4;
        byte[] lenBytes = in.readNBytes(lenSize);
        if (lenBytes.length < lenSize) {
            throw DataFileException.at(file, at + "offset 8", "a " + lenSize + "-byte header length", lenBytes.length
                    + " bytes (file truncated)");
        }
        long headerLen = ByteBuffer.wrap(Arrays.copyOf(lenBytes, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        int headerStart = 8 + lenSize;
        if (headerLen > MAX_HEADER_BYTES) {
            throw DataFileException.at(file, at + "offset 8", "a header of at most " + MAX_HEADER_BYTES + " bytes",
                    headerLen + " (a corrupt header length?)");
        }
        byte[] hb = in.readNBytes((int) headerLen);
        if (hb.length < headerLen) {
            throw DataFileException.at(file, at + "offset " + headerStart, headerLen + " header bytes",
                    hb.length + " (file truncated)");
        }
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher md = DESCR.matcher(header), mf = FORTRAN.matcher(header), ms = SHAPE.matcher(header);
        if (!md.find() || !mf.find() || !ms.find()) {
            throw DataFileException.at(file, at + "header", "a dict with 'descr' (a simple dtype), 'fortran_order'"
                    + " and 'shape'", "'" + header.trim() + "'" + (header.contains("'descr': [") ? " (structured"
                    + " dtypes are not supported)" : ""));
        }
        String descr = md.group(1);
        int[] shape = parseShape(ms.group(1), file, at, header);
        boolean fortran = mf.group(1).equals("True");
        char order = descr.isEmpty() ? '?' : descr.charAt(0);
        String type = descr.length() > 1 ? descr.substring(1) : "";
        int itemSize = switch (type) {
            case "f4", "i4" -> 4;
            case "f8", "i8" -> 8;
            case "i2", "u2" -> 2;
            case "i1", "u1", "b1" -> 1;
            default -> throw DataFileException.at(file, at + "header", "a dtype among " + SUPPORTED,
                    "'" + descr + "'");
        };
        if ("<>|=".indexOf(order) < 0) {
            throw DataFileException.at(file, at + "header", "a byte order mark (<, > or |) in the dtype", "'" + descr + "'");
        }
        long extent = 1;
        for (int s : shape) {
            // capped before each product, so that large sizes cannot overflow into a small one; zero sizes
            // count as 1, since a tensor's strides span the other sizes even when it is empty
            extent = Math.min(extent, Integer.MAX_VALUE) * Math.max(s, 1); // < 2^62
        }
        if (extent > (Integer.MAX_VALUE - 16) / itemSize) {
            throw DataFileException.at(file, at + "header", "at most 2 GiB of data (what one array holds)",
                    "shape " + ldnn.tensor.Shape.str(shape) + " of " + descr + " (a corrupt header?)");
        }
        long count = 1;
        for (int s : shape) {
            count *= s;
        }
        byte[] raw = in.readNBytes((int) (count * itemSize));
        if (raw.length < count * itemSize) {
            throw DataFileException.at(file, at + "offset " + (headerStart + headerLen), count * itemSize
                    + " bytes of " + descr + " data for shape " + ldnn.tensor.Shape.str(shape), "only "
                    + raw.length + " (file truncated)");
        }
        ByteBuffer bb = ByteBuffer.wrap(raw).order(order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int n = (int) count;
        String source = file + (where.isEmpty() ? "" : where);
        if (type.startsWith("f")) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = type.equals("f4") ? bb.getFloat() : (float) bb.getDouble();
            }
            return new NpyArray(source, descr, shape, fortran ? FortranOrder.toC(f, shape) : f, null);
        }
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (type) {
                case "i4" -> bb.getInt();
                case "i2" -> bb.getShort();
                case "u2" -> bb.getShort() & 0xFFFF;
                case "i1" -> bb.get();
                case "u1" -> bb.get() & 0xFF;
                case "b1" -> bb.get() != 0 ? 1 : 0;
                default -> {
                    long l = bb.getLong();
                    if (l != (int) l) {
                        throw DataFileException.at(file, at + "element " + i, "an int64 value within the int32"
                                + " range", String.valueOf(l));
                    }
                    yield (int) l;
                }
            };
        }
        return new NpyArray(source, descr, shape, null, fortran ? FortranOrder.toC(v, shape) : v);
    }

    private static int[] parseShape(String text, Path file, String at, String header) {
        String[] parts = text.split(",");
        int k = 0;
        int[] shape = new int[parts.length];
        for (String p : parts) {
            String t = p.trim().replaceAll("L$", "");
            if (t.isEmpty()) {
                continue;
            }
            try {
                shape[k] = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                shape[k] = -1;
            }
            if (shape[k++] < 0) {
                throw DataFileException.at(file, at + "header shape", "non-negative integer sizes", "'(" + text
                        + ")' in " + header.trim());
            }
        }
        return java.util.Arrays.copyOf(shape, k);
    }
}
