package ldnn.data;

import ldnn.tensor.Rng;

/**
 * Random smooth displacement fields for elastic distortion (Simard, Steinkraus and Platt 2003): uniform
 * random displacements in [-1, 1] per pixel, smoothed with a Gaussian of width sigma, scaled by alpha.
 */
final class ElasticField {
    private ElasticField() {}

    /** {dx, dy}, each h*w row-major, in pixels. */
    static float[][] sample(Rng rng, int h, int w, double alpha, double sigma) {
        float[][] out = new float[2][];
        double[] kernel = gaussianKernel(sigma);
        for (int k = 0; k < 2; k++) {
            float[] f = new float[h * w];
            for (int i = 0; i < f.length; i++) {
                f[i] = rng.nextFloat() * 2 - 1;
            }
            out[k] = smooth(f, h, w, kernel, alpha);
        }
        return out;
    }

    private static double[] gaussianKernel(double sigma) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** Separable Gaussian blur (zero outside the image), times alpha. */
    private static float[] smooth(float[] f, int h, int w, double[] kernel, double alpha) {
        int r = kernel.length / 2;
        double[] tmp = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int t = -r; t <= r; t++) {
                    int xx = x + t;
                    if (xx >= 0 && xx < w) {
                        s += kernel[t + r] * f[y * w + xx];
                    }
                }
                tmp[y * w + x] = s;
            }
        }
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int t = -r; t <= r; t++) {
                    int yy = y + t;
                    if (yy >= 0 && yy < h) {
                        s += kernel[t + r] * tmp[yy * w + x];
                    }
                }
                out[y * w + x] = (float) (alpha * s);
            }
        }
        return out;
    }
}
