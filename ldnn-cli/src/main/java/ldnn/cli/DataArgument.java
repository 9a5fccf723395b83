package ldnn.cli;

import ldnn.data.DataSource;

/**
 * The DATA argument of train, doctor and eval: a named data set or a file or folder, opened by
 * {@link DataSource} (which tells the kinds apart); here only what is about the flags.
 */
final class DataArgument {
    private DataArgument() {
    }

    /** Loads a data set for training: its own test set, or a --test-fraction held out with --seed. */
    static DataSource load(String arg, double testFraction, long seed, String labelColumn) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be in (0, 1), got " + testFraction);
        }
        return DataSource.open(arg, new DataSource.Options(testFraction, seed, labelColumn));
    }
}
