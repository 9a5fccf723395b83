package ldnn.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;

/**
 * Writes NumPy files as np.save / np.savez do: the arrays {@link NpyReader} reads (the Spark estimator's
 * hand-over of a DataFrame to the trainer, and the tests' data files).
 */
public final class NpzWriter {
    private NpzWriter() {
    }

    /** x (float32 [n, ...]) and y (int32 labels [n]) as an .npz archive, written atomically. */
    public static void write(Path f, float[] x, int[] xShape, int[] y) throws IOException {
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp)) {
            ZipOutputStream zip = new ZipOutputStream(os);
            zip.putNextEntry(new ZipEntry("x.npy"));
            zip.write(header("<f4", xShape));
            writeLittleEndian(zip, x);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("y.npy"));
            zip.write(header("<i4", new int[] {y.length}));
            ByteBuffer b = ByteBuffer.allocate(4 * y.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asIntBuffer().put(y);
            zip.write(b.array());
            zip.closeEntry();
            zip.finish();
        }
        // (data must not use io's AtomicFiles: the same write-then-rename, by hand)
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** One float32 array as the bytes of a .npy file. */
    public static byte[] npy(float[] values, int[] shape) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        byte[] h = header("<f4", shape), out = new byte[h.length + b.capacity()];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(b.array(), 0, out, h.length, b.capacity());
        return out;
    }

    private static void writeLittleEndian(OutputStream out, float[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        DataOutputStream d = new DataOutputStream(out);
        for (int i = 0; i < v.length; ) {
            b.clear();
            int n = Math.min(v.length - i, b.capacity() / 4);
            b.asFloatBuffer().put(v, i, n);
            d.write(b.array(), 0, 4 * n);
            i += n;
        }
        d.flush();
    }

    private static byte[] header(String dtype, int[] shape) {
        StringBuilder s = new StringBuilder();
        for (int d : shape) {
            s.append(d).append(", ");
        }
        String dims = shape.length == 1 ? shape[0] + "," : s.substring(0, s.length() - 2);
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = 10 + dict.length() + 1;
        dict = dict + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + dict.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) dict.length()).put(dict.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }
}
