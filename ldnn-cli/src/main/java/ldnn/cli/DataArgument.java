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
    static DataSource load(String arg, double testFraction, long seed, String labelColumn, String delimiter) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be in (0, 1), got " + testFraction);
        }
        return DataSource.open(arg, new DataSource.Options(testFraction, seed, labelColumn, delimiter(arg, delimiter)));
    }

    /** The --delimiter option: one character, or tab / \\t; null when not given (detected). */
    static Character delimiter(String data, String option) {
        if (option == null) {
            return null;
        }
        String d = option.equals("\\t") || option.equalsIgnoreCase("tab") ? "\t" : option;
        if (d.length() != 1 || d.charAt(0) == '"' || d.charAt(0) == '\n' || d.charAt(0) == '\r') {
            throw new IllegalArgumentException("--delimiter: expected one character (',', ';', '|', or tab), got '"
                    + option + "'");
        }
        if (!data.toLowerCase(java.util.Locale.ROOT).matches(".*\\.(csv|tsv)")) {
            throw new IllegalArgumentException("--delimiter applies to CSV files; " + data + " is not one");
        }
        return d.charAt(0);
    }
}
