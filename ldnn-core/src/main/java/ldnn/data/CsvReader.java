package ldnn.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Tensor;

/**
 * Reads a numeric CSV table (UTF-8) into a Dataset: every column but the label is a float feature.
 *
 * <p>Delimiter: unless given, the one of ',', ';' and tab that splits the first lines into the same
 * number (at least 2) of fields; when several do, tab before ';' before ',' (a ';' file often has
 * decimal commas). Header: if not forced, the first row is a header when one of its cells is not a number in a column
 * whose second-row cell is one (or, for a one-row file, when no cell is a number). Label column: by
 * name, by index (negative counts from the end), default the last. Class labels: when every label is a
 * non-negative integer the integer is the class (names "0".."max"); otherwise the distinct strings,
 * sorted, are the class names and a label is its name's index. Missing cells (empty, NA, N/A, NaN, ?,
 * null, any case) are errors listing their line and column; the data doctor and the model need complete
 * rows. So are non-finite numbers (inf, -Infinity, ... and numbers beyond float32's range), since ldnn
 * trains on finite values only, and NUL bytes (a binary or UTF-16 file).
 */
public final class CsvReader {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(?i:inf|infinity)");
    private static final Pattern NON_NEGATIVE_INT = Pattern.compile("\\+?\\d{1,9}");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d*,\\d+");
    private static final Pattern INFINITY = Pattern.compile("[+-]?(?i:inf|infinity)");
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "-nan", "+nan", "?", "null");
    private static final int MAX_LISTED = 10;

    /** A reader that detects the delimiter and header and takes the last column as the class label. */
    public CsvReader() {
    }

    /** Integer labels name classes 0..max; beyond this the column is not class indices (an id? a target?). */
    static final int MAX_CLASSES = 1 << 16;
    /** The delimiters detected, in the order that wins a tie. */
    private static final char[] DELIMITERS = {'\t', ';', ','};
    /** Lines looked at to detect the delimiter. */
    private static final int DETECTION_LINES = 20;

    /** The delimiter given with {@link #delimiter}, or 0 to detect it. */
    private char delimiter;
    private Boolean header;
    private String labelName;
    private int labelIndex = -1;
    private boolean regression;

    /** The result: the data set plus the feature columns' names (from the header, else {@code "col<i>"}). */
    public record Result(Dataset dataset, List<String> featureNames, String labelName) {}

    /** The field delimiter, instead of detecting ',', ';' or tab from the first lines. */
    public CsvReader delimiter(char d) {
        if (d == '"' || d == '\n' || d == '\r' || d == 0) {
            throw new IllegalArgumentException("CSV delimiter: expected a character other than a double quote, a line"
                    + " break or NUL, got " + (d == 0 ? "NUL" : "'" + (d == '"' ? "\"" : d == '\n' ? "\\n" : "\\r") + "'"));
        }
        delimiter = d;
        return this;
    }

    /** Forces the first row to be (true) or not be (false) a header, instead of detecting it. */
    public CsvReader header(boolean present) {
        header = present;
        return this;
    }

    /** The label column by its header name. */
    public CsvReader labelColumn(String name) {
        labelName = name;
        return this;
    }

    /** The label column by 0-based index; negative counts from the end (-1 = last, the default). */
    public CsvReader labelColumn(int index) {
        labelName = null;
        labelIndex = index;
        return this;
    }

    /** Treats the label as a float regression target (targets [n, 1]) instead of a class. */
    public CsvReader regression(boolean on) {
        regression = on;
        return this;
    }

    /** Reads the file; every problem is a {@link DataFileException} naming the file, line and column. */
    public Result read(Path file) {
        List<String> lines = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                int nul = line.indexOf('\0');
                if (nul >= 0) {
                    throw DataFileException.at(file, "line " + lineNo + ", character " + (nul + 1), "CSV text",
                            "a NUL byte (a binary file? UTF-16 text? save the table as UTF-8 CSV)");
                }
                if (!line.isBlank()) {
                    lines.add(line);
                    lineNumbers.add(lineNo);
                }
            }
        } catch (CharacterCodingException e) {
            throw new DataFileException(file, "expected UTF-8 text, found bytes that are not valid UTF-8", e);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read: " + e, e);
        }
        if (lines.isEmpty()) {
            throw new DataFileException(file, "expected a CSV table, found no rows");
        }
        boolean detected = delimiter == 0;
        char delim = detected ? detectDelimiter(lines, lineNumbers, file) : delimiter;
        List<String[]> rows = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            rows.add(CsvLine.split(lines.get(i), delim, file, lineNumbers.get(i)));
        }
        lines = null; // the split rows replace the lines: a large table is held once
        boolean hasHeader = header != null ? header : looksLikeHeader(rows);
        int width = rows.get(0).length;
        List<String> names = new ArrayList<>();
        for (int j = 0; j < width; j++) {
            names.add(hasHeader ? rows.get(0)[j].trim() : "col" + j);
        }
        int first = hasHeader ? 1 : 0;
        int n = rows.size() - first;
        if (n == 0) {
            throw new DataFileException(file, "expected data rows after the header (line " + lineNumbers.get(0)
                    + "), found none");
        }
        int label = resolveLabel(file, names, hasHeader, width, delim, detected);
        for (int i = first; i < rows.size(); i++) {
            if (rows.get(i).length != width) {
                throw DataFileException.at(file, "line " + lineNumbers.get(i), width + " fields (as in line "
                        + lineNumbers.get(0) + ")", rows.get(i).length + " fields (ragged row" + (detected
                        ? "; the delimiter " + name(delim) + " was detected from the first lines: if the table uses"
                        + " another, give it with --delimiter" : "") + ")");
            }
        }
        int d = width - 1;
        if ((long) n * d > Integer.MAX_VALUE - 16) {
            throw new DataFileException(file, "expected at most 2^31 feature values (one tensor), found " + n
                    + " rows of " + d + " features: split the table");
        }
        float[] x = new float[n * d];
        float[] targets = regression ? new float[n] : null;
        String[] labels = new String[n];
        Problems missing = new Problems(), nonFinite = new Problems();
        for (int i = 0; i < n; i++) {
            String[] row = rows.get(first + i);
            for (int j = 0, k = 0; j < width; j++) {
                String cell = row[j].trim();
                String where = "line " + lineNumbers.get(first + i) + ", column " + (j + 1) + " '" + names.get(j) + "'";
                if (MISSING.contains(cell.toLowerCase(Locale.ROOT))) {
                    missing.add(where + (cell.isEmpty() ? " (empty)" : " (" + cell + ")"));
                    k += j == label ? 0 : 1;
                    continue;
                }
                if (j == label) {
                    labels[i] = cell;
                    if (regression) {
                        if (!NUMBER.matcher(cell).matches()) {
                            throw DataFileException.at(file, where, "a numeric regression target", "'" + cell + "'");
                        }
                        targets[i] = finite(cell, where, nonFinite);
                    }
                } else {
                    if (!NUMBER.matcher(cell).matches()) {
                        throw DataFileException.at(file, where, "a number", "'" + cell + "'" + (DECIMAL_COMMA.matcher(cell)
                                .matches() ? " (a decimal comma? write numbers with a decimal point, e.g. "
                                + cell.replace(',', '.') + ")" : " (a categorical column? encode it as numbers, drop it,"
                                + " or make it the label column)"));
                    }
                    x[i * d + k++] = finite(cell, where, nonFinite);
                }
            }
        }
        missing.check(file, "missing value", "(expected a value in every cell)",
                "Fill or drop these rows before training.");
        nonFinite.check(file, "non-finite value", "(ldnn trains on finite numbers only)",
                "Replace them with finite values (e.g. the largest plausible value) or drop these rows.");
        String name = file.getFileName().toString();
        List<String> featureNames = new ArrayList<>(names);
        featureNames.remove(label);
        Tensor features = Tensor.of(x, n, d);
        if (regression) {
            return new Result(Dataset.regression(name, features, Tensor.of(targets, n, 1)), featureNames, names.get(label));
        }
        return new Result(classify(file, name, features, labels, names.get(label), lineNumbers.subList(first, rows.size())),
                featureNames, names.get(label));
    }

    /** The cell's value; an infinity, or a number beyond float32's range, is listed instead. */
    private static float finite(String cell, String where, Problems nonFinite) {
        if (INFINITY.matcher(cell).matches()) {
            nonFinite.add(where + " (" + cell + ")");
            return 0;
        }
        float v = Float.parseFloat(cell);
        if (Float.isInfinite(v)) {
            nonFinite.add(where + " (" + cell + ", beyond float32's largest value 3.4e38)");
            return 0;
        }
        return v;
    }

    /** Problems of one kind, listed (the first few) and counted, reported together after the whole table is read. */
    private static final class Problems {
        private final List<String> listed = new ArrayList<>();
        private int count;

        void add(String where) {
            if (count++ < MAX_LISTED) {
                listed.add(where);
            }
        }

        void check(Path file, String what, String expected, String advice) {
            if (count > 0) {
                throw new DataFileException(file, count + " " + what + (count == 1 ? "" : "s") + " " + expected + ": "
                        + String.join("; ", listed) + (count > MAX_LISTED ? "; ..." : "") + ". " + advice);
            }
        }
    }

    /**
     * The delimiter among tab, ';' and ',' that splits every one of the first lines into the same number
     * (at least 2) of fields, preferring them in that order; if none does, the one that splits the first
     * line into the most fields (then the ragged-row or too-few-columns error says what was found).
     */
    static char detectDelimiter(List<String> lines, List<Integer> lineNumbers, Path file) {
        int sample = Math.min(lines.size(), DETECTION_LINES);
        char best = ',';
        int bestFirst = 1;
        for (char c : DELIMITERS) {
            int fields = -1;
            boolean consistent = true;
            for (int i = 0; i < sample && consistent; i++) {
                int f;
                try {
                    f = CsvLine.split(lines.get(i), c, file, lineNumbers.get(i)).length;
                } catch (DataFileException unclosedQuote) {
                    f = -1;
                }
                consistent = f >= 2 && (fields < 0 || f == fields);
                fields = i == 0 ? f : fields;
            }
            if (consistent) {
                return c;
            }
            if (fields > bestFirst) {
                best = c;
                bestFirst = fields;
            }
        }
        return best;
    }

    private static String name(char delimiter) {
        return delimiter == '\t' ? "tab" : "'" + delimiter + "'";
    }

    private static Dataset classify(Path file, String name, Tensor x, String[] labels, String column,
            List<Integer> lineNumbers) {
        int n = labels.length;
        int[] y = new int[n];
        boolean allInts = true;
        for (String s : labels) {
            allInts &= NON_NEGATIVE_INT.matcher(s).matches();
        }
        List<String> classNames = new ArrayList<>();
        if (allInts) {
            int max = 0;
            for (int i = 0; i < n; i++) {
                y[i] = Integer.parseInt(labels[i]);
                if (y[i] >= MAX_CLASSES) {
                    throw DataFileException.at(file, "line " + lineNumbers.get(i) + ", label column '" + column + "'",
                            "a class index below " + MAX_CLASSES, labels[i] + " (is it the label column? a regression"
                            + " target needs regression on; otherwise number the classes 0, 1, 2, ...)");
                }
                max = Math.max(max, y[i]);
            }
            for (int c = 0; c <= max; c++) {
                classNames.add(String.valueOf(c));
            }
        } else {
            classNames.addAll(new TreeSet<>(List.of(labels)));
            for (int i = 0; i < n; i++) {
                y[i] = java.util.Collections.binarySearch(classNames, labels[i]);
            }
        }
        return Dataset.classification(name, x, new IntTensor(y, n), classNames);
    }

    private int resolveLabel(Path file, List<String> names, boolean hasHeader, int width, char delim, boolean detected) {
        if (width < 2) {
            throw new DataFileException(file, "expected at least 2 columns (features and a label), found " + width
                    + (detected ? " (no ',', ';' or tab splits the first lines into columns: if another character"
                    + " separates them, give it with --delimiter)" : " with the delimiter " + name(delim)
                    + " (is it another? ',', ';' and tab are detected when no --delimiter is given)"));
        }
        if (labelName != null) {
            if (!hasHeader) {
                throw new DataFileException(file, "label column '" + labelName + "' is given by name but the first"
                        + " row is not a header (expected column names, found " + String.join(",", names) + ")");
            }
            int j = names.indexOf(labelName);
            if (j < 0) {
                throw DataFileException.at(file, "header", "a column named '" + labelName + "'", "columns " + names);
            }
            return j;
        }
        int j = labelIndex < 0 ? width + labelIndex : labelIndex;
        if (j < 0 || j >= width) {
            throw DataFileException.at(file, "label column", "an index in [" + -width + ", " + width + ")",
                    String.valueOf(labelIndex));
        }
        return j;
    }

    static boolean looksLikeHeader(List<String[]> rows) {
        String[] r0 = rows.get(0);
        if (rows.size() == 1) {
            for (String c : r0) {
                if (isNumber(c)) {
                    return false;
                }
            }
            return true;
        }
        String[] r1 = rows.get(1);
        for (int j = 0; j < Math.min(r0.length, r1.length); j++) {
            String c = r0[j].trim();
            if (!isNumber(c) && !MISSING.contains(c.toLowerCase(Locale.ROOT)) && isNumber(r1[j])) {
                return true;
            }
        }
        return false;
    }

    static boolean isNumber(String s) {
        return NUMBER.matcher(s.trim()).matches();
    }
}
