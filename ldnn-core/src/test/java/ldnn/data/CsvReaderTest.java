package ldnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    private Path csv(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void headerIsDetectedAndStringLabelsBecomeSortedClassIndices() throws IOException {
        Path f = csv("iris.csv", "sepal,species,petal\n5.1,setosa,1.4\n7.0,versicolor,4.7\n6.3,\"virginica\",6.0\n4.9,setosa,1.5\n");
        CsvReader.Result r = new CsvReader().labelColumn("species").read(f);
        Dataset d = r.dataset();
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertArrayEquals(new int[] {0, 1, 2, 0}, d.labels().data());
        assertEquals(List.of("sepal", "petal"), r.featureNames());
        assertArrayEquals(new float[] {5.1f, 1.4f, 7.0f, 4.7f, 6.3f, 6.0f, 4.9f, 1.5f}, d.x().toArray());
    }

    @Test
    void withoutHeaderTheLastColumnHoldsIntegerClassLabels() throws IOException {
        Path f = csv("plain.csv", "1,2,0\n3,4e2,2\n-5,.5,1\n");
        CsvReader.Result r = new CsvReader().read(f);
        assertEquals(3, r.dataset().size());
        assertArrayEquals(new int[] {0, 2, 1}, r.dataset().labels().data());
        assertEquals(List.of("0", "1", "2"), r.dataset().classNames());
        assertEquals(400f, r.dataset().x().get(1, 1));
        assertEquals(List.of("col0", "col1"), r.featureNames());
    }

    @Test
    void labelByIndexAndRegressionTargets() throws IOException {
        Path f = csv("reg.csv", "y,a,b\n0.5,1,2\n-1.25,3,4\n");
        Dataset d = new CsvReader().labelColumn(0).regression(true).read(f).dataset();
        assertFalse(d.isClassification());
        assertArrayEquals(new int[] {2, 1}, d.targets().shape());
        assertArrayEquals(new float[] {0.5f, -1.25f}, d.targets().toArray());
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.x().toArray());
    }

    @Test
    void raggedRowsReportLineNumberAndFieldCounts() throws IOException {
        Path f = csv("ragged.csv", "a,b,label\n1,2,x\n\n3,4\n");
        var e = assertThrows(DataFileException.class, () -> new CsvReader().read(f));
        assertTrue(e.getMessage().contains("line 4: expected 3 fields (as in line 1), found 2 fields"), e.getMessage());
    }

    @Test
    void missingValuesAreListedWithLineAndColumn() throws IOException {
        Path f = csv("gaps.csv", "a,b,label\n1,NA,x\n,2,y\n3,?,z\n4,NaN,x\n");
        var e = assertThrows(DataFileException.class, () -> new CsvReader().read(f));
        String m = e.getMessage();
        assertTrue(m.startsWith(f.toString()) && m.contains("4 missing values"), m);
        assertTrue(m.contains("line 2, column 2 'b' (NA)") && m.contains("line 3, column 1 'a' (empty)")
                && m.contains("line 4, column 2 'b' (?)") && m.contains("line 5, column 2 'b' (NaN)"), m);
    }

    @Test
    void nonNumericFeaturesAndBadLabelSpecsAreClearErrors() throws IOException {
        Path f = csv("cat.csv", "color,size,label\nred,1,a\nblue,2,b\n");
        var e = assertThrows(DataFileException.class, () -> new CsvReader().read(f));
        assertTrue(e.getMessage().contains("line 2, column 1 'color': expected a number, found 'red'"), e.getMessage());

        Path g = csv("nohdr.csv", "1,2,3\n4,5,6\n");
        var e2 = assertThrows(DataFileException.class, () -> new CsvReader().labelColumn("y").read(g));
        assertTrue(e2.getMessage().contains("not a header"), e2.getMessage());
        var e3 = assertThrows(DataFileException.class, () -> new CsvReader().labelColumn("zz").read(f));
        assertTrue(e3.getMessage().contains("expected a column named 'zz', found columns [color, size, label]"),
                e3.getMessage());
        Path h = csv("reg.csv", "a,y\n1,big\n");
        var e4 = assertThrows(DataFileException.class, () -> new CsvReader().regression(true).read(h));
        assertTrue(e4.getMessage().contains("expected a numeric regression target, found 'big'"), e4.getMessage());
    }

    @Test
    void strictNumbersRejectJavaOnlySyntaxAndUnclosedQuotes() throws IOException {
        Path f = csv("hex.csv", "a,label\n0x1p3,1\n");
        assertThrows(DataFileException.class, () -> new CsvReader().header(false).read(f));
        Path q = csv("quote.csv", "a,label\n\"1,2\n");
        var e = assertThrows(DataFileException.class, () -> new CsvReader().read(q));
        assertTrue(e.getMessage().contains("line 2, character 1: expected a closing double quote"), e.getMessage());
    }

    @Test
    void infinitiesAndOverflowingNumbersAreListedWithLineAndColumnAndWhatToDo() throws IOException {
        Path f = csv("inf.csv", "a,b,label\n1,inf,0\n-Infinity,2,1\n+INF,1e39,0\n3,-inf,1\n");
        var e = assertThrows(DataFileException.class, () -> new CsvReader().read(f));
        String m = e.getMessage();
        assertTrue(m.startsWith(f.toString()) && m.contains("5 non-finite values (ldnn trains on finite numbers only)"), m);
        assertTrue(m.contains("line 2, column 2 'b' (inf)") && m.contains("line 3, column 1 'a' (-Infinity)")
                && m.contains("line 4, column 1 'a' (+INF)") && m.contains("line 5, column 2 'b' (-inf)"), m);
        assertTrue(m.contains("line 4, column 2 'b' (1e39, beyond float32's largest value 3.4e38)"), m);
        assertTrue(m.contains("Replace them with finite values"), m);

        Path g = csv("target.csv", "x,y\n1,2.5\n2,Infinity\n");
        var e2 = assertThrows(DataFileException.class, () -> new CsvReader().regression(true).read(g));
        assertTrue(e2.getMessage().contains("1 non-finite value ") && e2.getMessage().contains("line 3, column 2 'y'"),
                e2.getMessage());
    }

    @Test
    void notANumberInAnySpellingIsAMissingValue() throws IOException {
        Path f = csv("nan.csv", "a,b,label\n1,nan,0\nNaN,2,1\n-nan,NA,0\nN/A,null,1\n4,5,0\n");
        var e = assertThrows(DataFileException.class, () -> new CsvReader().read(f));
        String m = e.getMessage();
        assertTrue(m.contains("6 missing values") && m.contains("line 4, column 1 'a' (-nan)")
                && m.contains("line 5, column 2 'b' (null)") && m.contains("Fill or drop these rows"), m);
    }

    @Test
    void semicolonAndTabDelimitersAreDetectedFromTheFirstLines() throws IOException {
        Path semi = csv("semi.csv", "a;b;label\n1.5;2;x\n3;4;y\n");
        CsvReader.Result r = new CsvReader().read(semi);
        assertEquals(List.of("a", "b"), r.featureNames());
        assertArrayEquals(new float[] {1.5f, 2, 3, 4}, r.dataset().x().toArray());

        Path tabs = csv("tabs.csv", "a\tb\tlabel\n\"1,5\"\t2\t0\n3\t4\t1\n");
        var e = assertThrows(DataFileException.class, () -> new CsvReader().read(tabs));
        assertTrue(e.getMessage().contains("line 2, column 1 'a': expected a number, found '1,5' (a decimal comma?"
                + " write numbers with a decimal point, e.g. 1.5)"), e.getMessage());

        // commas inside a ';' table (decimal commas) do not make it a comma table
        Path decimal = csv("decimal.csv", "a;label\n1,5;0\n2,5;1\n");
        var e2 = assertThrows(DataFileException.class, () -> new CsvReader().read(decimal));
        assertTrue(e2.getMessage().contains("column 1 'a': expected a number, found '1,5'"), e2.getMessage());

        Path commas = csv("commas.csv", "a,b,label\n1,2,x\n3,4,y\n");
        assertEquals(List.of("a", "b"), new CsvReader().read(commas).featureNames());
    }

    @Test
    void anUndetectableDelimiterSaysToGiveItWithTheDelimiterOption() throws IOException {
        Path pipes = csv("pipes.csv", "a|b|label\n1|2|0\n3|4|1\n");
        var e = assertThrows(DataFileException.class, () -> new CsvReader().read(pipes));
        String m = e.getMessage();
        assertTrue(m.contains("expected at least 2 columns (features and a label), found 1") && m.contains("--delimiter")
                && !m.contains("delimiter()"), m);
        assertArrayEquals(new float[] {1, 2, 3, 4}, new CsvReader().delimiter('|').read(pipes).dataset().x().toArray());

        Path semi = csv("semi.csv", "a;b;label\n1;2;0\n");
        var e2 = assertThrows(DataFileException.class, () -> new CsvReader().delimiter(',').read(semi));
        assertTrue(e2.getMessage().contains("found 1 with the delimiter ','") && e2.getMessage().contains("--delimiter"),
                e2.getMessage());

        Path ragged = csv("ragged.csv", "a,b,label\n1,2,0\n3,4\n");
        var e3 = assertThrows(DataFileException.class, () -> new CsvReader().read(ragged));
        assertTrue(e3.getMessage().contains("line 3: expected 3 fields (as in line 1), found 2 fields (ragged row; the"
                + " delimiter ',' was detected from the first lines: if the table uses another, give it with --delimiter)"),
                e3.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CsvReader().delimiter('"'));
    }

    @Test
    void nulBytesAreAnErrorNamingTheLine() throws IOException {
        Path f = dir.resolve("binary.csv");
        Files.write(f, "a,b\n1,2\n3\0,4\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var e = assertThrows(DataFileException.class, () -> new CsvReader().read(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("line 3, character 2: expected"
                + " CSV text, found a NUL byte (a binary file? UTF-16 text?"), e.getMessage());
        Path utf16 = dir.resolve("utf16.csv");
        Files.write(utf16, "a,b\n1,0\n".getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
        var e2 = assertThrows(DataFileException.class, () -> new CsvReader().read(utf16));
        assertTrue(e2.getMessage().contains("line 1, character 2") && e2.getMessage().contains("NUL byte"), e2.getMessage());
    }

    @Test
    void anIntegerLabelFarBeyondAClassIndexIsAnErrorNotAMillionClasses() throws IOException {
        Path f = csv("ids.csv", "x,id\n1,0\n2,999999999\n");
        var e = assertThrows(DataFileException.class, () -> new CsvReader().read(f));
        assertTrue(e.getMessage().contains("line 3, label column 'id': expected a class index below 65536, found"
                + " 999999999"), e.getMessage());
    }
}
