package ldnn.data;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ldnn.tensor.Tensor;

/**
 * Finds identical examples by hashing rows of x [n, d] (exact float equality, confirmed on a hash hit):
 * repeats inside the training set and training examples that reappear in held-out sets.
 */
final class DuplicateFinder {
    private final float[] data;
    private final int offset, d;
    private final Map<Long, int[]> byHash = new HashMap<>();

    DuplicateFinder(Tensor x) {
        Tensor c = x.contiguous();
        this.data = c.data();
        this.offset = c.offset();
        int n = x.size(0);
        this.d = n == 0 ? 0 : x.numel() / n;
        for (int i = 0; i < n; i++) {
            long h = hash(data, offset + i * d, d);
            int[] prev = byHash.get(h);
            if (prev == null) {
                byHash.put(h, new int[] {i});
            } else {
                int[] grown = java.util.Arrays.copyOf(prev, prev.length + 1);
                grown[prev.length] = i;
                byHash.put(h, grown);
            }
        }
    }

    /** The first indexed row equal to row i of other (same width), or -1. */
    int find(float[] other, int otherOffset) {
        int[] rows = byHash.get(hash(other, otherOffset, d));
        if (rows != null) {
            for (int r : rows) {
                if (java.util.Arrays.equals(data, offset + r * d, offset + (r + 1) * d, other, otherOffset,
                        otherOffset + d)) {
                    return r;
                }
            }
        }
        return -1;
    }

    static void check(Dataset train, List<Dataset> heldOut, List<Finding> out) {
        DuplicateFinder index = new DuplicateFinder(train.x());
        Tensor tx = train.x();
        int d = index.width(), dup = 0, conflicting = 0, exA = -1, exB = -1;
        for (int i = 0; i < train.size(); i++) {
            int r = index.find(tx.data(), tx.offset() + i * d);
            if (r != i) {
                dup++;
                if (train.isClassification() && train.labels().get(r) != train.labels().get(i) && conflicting++ == 0) {
                    exA = r;
                    exB = i;
                }
            }
        }
        if (conflicting > 0) {
            out.add(Finding.warning("duplicates", train.name() + ": " + conflicting + " examples repeat an earlier input"
                    + " with a different label (e.g. rows " + exA + " and " + exB + "): label noise; check them"));
        } else if (dup > 0) {
            out.add(Finding.info("duplicates", train.name() + ": " + dup + " exact duplicate examples"));
        }
        for (Dataset h : heldOut) {
            if (!java.util.Arrays.equals(h.exampleShape(), train.exampleShape())) {
                continue;
            }
            Tensor hx = h.x();
            int shared = 0, hRow = -1, tRow = -1;
            for (int i = 0; i < h.size(); i++) {
                int r = index.find(hx.data(), hx.offset() + i * d);
                if (r >= 0 && shared++ == 0) {
                    hRow = i;
                    tRow = r;
                }
            }
            if (shared > 0) {
                out.add(Finding.warning("duplicates", shared + " of " + h.size() + " " + h.name() + " examples ("
                        + String.format(Locale.ROOT, "%.2g", 100.0 * shared / h.size()) + "%) also appear in "
                        + train.name() + " (e.g. row " + hRow + " = training row " + tRow + "): they inflate the "
                        + "held-out score; remove them from one side"));
            }
        }
    }

    int width() {
        return d;
    }

    private static long hash(float[] a, int from, int len) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = from; i < from + len; i++) {
            h = (h ^ Float.floatToIntBits(a[i] == 0 ? 0f : a[i])) * 0xBF58476D1CE4E5B9L; // -0 hashes as 0
            h ^= h >>> 31;
        }
        return h;
    }
}
