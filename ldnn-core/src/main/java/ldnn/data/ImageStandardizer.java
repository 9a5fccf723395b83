package ldnn.data;

import java.util.Map;
import ldnn.tensor.Shape;
import ldnn.tensor.ShapeException;
import ldnn.tensor.Tensor;

/**
 * Standardizes images x [n, C, H, W] with training-split statistics, either per channel (one mean and
 * std per channel, over all pixels: "global" for grayscale) or per pixel (a mean and std per position).
 *
 * <p>The automatic rule picks per-pixel only when every pixel varies: if any pixel's std is below a tenth
 * of its channel's 90th-percentile pixel std (a well-varying pixel, robust to a few odd ones), per channel. Degenerate pixels (the always-black borders of MNIST and most of
 * Fashion-MNIST's frame) would otherwise be divided by a tiny std, turning the rare stray value into a
 * huge input; a per-position statistic also stops meaning much once augmentation moves the content. So
 * the MNISTs get one global mean and std, as the PyTorch peer uses on Fashion-MNIST.
 */
public final class ImageStandardizer implements Preprocessor {
    /** The kind stored in model files. */
    public static final String KIND = "image-standardize";
    static final double DEGENERATE = 0.1;

    /** How statistics are pooled. */
    public enum Mode {
        /** Per pixel when every pixel varies, else per channel (the rule above). */
        AUTO,
        /** One mean and std per channel. */
        PER_CHANNEL,
        /** A mean and std per channel and position. */
        PER_PIXEL
    }

    private final Mode mode;
    private final int[] statShape;
    private final float[] mean, std;

    private ImageStandardizer(Mode mode, int[] statShape, float[] mean, float[] std) {
        this.mode = mode;
        this.statShape = statShape;
        this.mean = mean;
        this.std = std;
    }

    /** Fits the statistics of training images [n, C, H, W], choosing per pixel or per channel automatically. */
    public static ImageStandardizer fit(Tensor x) {
        return fit(x, Mode.AUTO);
    }

    /** Fits the statistics of training images [n, C, H, W] in the given mode. */
    public static ImageStandardizer fit(Tensor x, Mode mode) {
        if (x.rank() != 4 || x.size(0) == 0) {
            throw new ShapeException("image-standardize: expected training images [n, C, H, W] with n > 0, got "
                    + Shape.str(x.shape()));
        }
        int c = x.size(1), plane = x.size(2) * x.size(3);
        ColumnStats px = ColumnStats.of(x, null);
        if (px.nonFinite > 0) {
            throw new IllegalArgumentException("image-standardize: " + px.nonFinite + " NaN/Inf pixel values in the"
                    + " training images, first in image " + px.firstNonFiniteRow + " at flat index " + px.firstNonFiniteCol);
        }
        double[] chMean = new double[c], chStd = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double m = 0, sq = 0;
            for (int p = 0; p < plane; p++) {
                int j = ch * plane + p;
                m += px.mean[j];
                sq += px.std[j] * px.std[j] + px.mean[j] * px.mean[j];
            }
            m /= plane;
            chMean[ch] = m;
            chStd[ch] = Math.sqrt(Math.max(sq / plane - m * m, 0)); // pooled: E[x^2] - E[x]^2 over all pixels
        }
        Mode resolved = mode;
        if (mode == Mode.AUTO) {
            resolved = Mode.PER_PIXEL;
            for (int ch = 0; ch < c && resolved == Mode.PER_PIXEL; ch++) {
                double[] stds = java.util.Arrays.copyOfRange(px.std, ch * plane, (ch + 1) * plane);
                java.util.Arrays.sort(stds);
                if (stds[0] < DEGENERATE * stds[(int) (0.9 * (plane - 1))]) {
                    resolved = Mode.PER_CHANNEL;
                }
            }
        }
        if (resolved == Mode.PER_CHANNEL) {
            float[] m = new float[c], s = new float[c];
            for (int ch = 0; ch < c; ch++) {
                m[ch] = (float) chMean[ch];
                s[ch] = (float) (chStd[ch] > 1e-7 * Math.max(1, Math.abs(chMean[ch])) ? chStd[ch] : 1);
            }
            return new ImageStandardizer(Mode.PER_CHANNEL, new int[] {c}, m, s);
        }
        float[] m = new float[px.d], s = new float[px.d];
        for (int j = 0; j < px.d; j++) {
            m[j] = (float) px.mean[j];
            s[j] = (float) px.scale(j);
        }
        return new ImageStandardizer(Mode.PER_PIXEL, new int[] {c, x.size(2), x.size(3)}, m, s);
    }

    /** Rebuilds a fitted standardizer from {@link #config()} and {@link #state()}. */
    public static ImageStandardizer restore(Map<String, String> config, Map<String, Tensor> state) {
        Tensor m = state.get("mean"), s = state.get("std");
        String modeName = config.get("mode");
        if (m == null || s == null || modeName == null) {
            throw new IllegalArgumentException("image-standardize: expected config 'mode' and state 'mean', 'std'; found"
                    + " config " + config.keySet() + ", state " + state.keySet());
        }
        Mode mode = switch (modeName) {
            case "per-channel" -> Mode.PER_CHANNEL;
            case "per-pixel" -> Mode.PER_PIXEL;
            default -> throw new IllegalArgumentException("image-standardize: expected mode per-channel or per-pixel,"
                    + " found '" + modeName + "'");
        };
        if (m.numel() != s.numel() || (mode == Mode.PER_CHANNEL ? m.rank() != 1 : m.rank() != 3)) {
            throw new IllegalArgumentException("image-standardize: " + modeName + " state has mean "
                    + Shape.str(m.shape()) + " and std " + Shape.str(s.shape()));
        }
        return new ImageStandardizer(mode, m.shape(), m.toArray(), s.toArray());
    }

    /** The mode the statistics were fitted in. */
    public Mode mode() {
        return mode;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Tensor apply(Tensor x) {
        int c = statShape[0];
        boolean ok = x.rank() == 4 && x.size(1) == c
                && (mode == Mode.PER_CHANNEL || (x.size(2) == statShape[1] && x.size(3) == statShape[2]));
        if (!ok) {
            throw new ShapeException("image-standardize: fitted on images [n, " + (mode == Mode.PER_CHANNEL ? c + ", H, W"
                    : c + ", " + statShape[1] + ", " + statShape[2]) + "], got " + Shape.str(x.shape()));
        }
        float[] a = x.toArray();
        int n = x.size(0), plane = x.size(2) * x.size(3), per = c * plane;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < per; j++) {
                int k = mode == Mode.PER_CHANNEL ? j / plane : j;
                a[i * per + j] = (a[i * per + j] - mean[k]) / std[k];
            }
        }
        return Tensor.of(a, x.shape());
    }

    @Override
    public Map<String, String> config() {
        return Map.of("mode", mode == Mode.PER_CHANNEL ? "per-channel" : "per-pixel");
    }

    @Override
    public Map<String, Tensor> state() {
        return Map.of("mean", Tensor.of(mean.clone(), statShape), "std", Tensor.of(std.clone(), statShape));
    }

    @Override
    public String describe() {
        if (mode == Mode.PER_CHANNEL) {
            StringBuilder sb = new StringBuilder("standardize images per channel (training split):");
            for (int ch = 0; ch < mean.length; ch++) {
                sb.append(String.format(" c%d mean %.4g std %.4g", ch, mean[ch], std[ch]));
            }
            return sb.toString();
        }
        return "standardize images per pixel " + Shape.str(statShape) + " (training split statistics)";
    }
}
