package ldnn.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** Plain loops behind conv2d and pooling: im2col/col2im, layout shuffles and pooling windows. */
public final class ConvKernels {
    private ConvKernels() {
    }

    /**
     * im2col for NCHW input. Column layout: rows are (c, p, q) = ckk, columns are (sample, i, j), so a
     * chunk of b samples gives a [ckk, b*ho*wo] matrix.
     */
    public record Im2col(int c, int h, int w, int kh, int kw, int stride, int pad, int ho, int wo) {

        /** Unfolds b samples of x (from xOff) into the column matrix {@code col} [ckk, b·ho·wo]. */
        public void im2col(float[] x, int xOff, int b, float[] col) {
            int hw = ho * wo, cols = b * hw;
            for (int ci = 0; ci < c; ci++) {
                for (int p = 0; p < kh; p++) {
                    for (int q = 0; q < kw; q++) {
                        int row = (ci * kh + p) * kw + q;
                        int rowOff = row * cols;
                        for (int s = 0; s < b; s++) {
                            int src = xOff + (s * c + ci) * h * w;
                            int dst = rowOff + s * hw;
                            for (int i = 0; i < ho; i++) {
                                int y = i * stride - pad + p;
                                int d = dst + i * wo;
                                if (y < 0 || y >= h) {
                                    java.util.Arrays.fill(col, d, d + wo, 0f);
                                    continue;
                                }
                                int srow = src + y * w;
                                if (stride == 1) {
                                    int j0 = Math.max(0, pad - q), j1 = Math.min(wo, w + pad - q);
                                    if (j0 > 0) {
                                        java.util.Arrays.fill(col, d, d + Math.min(j0, wo), 0f);
                                    }
                                    if (j1 > j0) {
                                        System.arraycopy(x, srow + j0 - pad + q, col, d + j0, j1 - j0);
                                    }
                                    if (j1 < wo) {
                                        java.util.Arrays.fill(col, d + Math.max(j1, 0), d + wo, 0f);
                                    }
                                } else {
                                    for (int j = 0; j < wo; j++) {
                                        int xx = j * stride - pad + q;
                                        col[d + j] = xx < 0 || xx >= w ? 0f : x[srow + xx];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        /** Adds the column gradients back into the input gradient (the adjoint of im2col). */
        public void col2im(float[] col, int b, float[] gx, int gxOff) {
            int hw = ho * wo, cols = b * hw;
            for (int ci = 0; ci < c; ci++) {
                for (int p = 0; p < kh; p++) {
                    for (int q = 0; q < kw; q++) {
                        int row = (ci * kh + p) * kw + q;
                        int rowOff = row * cols;
                        for (int s = 0; s < b; s++) {
                            int dstImg = gxOff + (s * c + ci) * h * w;
                            int src = rowOff + s * hw;
                            for (int i = 0; i < ho; i++) {
                                int y = i * stride - pad + p;
                                if (y < 0 || y >= h) {
                                    continue;
                                }
                                int drow = dstImg + y * w, srow = src + i * wo;
                                if (stride == 1) {
                                    int j0 = Math.max(0, pad - q), j1 = Math.min(wo, w + pad - q);
                                    if (j1 > j0) {
                                        Vec.add(gx, drow + j0 - pad + q, col, srow + j0, gx, drow + j0 - pad + q, j1 - j0);
                                    }
                                } else {
                                    for (int j = 0; j < wo; j++) {
                                        int xx = j * stride - pad + q;
                                        if (xx >= 0 && xx < w) {
                                            gx[drow + xx] += col[srow + j];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** [f, b, hw] (GEMM output) to [b, f, hw] (NCHW) at out[outOff...]. */
    public static void channelsFirst(float[] src, int b, int f, int hw, float[] out, int outOff) {
        for (int o = 0; o < f; o++) {
            for (int s = 0; s < b; s++) {
                System.arraycopy(src, (o * b + s) * hw, out, outOff + (s * f + o) * hw, hw);
            }
        }
    }

    /** [b, f, hw] (NCHW gradient) at src[srcOff...] to [f, b, hw]. */
    public static void channelsSecond(float[] src, int srcOff, int b, int f, int hw, float[] out) {
        for (int s = 0; s < b; s++) {
            for (int o = 0; o < f; o++) {
                System.arraycopy(src, srcOff + (s * f + o) * hw, out, (o * b + s) * hw, hw);
            }
        }
    }

    /**
     * Max pooling of NCHW x (shape {@code in}) into y (shape {@code out}), recording each maximum's index in {@code
     * arg} for backward.
     */
    public static void maxPool(float[] x, int xOff, int[] in, int[] out, int k, int s, float[] y, int[] arg) {
        int h = in[2], w = in[3], ho = out[2], wo = out[3], planes = in[0] * in[1];
        if (k == 2 && s == 2) {
            maxPool2x2(x, xOff, planes, h, w, ho, wo, y, arg);
            return;
        }
        for (int pl = 0; pl < planes; pl++) {
            int base = xOff + pl * h * w;
            for (int i = 0; i < ho; i++) {
                for (int j = 0; j < wo; j++) {
                    int best = base + (i * s) * w + j * s;
                    float bv = x[best];
                    for (int p = 0; p < k; p++) {
                        int r = base + (i * s + p) * w + j * s;
                        for (int q = 0; q < k; q++) {
                            if (x[r + q] > bv) {
                                bv = x[r + q];
                                best = r + q;
                            }
                        }
                    }
                    int o = (pl * ho + i) * wo + j;
                    y[o] = bv;
                    arg[o] = best - xOff;
                }
            }
        }
    }

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = intSpecies();
    private static final VectorShuffle<Float> NEXT = VectorShuffle.fromOp(F, k -> (k + 1) % F.length());
    private static final VectorMask<Float> EVEN = VectorMask.fromLong(F, 0x5555555555555555L);
    private static final VectorMask<Integer> EVEN_I = EVEN.cast(I);
    private static final IntVector IOTA = IntVector.zero(I).addIndex(1);

    @SuppressWarnings("unchecked")
    private static VectorSpecies<Integer> intSpecies() {
        return (VectorSpecies<Integer>) F.withLanes(int.class);
    }

    /**
     * The common 2x2, stride 2 case, in SIMD lanes: a vector covers {@code L/2} windows of two input rows;
     * each lane is compared with its right neighbour, then the two rows, and the even lanes (one per
     * window) are compressed into the output. No data-dependent branches (on real activations each
     * comparison is a coin flip). Ties go to the first element in row-major order, as in the general
     * loop. Planes are split over the cores.
     */
    static void maxPool2x2(float[] x, int xOff, int planes, int h, int w, int ho, int wo, float[] y, int[] arg) {
        Parallel.forRange(planes, Math.max(1, (1 << 15) / Math.max(1, h * w)), (lo, hi) -> {
            int half = F.length() / 2;
            for (int pl = lo; pl < hi; pl++) {
                int base = xOff + pl * h * w;
                for (int i = 0; i < ho; i++) {
                    int r0 = base + 2 * i * w, r1 = r0 + w, o = (pl * ho + i) * wo;
                    for (int j = 0; j < wo; j += half) {
                        int nOut = Math.min(half, wo - j);
                        VectorMask<Float> in = F.indexInRange(0, 2 * nOut);
                        FloatVector a = FloatVector.fromArray(F, x, r0 + 2 * j, in);
                        FloatVector b = FloatVector.fromArray(F, x, r1 + 2 * j, in);
                        FloatVector an = a.rearrange(NEXT), bn = b.rearrange(NEXT);
                        FloatVector ma = a.max(an), mb = b.max(bn);
                        VectorMask<Integer> rightA = a.lt(an).cast(I), rightB = b.lt(bn).cast(I);
                        VectorMask<Integer> lower = ma.lt(mb).cast(I);
                        IntVector ia = IOTA.add(r0 + 2 * j - xOff).add(1, rightA);
                        IntVector ib = IOTA.add(r1 + 2 * j - xOff).add(1, rightB);
                        ma.max(mb).compress(EVEN).intoArray(y, o + j, F.indexInRange(0, nOut));
                        ia.blend(ib, lower).compress(EVEN_I).intoArray(arg, o + j, I.indexInRange(0, nOut));
                    }
                }
            }
        });
    }

    /** The scalar 2x2 loop (the reference the SIMD one is tested against). */
    static void maxPool2x2Scalar(float[] x, int xOff, int planes, int h, int w, int ho, int wo, float[] y, int[] arg) {
        for (int pl = 0; pl < planes; pl++) {
            int base = xOff + pl * h * w;
            for (int i = 0; i < ho; i++) {
                int r0 = base + 2 * i * w, r1 = r0 + w, o = (pl * ho + i) * wo;
                for (int j = 0; j < wo; j++) {
                    int p0 = r0 + 2 * j, p1 = r1 + 2 * j;
                    float a = x[p0], b = x[p0 + 1], c = x[p1], d = x[p1 + 1];
                    float m1 = Math.max(a, b), m2 = Math.max(c, d);
                    int i1 = p0 + less(a, b), i2 = p1 + less(c, d);
                    y[o + j] = Math.max(m1, m2);
                    arg[o + j] = i1 + less(m1, m2) * (i2 - i1) - xOff;
                }
            }
        }
    }

    /** 1 if a < b, else 0, without a branch (the sign bit of a - b). */
    private static int less(float a, float b) {
        return Float.floatToRawIntBits(a - b) >>> 31;
    }

    /** Average pooling of NCHW x (shape {@code in}) into y (shape {@code out}). */
    public static void avgPool(float[] x, int xOff, int[] in, int[] out, int k, int s, float[] y) {
        int h = in[2], w = in[3], ho = out[2], wo = out[3], planes = in[0] * in[1];
        float inv = 1f / (k * k);
        for (int pl = 0; pl < planes; pl++) {
            int base = xOff + pl * h * w;
            for (int i = 0; i < ho; i++) {
                for (int j = 0; j < wo; j++) {
                    float acc = 0;
                    for (int p = 0; p < k; p++) {
                        int r = base + (i * s + p) * w + j * s;
                        for (int q = 0; q < k; q++) {
                            acc += x[r + q];
                        }
                    }
                    y[(pl * ho + i) * wo + j] = acc * inv;
                }
            }
        }
    }

    /** Adds each output gradient, divided by k·k, to the gradients of its window's inputs in gx. */
    public static void avgPoolBackward(float[] g, int gOff, float[] gx, int[] in, int[] out, int k, int s) {
        int h = in[2], w = in[3], ho = out[2], wo = out[3], planes = in[0] * in[1];
        float inv = 1f / (k * k);
        for (int pl = 0; pl < planes; pl++) {
            int base = pl * h * w;
            for (int i = 0; i < ho; i++) {
                for (int j = 0; j < wo; j++) {
                    float v = g[gOff + (pl * ho + i) * wo + j] * inv;
                    for (int p = 0; p < k; p++) {
                        int r = base + (i * s + p) * w + j * s;
                        for (int q = 0; q < k; q++) {
                            gx[r + q] += v;
                        }
                    }
                }
            }
        }
    }
}
