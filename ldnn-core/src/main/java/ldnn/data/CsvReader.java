package ldnn.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Tensor;

/**
 * Reads a numeric CSV table (UTF-8) into a Dataset: every column but the label is a float feature.
 *
 * <p>Header: if not forced, the first row is a header when one of its cells is not a number in a column
 * whose second-row cell is one (or, for a one-row file, when no cell is a number). Label column: by
 * name, by index (negative counts from the end), default the last. Class labels: when every label is a
 * non-negative integer the integer is the class (names "0".."max"); otherwise the distinct strings,
 * sorted, are the class names and a label is its name's index. Missing cells (empty, NA, N/A, NaN, ?,
 * null) are errors listing their line and column; the data doctor and the model need complete rows.
 */
public final class CsvReader {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(?i:inf|infinity)");
    private static final Pattern NON_NEGATIVE_INT = Pattern.compile("\\+?\\d{1,9}");
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "?", "null");
    private static final int MAX_LISTED = 10;

    private char delimiter = ',';
    private Boolean header;
    private String labelName;
    private int labelIndex = -1;
    private boolean regression;

    /** The result: the data set plus the feature columns' names (from the header, else "col<i>"). */
    public record Result(Dataset dataset, List<String> featureNames, String labelName) {}

    public CsvReader delimiter(char d) {
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

    public Result read(Path file) {
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (!line.isBlank()) {
                    rows.add(CsvLine.split(line, delimiter, file, lineNo));
                    lineNumbers.add(lineNo);
                }
            }
        } catch (CharacterCodingException e) {
            throw new DataFileException(file, "expected UTF-8 text, found bytes that are not valid UTF-8", e);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read: " + e, e);
        }
        if (rows.isEmpty()) {
            throw new DataFileException(file, "expected a CSV table, found no rows");
        }
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
        int label = resolveLabel(file, names, hasHeader, width);
        for (int i = first; i < rows.size(); i++) {
            if (rows.get(i).length != width) {
                throw DataFileException.at(file, "line " + lineNumbers.get(i), width + " fields (as in line "
                        + lineNumbers.get(0) + ")", rows.get(i).length + " fields (ragged row)");
            }
        }
        int d = width - 1;
        float[] x = new float[n * d];
        String[] labels = new String[n];
        List<String> missing = new ArrayList<>();
        int missingCount = 0;
        for (int i = 0; i < n; i++) {
            String[] row = rows.get(first + i);
            for (int j = 0, k = 0; j < width; j++) {
                String cell = row[j].trim();
                String where = "line " + lineNumbers.get(first + i) + ", column " + (j + 1) + " '" + names.get(j) + "'";
                if (MISSING.contains(cell.toLowerCase())) {
                    if (missingCount++ < MAX_LISTED) {
                        missing.add(where + (cell.isEmpty() ? " (empty)" : " (" + cell + ")"));
                    }
                    k += j == label ? 0 : 1;
                    continue;
                }
                if (j == label) {
                    labels[i] = cell;
                    if (regression && !NUMBER.matcher(cell).matches()) {
                        throw DataFileException.at(file, where, "a numeric regression target", "'" + cell + "'");
                    }
                } else {
                    if (!NUMBER.matcher(cell).matches()) {
                        throw DataFileException.at(file, where, "a number", "'" + cell + "' (a categorical column?"
                                + " encode it as numbers, drop it, or make it the label column)");
                    }
                    x[i * d + k++] = Float.parseFloat(cell);
                }
            }
        }
        if (missingCount > 0) {
            throw new DataFileException(file, missingCount + " missing value" + (missingCount == 1 ? "" : "s")
                    + " (expected a value in every cell): " + String.join("; ", missing)
                    + (missingCount > MAX_LISTED ? "; ..." : "") + ". Fill or drop these rows before training.");
        }
        String name = file.getFileName().toString();
        List<String> featureNames = new ArrayList<>(names);
        featureNames.remove(label);
        Tensor features = Tensor.of(x, n, d);
        if (regression) {
            float[] t = new float[n];
            for (int i = 0; i < n; i++) {
                t[i] = Float.parseFloat(labels[i]);
            }
            return new Result(Dataset.regression(name, features, Tensor.of(t, n, 1)), featureNames, names.get(label));
        }
        return new Result(classify(name, features, labels), featureNames, names.get(label));
    }

    private static Dataset classify(String name, Tensor x, String[] labels) {
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

    private int resolveLabel(Path file, List<String> names, boolean hasHeader, int width) {
        if (width < 2) {
            throw new DataFileException(file, "expected at least 2 columns (features and a label), found " + width
                    + (delimiter == ',' ? " (is the delimiter ';' or a tab? set it with delimiter())" : ""));
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
            if (!isNumber(c) && !MISSING.contains(c.toLowerCase()) && isNumber(r1[j])) {
                return true;
            }
        }
        return false;
    }

    static boolean isNumber(String s) {
        return NUMBER.matcher(s.trim()).matches();
    }
}
