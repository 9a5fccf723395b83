package ldnn.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import ldnn.tensor.Tensor;

/**
 * Reads NumPy .npz archives (np.savez: stored entries; np.savez_compressed: deflated entries), each
 * entry a .npy array, so data prepared in Python loads directly.
 */
public final class NpzReader {
    private NpzReader() {}

    /** All arrays, keyed by entry name without ".npy", in archive order. */
    public static Map<String, NpyArray> read(Path file) {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                if (!e.getName().endsWith(".npy")) {
                    throw DataFileException.at(file, "entry '" + e.getName() + "'", "only .npy entries (an np.savez"
                            + " archive)", "another file");
                }
                try (InputStream in = new BufferedInputStream(zip.getInputStream(e), 1 << 16)) {
                    String key = e.getName().substring(0, e.getName().length() - 4);
                    out.put(key, NpyReader.read(in, file, " entry '" + e.getName() + "'"));
                } catch (ZipException z) {
                    throw new DataFileException(file, "entry '" + e.getName() + "': corrupt compressed data ("
                            + z.getMessage() + ")", z);
                }
            }
        } catch (ZipException e) {
            throw DataFileException.at(file, "offset 0", "a zip archive (.npz from np.savez)",
                    "something else (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read: " + e, e);
        }
        if (out.isEmpty()) {
            throw new DataFileException(file, "expected at least one array, found an empty archive");
        }
        return out;
    }

    /**
     * A data set from two arrays of an archive: inputs xKey [n, ...] and labels yKey. Integer (or bool)
     * labels of shape [n] make a classification set; float labels a regression set (targets [n, 1] for
     * a 1-d array).
     */
    public static Dataset readDataset(Path file, String xKey, String yKey) {
        Map<String, NpyArray> arrays = read(file);
        NpyArray x = require(file, arrays, xKey), y = require(file, arrays, yKey);
        if (x.shape().length == 0 || y.shape().length == 0 || x.shape()[0] != y.shape()[0]) {
            throw DataFileException.at(file, "arrays '" + xKey + "' and '" + yKey + "'", "the same leading size"
                    + " (one row per example)", x + " and " + y);
        }
        String name = file.getFileName().toString();
        if (y.isInteger() && y.shape().length == 1) {
            return Dataset.classification(name, x.toTensor(), y.toIntTensor(), java.util.List.of());
        }
        Tensor t = y.toTensor();
        return Dataset.regression(name, x.toTensor(), t.rank() == 1 ? t.reshape(t.size(0), 1) : t);
    }

    private static NpyArray require(Path file, Map<String, NpyArray> arrays, String key) {
        NpyArray a = arrays.get(key);
        if (a == null) {
            throw DataFileException.at(file, "archive", "an array named '" + key + "'", "arrays " + arrays.keySet());
        }
        return a;
    }
}
