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
}
