package ldnn.data;

import ldnn.tensor.Rng;
import ldnn.tensor.Shape;
import ldnn.tensor.ShapeException;
import ldnn.tensor.Tensor;

/**
 * Label-preserving random changes to images x [n, C, H, W] (recipe point 11): per image, a translation
 * by whole pixels in [-maxShift, maxShift] on each axis, a rotation about the centre by an angle in
 * [-maxDegrees, maxDegrees] (positive = counter-clockwise as displayed), optionally a horizontal flip
 * with probability 1/2 and an elastic distortion. Every output pixel is sampled bilinearly from the
 * input; pixels that come from outside the image get the fill value (0 = black background for raw
 * MNIST-style data: the batch loader augments before preprocessing). All randomness comes from the rng.
 */
public final class ImageAugmenter implements Augmenter {
    private final int maxShift;
    private final double maxDegrees;
    private final boolean flip;
    private final double elasticAlpha, elasticSigma;
    private final float fill;
    private final double probability;

    private ImageAugmenter(int maxShift, double maxDegrees, boolean flip, double alpha, double sigma, float fill) {
        this(maxShift, maxDegrees, flip, alpha, sigma, fill, 1);
    }

    private ImageAugmenter(int maxShift, double maxDegrees, boolean flip, double alpha, double sigma, float fill,
                           double probability) {
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("ImageAugmenter: probability must be in (0, 1], got " + probability);
        }
        this.probability = probability;
        if (maxShift < 0 || maxDegrees < 0 || alpha < 0 || (alpha > 0 && !(sigma > 0))) {
            throw new IllegalArgumentException("ImageAugmenter: expected maxShift >= 0, maxDegrees >= 0, elastic alpha"
                    + " >= 0 with sigma > 0; got " + maxShift + ", " + maxDegrees + ", " + alpha + ", " + sigma);
        }
        this.maxShift = maxShift;
        this.maxDegrees = maxDegrees;
        this.flip = flip;
        this.elasticAlpha = alpha;
        this.elasticSigma = sigma;
        this.fill = fill;
    }

    /** Random translations of up to maxShift pixels and rotations of up to maxDegrees; no flips, no elastic. */
    public static ImageAugmenter of(int maxShift, double maxDegrees) {
        return new ImageAugmenter(maxShift, maxDegrees, false, 0, 0, 0);
    }

    /** The default for small gray images like the MNISTs: shifts up to 2 pixels, rotations up to 10 degrees. */
    public static ImageAugmenter standard() {
        return of(2, 10);
    }

    /** Also mirrors left-right with probability 1/2 (right for clothes and scenes, wrong for digits and text). */
    public ImageAugmenter withFlips() {
        return new ImageAugmenter(maxShift, maxDegrees, true, elasticAlpha, elasticSigma, fill, probability);
    }

    /** Whether this augmenter mirrors images (then a mirrored image is as good a view of it at test time). */
    public boolean flips() {
        return flip;
    }

    /** Every image [n, c, h, w] mirrored left-right (exactly: columns reversed). */
    public static Tensor mirror(Tensor x) {
        check(x);
        int rows = x.size(0) * x.size(1) * x.size(2), w = x.size(3);
        float[] src = x.toArray(), dst = new float[src.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0, o = r * w; c < w; c++) {
                dst[o + c] = src[o + w - 1 - c];
            }
        }
        return Tensor.of(dst, x.shape());
    }

    /** Also applies elastic distortion (Simard et al. used alpha 34, sigma 4 on 28x28 digits). */
    public ImageAugmenter withElastic(double alpha, double sigma) {
        return new ImageAugmenter(maxShift, maxDegrees, flip, alpha, sigma, fill, probability);
    }

    /**
     * Augments each image only with this probability (the others pass unchanged): a lighter touch that
     * costs less training time when the budget is short.
     */
    public ImageAugmenter withProbability(double p) {
        return new ImageAugmenter(maxShift, maxDegrees, flip, elasticAlpha, elasticSigma, fill, p);
    }

    /** The value given to pixels sampled from outside the image (default 0). */
    public ImageAugmenter withFill(float value) {
        return new ImageAugmenter(maxShift, maxDegrees, flip, elasticAlpha, elasticSigma, value, probability);
    }

    @Override
    public Tensor apply(Tensor x, Rng rng) {
        check(x);
        int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3), per = c * h * w;
        float[] src = x.toArray(), dst = new float[src.length];
        for (int i = 0; i < n; i++) {
            if (probability < 1 && rng.nextDouble() >= probability) {
                System.arraycopy(src, i * per, dst, i * per, per);
                continue;
            }
            int dx = maxShift == 0 ? 0 : rng.nextInt(2 * maxShift + 1) - maxShift;
            int dy = maxShift == 0 ? 0 : rng.nextInt(2 * maxShift + 1) - maxShift;
            double deg = maxDegrees == 0 ? 0 : (2 * rng.nextDouble() - 1) * maxDegrees;
            boolean mirror = flip && rng.nextBoolean();
            float[][] field = elasticAlpha > 0 ? ElasticField.sample(rng, h, w, elasticAlpha, elasticSigma) : null;
            warp(src, dst, i * per, c, h, w, dx, dy, deg, mirror, field, fill);
        }
        return Tensor.of(dst, x.shape());
    }

    /** The same fixed transform applied to every image (for tests and for showing what augmentation does). */
    public static Tensor transform(Tensor x, double dx, double dy, double degrees, boolean mirror, float fill) {
        check(x);
        int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3), per = c * h * w;
        float[] src = x.toArray(), dst = new float[src.length];
        for (int i = 0; i < n; i++) {
            warp(src, dst, i * per, c, h, w, dx, dy, degrees, mirror, null, fill);
        }
        return Tensor.of(dst, x.shape());
    }

    /**
     * Output pixel (r, c) samples the input where the forward transform (mirror, rotate about the centre,
     * translate) came from: the inverse transform of (c, r), plus the elastic displacement.
     */
    private static void warp(float[] src, float[] dst, int off, int c, int h, int w, double dx, double dy,
            double degrees, boolean mirror, float[][] field, float fill) {
        double cy = (h - 1) / 2.0, cx = (w - 1) / 2.0;
        double rad = Math.toRadians(degrees), cos = Math.cos(rad), sin = Math.sin(rad);
        for (int r = 0; r < h; r++) {
            for (int col = 0; col < w; col++) {
                double u = col - dx - cx, v = r - dy - cy;
                double sx = u * cos - v * sin + cx, sy = u * sin + v * cos + cy;
                if (mirror) {
                    sx = (w - 1) - sx;
                }
                if (field != null) {
                    sx += field[0][r * w + col];
                    sy += field[1][r * w + col];
                }
                for (int ch = 0; ch < c; ch++) {
                    dst[off + (ch * h + r) * w + col] = bilinear(src, off + ch * h * w, h, w, sy, sx, fill);
                }
            }
        }
    }

    private static float bilinear(float[] img, int base, int h, int w, double y, double x, float fill) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double ax = x - x0, ay = y - y0;
        double top = pixel(img, base, h, w, y0, x0, fill) * (1 - ax) + (ax == 0 ? 0 : pixel(img, base, h, w, y0, x0 + 1, fill) * ax);
        if (ay == 0) {
            return (float) top;
        }
        double bot = pixel(img, base, h, w, y0 + 1, x0, fill) * (1 - ax) + (ax == 0 ? 0 : pixel(img, base, h, w, y0 + 1, x0 + 1, fill) * ax);
        return (float) (top * (1 - ay) + bot * ay);
    }

    private static float pixel(float[] img, int base, int h, int w, int y, int x, float fill) {
        return y < 0 || y >= h || x < 0 || x >= w ? fill : img[base + y * w + x];
    }

    private static void check(Tensor x) {
        if (x.rank() != 4) {
            throw new ShapeException("ImageAugmenter: expected images [n, C, H, W], got " + Shape.str(x.shape()));
        }
    }

    @Override
    public String describe() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (maxShift > 0) {
            parts.add("shift up to " + maxShift + " px");
        }
        if (maxDegrees > 0) {
            parts.add("rotate up to " + maxDegrees + " deg");
        }
        if (flip) {
            parts.add("horizontal flips");
        }
        if (elasticAlpha > 0) {
            parts.add("elastic (alpha " + elasticAlpha + ", sigma " + elasticSigma + ")");
        }
        if (probability < 1) {
            parts.add("each image with probability " + probability);
        }
        return "images: " + (parts.isEmpty() ? "unchanged" : String.join(", ", parts));
    }
}
