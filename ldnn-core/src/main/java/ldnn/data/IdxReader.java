package ldnn.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Tensor;

/**
 * Reads IDX files, the MNIST / Fashion-MNIST layout: magic {@code 00 00 08 rank}, rank big-endian
 * 32-bit sizes, then unsigned bytes. Gzipped files are recognised by their magic bytes (1f 8b), not by
 * their name. Pixel values stay 0..255 as floats: scaling is the preprocessor's job, fitted on the
 * training split.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;
    /**
     * The most values a file may hold: a Java array's limit. Zero sizes count as 1 here, since a tensor's
     * strides span the other sizes even when it is empty.
     */
    static final int MAX_VALUES = Integer.MAX_VALUE - 16;

    private IdxReader() {}

    /** The decoded contents: sizes per axis and the raw unsigned bytes. */
    record Raw(int[] dims, byte[] data) {}

    /** An image file (rank 3: count, rows, cols) as a float tensor [n, 1, rows, cols]. */
    public static Tensor readImages(Path file) {
        Raw raw = read(file, 3, "an image file (rank 3: count, rows, cols)");
        byte[] b = raw.data();
        float[] out = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return Tensor.of(out, raw.dims()[0], 1, raw.dims()[1], raw.dims()[2]);
    }

    /** A label file (rank 1) as an IntTensor [n]. */
    public static IntTensor readLabels(Path file) {
        Raw raw = read(file, 1, "a label file (rank 1: count)");
        byte[] b = raw.data();
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return new IntTensor(out, out.length);
    }

    /** An image file and its label file as a classification set; the counts must agree. */
    public static Dataset readDataset(String name, Path images, Path labels, List<String> classNames) {
        Tensor x = readImages(images);
        IntTensor y = readLabels(labels);
        if (x.size(0) != y.numel()) {
            throw new DataFileException(labels, "holds " + y.numel() + " labels but " + images.getFileName()
                    + " holds " + x.size(0) + " images: expected the same count (mismatched pair of files?)");
        }
        if (!classNames.isEmpty()) {
            for (int i = 0; i < y.numel(); i++) {
                if (y.get(i) >= classNames.size()) {
                    throw DataFileException.at(labels, "label record " + i, "a class index below "
                            + classNames.size(), String.valueOf(y.get(i)));
                }
            }
        }
        return Dataset.classification(name, x, y, classNames);
    }

    /** Reads and checks a whole file of the given rank. */
    static Raw read(Path file, int expectedRank, String expectedWhat) {
        try (InputStream in = open(file)) {
            byte[] head = in.readNBytes(4);
            String compressed = in instanceof GZIPInputStream ? " (offsets in the uncompressed stream)" : "";
            if (head.length < 4) {
                throw DataFileException.at(file, "offset 0", "a 4-byte IDX magic number", head.length
                        + " bytes (file truncated or empty)" + compressed);
            }
            if (head[0] != 0 || head[1] != 0) {
                throw DataFileException.at(file, "offset 0", "IDX magic 00 00 08 0" + expectedRank, hex(head)
                        + " (not an IDX file)");
            }
            if (head[2] != UNSIGNED_BYTE) {
                throw DataFileException.at(file, "offset 2", "data type 0x08 (unsigned byte)",
                        String.format("0x%02x (only unsigned-byte IDX files are supported)", head[2] & 0xFF));
            }
            int rank = head[3] & 0xFF;
            if (rank != expectedRank) {
                throw DataFileException.at(file, "offset 3", expectedWhat, "rank " + rank);
            }
            byte[] sizes = in.readNBytes(4 * rank);
            if (sizes.length < 4 * rank) {
                throw DataFileException.at(file, "offset 4", 4 * rank + " bytes of axis sizes",
                        sizes.length + " (file truncated)" + compressed);
            }
            int[] dims = new int[rank];
            long extent = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = ((sizes[4 * i] & 0xFF) << 24) | ((sizes[4 * i + 1] & 0xFF) << 16)
                        | ((sizes[4 * i + 2] & 0xFF) << 8) | (sizes[4 * i + 3] & 0xFF);
                if (dims[i] < 0) {
                    throw DataFileException.at(file, "offset " + (4 + 4 * i), "a non-negative axis size",
                            Integer.toUnsignedString(dims[i]));
                }
                // capped before each product, so that three large sizes cannot overflow into a small one
                extent = Math.min(extent, MAX_VALUES + 1L) * Math.max(dims[i], 1);
            }
            if (extent > MAX_VALUES) {
                throw DataFileException.at(file, "header", "sizes whose product is at most " + MAX_VALUES
                        + " (what one tensor holds)", dimsText(dims) + " (a corrupt header?)");
            }
            long total = 1;
            for (int d : dims) {
                total *= d;
            }
            int headerBytes = 4 + 4 * rank;
            byte[] data = in.readNBytes((int) total);
            if (data.length < total) {
                throw DataFileException.at(file, "offset " + headerBytes, total + " bytes of data ("
                        + dimsText(dims) + ")", "only " + data.length + " (file truncated)" + compressed);
            }
            if (in.read() != -1) {
                throw DataFileException.at(file, "offset " + (headerBytes + total), "end of file after "
                        + dimsText(dims) + " values", "more data (wrong header sizes?)" + compressed);
            }
            return new Raw(dims, data);
        } catch (EOFException | ZipException e) {
            throw new DataFileException(file, "corrupt or truncated gzip stream (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read: " + e, e);
        }
    }

    /** Opens the file, inserting a gunzip stage when it starts with the gzip magic 1f 8b. */
    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        if (b0 != 0x1f || b1 != 0x8b) {
            return in;
        }
        try {
            return new GZIPInputStream(in, 1 << 16);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    private static String dimsText(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : " x ").append(dims[i]);
        }
        return sb.toString();
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte v : b) {
            sb.append(sb.isEmpty() ? "" : " ").append(String.format("%02x", v & 0xFF));
        }
        return sb.toString();
    }
}
