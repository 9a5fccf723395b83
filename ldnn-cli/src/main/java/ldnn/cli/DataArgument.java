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
        return load(arg, testFraction, seed, labelColumn, delimiter, null);
    }

    /** With {@code --test FILE}: that file is the test set, and the whole of DATA trains (CSV/TSV or NPZ). */
    static DataSource load(String arg, double testFraction, long seed, String labelColumn, String delimiter,
                           java.nio.file.Path testFile) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be in (0, 1), got " + testFraction);
        }
        if (testFile != null && !arg.toLowerCase(java.util.Locale.ROOT).matches(".*\\.(csv|tsv|npz)")) {
            throw new IllegalArgumentException("--test applies to a CSV, TSV or NPZ file (named sets, image folders and"
                    + " IDX folders bring their test sets; a text holds out its end); " + arg + " is not one");
        }
        return DataSource.open(arg, new DataSource.Options(testFraction, seed, labelColumn, delimiter(arg, delimiter),
                testFile));
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
