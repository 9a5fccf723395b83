package ldnn.train;

import java.util.Locale;
import ldnn.data.BatchSource;
import ldnn.data.ImageAugmenter;
import ldnn.nn.Loss;

/**
 * Are left-right mirror images of this data the same class? Flips are safe augmentation for clothes and
 * most photos, and wrong for digits, letters and most symbols, so ldnn does not assume them for images it
 * does not know: after training without flips it measures the trained net's validation error on the
 * images and on their mirror images. A mirror error nearer the plain error than chance says mirror images
 * look like their class (flips may help); one near chance says mirroring changes the class.
 *
 * @param plainError    validation error on the images as they are
 * @param mirroredError validation error on their mirror images
 * @param classes       number of classes (chance error is 1 - 1/classes)
 */
public record MirrorCheck(double plainError, double mirroredError, int classes) {

    /** Measures {@code e} (flip-free training) on the validation images and on their mirror images. */
    public static MirrorCheck of(Ensemble e, BatchSource validation, int classes) {
        Ensemble plain = e.withMirrorAveraging(false);
        double a = Evaluator.ofProbabilities(validation, x -> plain.predict(x, Loss.CROSS_ENTROPY)).error();
        double b = Evaluator.ofProbabilities(validation, x -> plain.predict(ImageAugmenter.mirror(x), Loss.CROSS_ENTROPY))
                .error();
        return new MirrorCheck(a, b, classes);
    }

    /** True when the mirror images are classified nearer the plain images' error than chance. */
    public boolean mirrorsLookLikeTheirClass() {
        double chance = 1 - 1.0 / Math.max(2, classes);
        return mirroredError < plainError + 0.5 * (chance - plainError);
    }

    /** The two errors, and whether flips are worth trying, as one line for the run's notes. */
    public String describe() {
        String numbers = String.format(Locale.ROOT, "validation error %.2f%% on the images, %.2f%% on their mirror"
                + " images (chance: %.0f%%)", 100 * plainError, 100 * mirroredError, 100 * (1 - 1.0 / Math.max(2, classes)));
        return "mirror check: " + numbers + (mirrorsLookLikeTheirClass()
                ? ": mirror images look like their class, so flips may help: try --augment shift=2,flip"
                : ": mirroring changes what the images show (as for digits and letters): keep flips off");
    }
}
