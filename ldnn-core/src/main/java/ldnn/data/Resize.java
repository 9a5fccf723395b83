package ldnn.data;

/** Bilinear resizing of planar images (pixel centres aligned, as OpenCV's INTER_LINEAR without antialiasing). */
final class Resize {
    private Resize() {}

    /** Resizes c planes of h x w to c planes of nh x nw. */
    static float[] bilinear(float[] src, int c, int h, int w, int nh, int nw) {
        float[] out = new float[c * nh * nw];
        double sy = (double) h / nh, sx = (double) w / nw;
        for (int ch = 0; ch < c; ch++) {
            int base = ch * h * w;
            for (int y = 0; y < nh; y++) {
                double fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), h - 1);
                int y0 = (int) fy, y1 = Math.min(y0 + 1, h - 1);
                double ay = fy - y0;
                for (int x = 0; x < nw; x++) {
                    double fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), w - 1);
                    int x0 = (int) fx, x1 = Math.min(x0 + 1, w - 1);
                    double ax = fx - x0;
                    double top = src[base + y0 * w + x0] * (1 - ax) + src[base + y0 * w + x1] * ax;
                    double bot = src[base + y1 * w + x0] * (1 - ax) + src[base + y1 * w + x1] * ax;
                    out[(ch * nh + y) * nw + x] = (float) (top * (1 - ay) + bot * ay);
                }
            }
        }
        return out;
    }
}
