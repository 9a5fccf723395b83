package ldnn.data;

import java.util.HashMap;
import java.util.Map;

/** Finds identical examples by hashing rows of x [n, d] (exact float equality, confirmed on a hash hit). */
final class RowIndex {
    private final float[] data;
    private final int offset, d;
    private final Map<Long, int[]> byHash = new HashMap<>();

    RowIndex(ldnn.tensor.Tensor x) {
        ldnn.tensor.Tensor c = x.contiguous();
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
