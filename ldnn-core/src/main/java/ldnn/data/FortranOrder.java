package ldnn.data;

/** Reorders arrays stored in Fortran (column-major) order into C (row-major) order. */
final class FortranOrder {
    private FortranOrder() {}

    /** For each C-order position, the offset of the same element in Fortran-order storage. */
    static int[] sourceOffsets(int[] shape) {
        int rank = shape.length, n = 1;
        for (int s : shape) {
            n *= s;
        }
        int[] fStride = new int[rank];
        for (int k = 0, st = 1; k < rank; k++) {
            fStride[k] = st;
            st *= shape[k];
        }
        int[] idx = new int[rank];
        int[] out = new int[n];
        int off = 0;
        for (int i = 0; i < n; i++) {
            out[i] = off;
            // advance the C-order multi-index (last axis fastest), keeping the Fortran offset in step
            for (int k = rank - 1; k >= 0; k--) {
                idx[k]++;
                off += fStride[k];
                if (idx[k] < shape[k]) {
                    break;
                }
                off -= fStride[k] * shape[k];
                idx[k] = 0;
            }
        }
        return out;
    }

    static float[] toC(float[] f, int[] shape) {
        int[] src = sourceOffsets(shape);
        float[] out = new float[f.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = f[src[i]];
        }
        return out;
    }

    static int[] toC(int[] v, int[] shape) {
        int[] src = sourceOffsets(shape);
        int[] out = new int[v.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = v[src[i]];
        }
        return out;
    }
}
