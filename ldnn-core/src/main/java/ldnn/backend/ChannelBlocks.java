package ldnn.backend;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Conversions between ldnn's NCHW {@code float[]} and oneDNN's nChw16c layout in native memory (each
 * pixel holds 16 consecutive channels; the channel count is padded to a multiple of 16 with zeros).
 * Done in Java in one pass, instead of a memcpy into a native NCHW buffer followed by a oneDNN
 * reorder: that halves the memory traffic, which is what the memory-bound first conv layer pays for.
 *
 * <p>Each (sample, 16-channel block) is a [16 channels x hw pixels] to [hw x 16] transpose, done 16x16
 * tiles at a time in registers (four butterfly stages of two-vector selects), with a scalar loop for
 * the last hw % 16 pixels. Blocks are split over {@link Parallel}.
 */
final class ChannelBlocks {
    static final int BLOCK = 16;
    private static final VectorSpecies<Float> S16 = FloatVector.SPECIES_512;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final FloatVector ZERO = FloatVector.zero(S16);
    // Select indices of the four butterfly stages (bit 8, 4, 2, 1 of the row and lane index swapped):
    // L picks the new lower row of a pair (a, a+b) from concat(row a, row a+b), H the upper one.
    private static final FloatVector L0 = index(8, false), H0 = index(8, true), L1 = index(4, false),
            H1 = index(4, true), L2 = index(2, false), H2 = index(2, true), L3 = index(1, false), H3 = index(1, true);

    private ChannelBlocks() {
    }

    private static FloatVector index(int b, boolean high) {
        float[] ix = new float[BLOCK];
        for (int j = 0; j < BLOCK; j++) {
            boolean set = (j & b) != 0;
            ix[j] = high ? (set ? BLOCK + j : j + b) : (set ? BLOCK + j - b : j);
        }
        return FloatVector.fromArray(S16, ix, 0);
    }

    // The tiles are written out with 16 named locals (not an array) so the vectors stay in registers.

    /** One 16x16 tile: channels c0..c0+15 (rows of src from rows, cn real) at pixels p..p+15 into dst at out. */
    private static void tileToBlocked(float[] src, int rows, int hw, int p, int cn, MemorySegment dst, long out) {
        FloatVector t;
        FloatVector v0 = 0 < cn ? FloatVector.fromArray(S16, src, rows + 0 * hw + p) : ZERO;
        FloatVector v1 = 1 < cn ? FloatVector.fromArray(S16, src, rows + 1 * hw + p) : ZERO;
        FloatVector v2 = 2 < cn ? FloatVector.fromArray(S16, src, rows + 2 * hw + p) : ZERO;
        FloatVector v3 = 3 < cn ? FloatVector.fromArray(S16, src, rows + 3 * hw + p) : ZERO;
        FloatVector v4 = 4 < cn ? FloatVector.fromArray(S16, src, rows + 4 * hw + p) : ZERO;
        FloatVector v5 = 5 < cn ? FloatVector.fromArray(S16, src, rows + 5 * hw + p) : ZERO;
        FloatVector v6 = 6 < cn ? FloatVector.fromArray(S16, src, rows + 6 * hw + p) : ZERO;
        FloatVector v7 = 7 < cn ? FloatVector.fromArray(S16, src, rows + 7 * hw + p) : ZERO;
        FloatVector v8 = 8 < cn ? FloatVector.fromArray(S16, src, rows + 8 * hw + p) : ZERO;
        FloatVector v9 = 9 < cn ? FloatVector.fromArray(S16, src, rows + 9 * hw + p) : ZERO;
        FloatVector v10 = 10 < cn ? FloatVector.fromArray(S16, src, rows + 10 * hw + p) : ZERO;
        FloatVector v11 = 11 < cn ? FloatVector.fromArray(S16, src, rows + 11 * hw + p) : ZERO;
        FloatVector v12 = 12 < cn ? FloatVector.fromArray(S16, src, rows + 12 * hw + p) : ZERO;
        FloatVector v13 = 13 < cn ? FloatVector.fromArray(S16, src, rows + 13 * hw + p) : ZERO;
        FloatVector v14 = 14 < cn ? FloatVector.fromArray(S16, src, rows + 14 * hw + p) : ZERO;
        FloatVector v15 = 15 < cn ? FloatVector.fromArray(S16, src, rows + 15 * hw + p) : ZERO;
        t = v0; v0 = L0.selectFrom(t, v8); v8 = H0.selectFrom(t, v8);
        t = v1; v1 = L0.selectFrom(t, v9); v9 = H0.selectFrom(t, v9);
        t = v2; v2 = L0.selectFrom(t, v10); v10 = H0.selectFrom(t, v10);
        t = v3; v3 = L0.selectFrom(t, v11); v11 = H0.selectFrom(t, v11);
        t = v4; v4 = L0.selectFrom(t, v12); v12 = H0.selectFrom(t, v12);
        t = v5; v5 = L0.selectFrom(t, v13); v13 = H0.selectFrom(t, v13);
        t = v6; v6 = L0.selectFrom(t, v14); v14 = H0.selectFrom(t, v14);
        t = v7; v7 = L0.selectFrom(t, v15); v15 = H0.selectFrom(t, v15);
        t = v0; v0 = L1.selectFrom(t, v4); v4 = H1.selectFrom(t, v4);
        t = v1; v1 = L1.selectFrom(t, v5); v5 = H1.selectFrom(t, v5);
        t = v2; v2 = L1.selectFrom(t, v6); v6 = H1.selectFrom(t, v6);
        t = v3; v3 = L1.selectFrom(t, v7); v7 = H1.selectFrom(t, v7);
        t = v8; v8 = L1.selectFrom(t, v12); v12 = H1.selectFrom(t, v12);
        t = v9; v9 = L1.selectFrom(t, v13); v13 = H1.selectFrom(t, v13);
        t = v10; v10 = L1.selectFrom(t, v14); v14 = H1.selectFrom(t, v14);
        t = v11; v11 = L1.selectFrom(t, v15); v15 = H1.selectFrom(t, v15);
        t = v0; v0 = L2.selectFrom(t, v2); v2 = H2.selectFrom(t, v2);
        t = v1; v1 = L2.selectFrom(t, v3); v3 = H2.selectFrom(t, v3);
        t = v4; v4 = L2.selectFrom(t, v6); v6 = H2.selectFrom(t, v6);
        t = v5; v5 = L2.selectFrom(t, v7); v7 = H2.selectFrom(t, v7);
        t = v8; v8 = L2.selectFrom(t, v10); v10 = H2.selectFrom(t, v10);
        t = v9; v9 = L2.selectFrom(t, v11); v11 = H2.selectFrom(t, v11);
        t = v12; v12 = L2.selectFrom(t, v14); v14 = H2.selectFrom(t, v14);
        t = v13; v13 = L2.selectFrom(t, v15); v15 = H2.selectFrom(t, v15);
        t = v0; v0 = L3.selectFrom(t, v1); v1 = H3.selectFrom(t, v1);
        t = v2; v2 = L3.selectFrom(t, v3); v3 = H3.selectFrom(t, v3);
        t = v4; v4 = L3.selectFrom(t, v5); v5 = H3.selectFrom(t, v5);
        t = v6; v6 = L3.selectFrom(t, v7); v7 = H3.selectFrom(t, v7);
        t = v8; v8 = L3.selectFrom(t, v9); v9 = H3.selectFrom(t, v9);
        t = v10; v10 = L3.selectFrom(t, v11); v11 = H3.selectFrom(t, v11);
        t = v12; v12 = L3.selectFrom(t, v13); v13 = H3.selectFrom(t, v13);
        t = v14; v14 = L3.selectFrom(t, v15); v15 = H3.selectFrom(t, v15);
        v0.intoMemorySegment(dst, out + 0L, NATIVE);
        v1.intoMemorySegment(dst, out + 64L, NATIVE);
        v2.intoMemorySegment(dst, out + 128L, NATIVE);
        v3.intoMemorySegment(dst, out + 192L, NATIVE);
        v4.intoMemorySegment(dst, out + 256L, NATIVE);
        v5.intoMemorySegment(dst, out + 320L, NATIVE);
        v6.intoMemorySegment(dst, out + 384L, NATIVE);
        v7.intoMemorySegment(dst, out + 448L, NATIVE);
        v8.intoMemorySegment(dst, out + 512L, NATIVE);
        v9.intoMemorySegment(dst, out + 576L, NATIVE);
        v10.intoMemorySegment(dst, out + 640L, NATIVE);
        v11.intoMemorySegment(dst, out + 704L, NATIVE);
        v12.intoMemorySegment(dst, out + 768L, NATIVE);
        v13.intoMemorySegment(dst, out + 832L, NATIVE);
        v14.intoMemorySegment(dst, out + 896L, NATIVE);
        v15.intoMemorySegment(dst, out + 960L, NATIVE);
    }

    /** One 16x16 tile: 16 pixels of blocked src at in into channels c0..c0+cn-1 (rows of dst from rows). */
    private static void tileFromBlocked(MemorySegment src, long in, float[] dst, int rows, int hw, int p, int cn) {
        FloatVector t;
        FloatVector v0 = FloatVector.fromMemorySegment(S16, src, in + 0L, NATIVE);
        FloatVector v1 = FloatVector.fromMemorySegment(S16, src, in + 64L, NATIVE);
        FloatVector v2 = FloatVector.fromMemorySegment(S16, src, in + 128L, NATIVE);
        FloatVector v3 = FloatVector.fromMemorySegment(S16, src, in + 192L, NATIVE);
        FloatVector v4 = FloatVector.fromMemorySegment(S16, src, in + 256L, NATIVE);
        FloatVector v5 = FloatVector.fromMemorySegment(S16, src, in + 320L, NATIVE);
        FloatVector v6 = FloatVector.fromMemorySegment(S16, src, in + 384L, NATIVE);
        FloatVector v7 = FloatVector.fromMemorySegment(S16, src, in + 448L, NATIVE);
        FloatVector v8 = FloatVector.fromMemorySegment(S16, src, in + 512L, NATIVE);
        FloatVector v9 = FloatVector.fromMemorySegment(S16, src, in + 576L, NATIVE);
        FloatVector v10 = FloatVector.fromMemorySegment(S16, src, in + 640L, NATIVE);
        FloatVector v11 = FloatVector.fromMemorySegment(S16, src, in + 704L, NATIVE);
        FloatVector v12 = FloatVector.fromMemorySegment(S16, src, in + 768L, NATIVE);
        FloatVector v13 = FloatVector.fromMemorySegment(S16, src, in + 832L, NATIVE);
        FloatVector v14 = FloatVector.fromMemorySegment(S16, src, in + 896L, NATIVE);
        FloatVector v15 = FloatVector.fromMemorySegment(S16, src, in + 960L, NATIVE);
        t = v0; v0 = L0.selectFrom(t, v8); v8 = H0.selectFrom(t, v8);
        t = v1; v1 = L0.selectFrom(t, v9); v9 = H0.selectFrom(t, v9);
        t = v2; v2 = L0.selectFrom(t, v10); v10 = H0.selectFrom(t, v10);
        t = v3; v3 = L0.selectFrom(t, v11); v11 = H0.selectFrom(t, v11);
        t = v4; v4 = L0.selectFrom(t, v12); v12 = H0.selectFrom(t, v12);
        t = v5; v5 = L0.selectFrom(t, v13); v13 = H0.selectFrom(t, v13);
        t = v6; v6 = L0.selectFrom(t, v14); v14 = H0.selectFrom(t, v14);
        t = v7; v7 = L0.selectFrom(t, v15); v15 = H0.selectFrom(t, v15);
        t = v0; v0 = L1.selectFrom(t, v4); v4 = H1.selectFrom(t, v4);
        t = v1; v1 = L1.selectFrom(t, v5); v5 = H1.selectFrom(t, v5);
        t = v2; v2 = L1.selectFrom(t, v6); v6 = H1.selectFrom(t, v6);
        t = v3; v3 = L1.selectFrom(t, v7); v7 = H1.selectFrom(t, v7);
        t = v8; v8 = L1.selectFrom(t, v12); v12 = H1.selectFrom(t, v12);
        t = v9; v9 = L1.selectFrom(t, v13); v13 = H1.selectFrom(t, v13);
        t = v10; v10 = L1.selectFrom(t, v14); v14 = H1.selectFrom(t, v14);
        t = v11; v11 = L1.selectFrom(t, v15); v15 = H1.selectFrom(t, v15);
        t = v0; v0 = L2.selectFrom(t, v2); v2 = H2.selectFrom(t, v2);
        t = v1; v1 = L2.selectFrom(t, v3); v3 = H2.selectFrom(t, v3);
        t = v4; v4 = L2.selectFrom(t, v6); v6 = H2.selectFrom(t, v6);
        t = v5; v5 = L2.selectFrom(t, v7); v7 = H2.selectFrom(t, v7);
        t = v8; v8 = L2.selectFrom(t, v10); v10 = H2.selectFrom(t, v10);
        t = v9; v9 = L2.selectFrom(t, v11); v11 = H2.selectFrom(t, v11);
        t = v12; v12 = L2.selectFrom(t, v14); v14 = H2.selectFrom(t, v14);
        t = v13; v13 = L2.selectFrom(t, v15); v15 = H2.selectFrom(t, v15);
        t = v0; v0 = L3.selectFrom(t, v1); v1 = H3.selectFrom(t, v1);
        t = v2; v2 = L3.selectFrom(t, v3); v3 = H3.selectFrom(t, v3);
        t = v4; v4 = L3.selectFrom(t, v5); v5 = H3.selectFrom(t, v5);
        t = v6; v6 = L3.selectFrom(t, v7); v7 = H3.selectFrom(t, v7);
        t = v8; v8 = L3.selectFrom(t, v9); v9 = H3.selectFrom(t, v9);
        t = v10; v10 = L3.selectFrom(t, v11); v11 = H3.selectFrom(t, v11);
        t = v12; v12 = L3.selectFrom(t, v13); v13 = H3.selectFrom(t, v13);
        t = v14; v14 = L3.selectFrom(t, v15); v15 = H3.selectFrom(t, v15);
        if (cn == BLOCK) {
            v0.intoArray(dst, rows + 0 * hw + p);
            v1.intoArray(dst, rows + 1 * hw + p);
            v2.intoArray(dst, rows + 2 * hw + p);
            v3.intoArray(dst, rows + 3 * hw + p);
            v4.intoArray(dst, rows + 4 * hw + p);
            v5.intoArray(dst, rows + 5 * hw + p);
            v6.intoArray(dst, rows + 6 * hw + p);
            v7.intoArray(dst, rows + 7 * hw + p);
            v8.intoArray(dst, rows + 8 * hw + p);
            v9.intoArray(dst, rows + 9 * hw + p);
            v10.intoArray(dst, rows + 10 * hw + p);
            v11.intoArray(dst, rows + 11 * hw + p);
            v12.intoArray(dst, rows + 12 * hw + p);
            v13.intoArray(dst, rows + 13 * hw + p);
            v14.intoArray(dst, rows + 14 * hw + p);
            v15.intoArray(dst, rows + 15 * hw + p);
        } else {
            FloatVector[] v = {v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15};
            for (int k = 0; k < cn; k++) {
                v[k].intoArray(dst, rows + k * hw + p);
            }
        }
    }

    /** src [n, c, hw] (NCHW, from off) into dst, nChw16c. */
    static void toBlocked(float[] src, int off, int n, int c, int hw, MemorySegment dst) {
        int cb = (c + BLOCK - 1) / BLOCK;
        Parallel.forRange(n * cb, 4, (lo, hi) -> {
            for (int t = lo; t < hi; t++) {
                int s = t / cb, c0 = (t % cb) * BLOCK, cn = Math.min(BLOCK, c - c0);
                int rows = off + (s * c + c0) * hw;
                long out = 4L * t * hw * BLOCK;
                int p = 0;
                for (; p + BLOCK <= hw; p += BLOCK) {
                    tileToBlocked(src, rows, hw, p, cn, dst, out + 4L * p * BLOCK);
                }
                for (; p < hw; p++) {
                    for (int k = 0; k < BLOCK; k++) {
                        float x = k < cn ? src[rows + k * hw + p] : 0f;
                        dst.set(java.lang.foreign.ValueLayout.JAVA_FLOAT, out + 4L * (p * BLOCK + k), x);
                    }
                }
            }
        });
    }

    /** src (nChw16c) into dst [n, c, hw] (NCHW, from off). */
    static void fromBlocked(MemorySegment src, int n, int c, int hw, float[] dst, int off) {
        int cb = (c + BLOCK - 1) / BLOCK;
        Parallel.forRange(n * cb, 4, (lo, hi) -> {
            for (int t = lo; t < hi; t++) {
                int s = t / cb, c0 = (t % cb) * BLOCK, cn = Math.min(BLOCK, c - c0);
                int rows = off + (s * c + c0) * hw;
                long in = 4L * t * hw * BLOCK;
                int p = 0;
                for (; p + BLOCK <= hw; p += BLOCK) {
                    tileFromBlocked(src, in + 4L * p * BLOCK, dst, rows, hw, p, cn);
                }
                for (; p < hw; p++) {
                    for (int k = 0; k < cn; k++) {
                        dst[rows + k * hw + p] = src.get(java.lang.foreign.ValueLayout.JAVA_FLOAT,
                                in + 4L * (p * BLOCK + k));
                    }
                }
            }
        });
    }
}
