package ldnn.experiments;

import ldnn.data.DataLocator;
import ldnn.data.Dataset;
import ldnn.data.ImageStandardizer;
import ldnn.data.NamedDatasets;
import ldnn.data.Preprocessor;
import ldnn.data.RemoteFile;
import ldnn.tensor.Rng;

/**
 * Data access for the experiments: Fashion-MNIST, loaded once per process (an {@code all} run shares
 * it), and seeded subsets of it, standardized with statistics of their own training part.
 */
public final class ExperimentData {
    private final DataLocator locator;
    private NamedDatasets.Loaded fashion;

    public ExperimentData(DataLocator locator) {
        this.locator = locator;
    }

    /** $LDNN_DATA, ~/.ldnn/data, /usr/share/datasets (see {@link DataLocator#standard()}). */
    public static ExperimentData standard() {
        return new ExperimentData(DataLocator.standard());
    }

    /** True if every Fashion-MNIST file is present locally (nothing would be downloaded). */
    public boolean hasFashionMnist() {
        for (RemoteFile f : NamedDatasets.files("fashion-mnist")) {
            if (locator.find("fashion-mnist", f.fileName()).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Fashion-MNIST train (60k) and test (10k), pixels 0..255, shape [n, 1, 28, 28]. */
    public synchronized NamedDatasets.Loaded fashionMnist() {
        if (fashion == null) {
            fashion = new NamedDatasets(locator).load("fashion-mnist");
        }
        return fashion;
    }

    /**
     * Standardized Fashion-MNIST pieces: a training set of {@code trainSize} examples (all 60k minus the
     * validation part when 0), a validation set held out from the training images, and a test set from
     * the official test images ({@code testSize}, 0 for all 10k).
     */
    public ImageSplit fashionSplit(int trainSize, int validationSize, int testSize, long seed) {
        NamedDatasets.Loaded all = fashionMnist();
        Rng rng = new Rng(seed ^ 0xFA5L);
        int[] perm = rng.permutation(all.train().size());
        int nTrain = trainSize > 0 ? trainSize : perm.length - validationSize;
        if (nTrain + validationSize > perm.length) {
            throw new IllegalArgumentException("Fashion-MNIST has " + perm.length + " training images; asked for "
                    + nTrain + " + " + validationSize + " validation");
        }
        Dataset train = all.train().subset("fashion-mnist train (" + nTrain + ")", java.util.Arrays.copyOf(perm, nTrain));
        Dataset val = all.train().subset("fashion-mnist validation (" + validationSize + ")",
                java.util.Arrays.copyOfRange(perm, nTrain, nTrain + validationSize));
        Dataset test = all.test();
        if (testSize > 0 && testSize < test.size()) {
            test = test.subset("fashion-mnist test (" + testSize + ")",
                    java.util.Arrays.copyOf(rng.permutation(test.size()), testSize));
        }
        Preprocessor pre = ImageStandardizer.fit(train.x());
        return new ImageSplit(train.withX(pre.apply(train.x())), val.withX(pre.apply(val.x())),
                test.withX(pre.apply(test.x())), pre.describe());
    }

    /** Standardized train/validation/test sets and how they were standardized. */
    public record ImageSplit(Dataset train, Dataset validation, Dataset test, String preprocessing) {
        public String describe() {
            return String.format(java.util.Locale.ROOT, "Fashion-MNIST: %d train, %d validation (held out from the "
                    + "training images), %d test (official test set); %s", train.size(), validation.size(),
                    test.size(), preprocessing);
        }
    }
}
