package ldnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DataDoctorTest {
    /** n standardized-looking rows of 4 columns with labels cycling over 3 classes. */
    static Dataset clean(String name, int n, long seed) {
        Tensor x = Tensor.randn(new Rng(seed), n, 4);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
        }
        return Dataset.classification(name, x, new IntTensor(y, n), List.of("a", "b", "c"));
    }

    private static String one(DoctorReport r, String check) {
        List<Finding> f = r.of(check);
        assertEquals(1, f.size(), r.format());
        return f.get(0).message();
    }

    @Test
    void cleanStandardizedBalancedDataGetsNoWarnings() {
        DoctorReport r = DataDoctor.examine(clean("train", 900, 1), List.of(clean("test", 300, 2)), 0);
        assertTrue(r.at(Finding.Severity.WARNING).isEmpty() && !r.hasErrors(), r.format());
        assertTrue(one(r, "labels").contains("(balanced)"), r.format());
    }

    @Test
    void nanAndInfAreErrorsNamingTheFirstRowAndColumn() {
        Dataset d = clean("train", 30, 3);
        d.x().set(Float.NaN, 7, 2);
        d.x().set(Float.POSITIVE_INFINITY, 20, 0);
        DoctorReport r = DataDoctor.examine(d, List.of(), 0);
        assertTrue(r.hasErrors());
        String m = one(r, "finite");
        assertTrue(m.contains("2 NaN/Inf input values, first at row 7, column 2"), m);
    }

    @Test
    void constantColumnsLogColumnsAndUnscaledInputsAreReported() {
        Rng rng = new Rng(4);
        int n = 500;
        Tensor x = Tensor.zeros(n, 4);
        for (int i = 0; i < n; i++) {
            x.set((float) (100 + 20 * rng.nextGaussian()), i, 0);
            x.set(5, i, 1);
            x.set((float) Math.exp(3 * rng.nextGaussian() + 2), i, 2);
            x.set((float) rng.nextGaussian(), i, 3);
        }
        Dataset d = Dataset.classification("train", x, new IntTensor(new int[n], n), List.of());
        DoctorReport r = DataDoctor.examine(d, List.of(), 0);
        assertTrue(one(r, "constant").contains("1 of 4 input dimensions are constant in train [1]"), r.format());
        String log = one(r, "log");
        assertTrue(log.startsWith("1 dimension(s) span orders of magnitude: column 2 (median |x|"), log);
        assertTrue(one(r, "scale").contains("not standardized"), r.format());
    }

    @Test
    void constantImageBordersAreOnlyInformation() {
        Tensor x = Tensor.zeros(40, 1, 6, 6);
        Rng rng = new Rng(5);
        for (int i = 0; i < 40; i++) {
            for (int p = 1; p < 5; p++) {
                x.set((float) rng.nextGaussian(), i, 0, p, p);
            }
        }
        DoctorReport r = DataDoctor.examine(Dataset.classification("img", x, new IntTensor(new int[40], 40),
                List.of()), List.of(), 0);
        assertEquals(Finding.Severity.INFO, r.of("constant").get(0).severity());
        assertTrue(one(r, "constant").contains("32 of 36"), r.format());
    }

    @Test
    void labelImbalanceAndEmptyClassesAreWarnings() {
        int n = 220;
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i < 200 ? 0 : 1;
        }
        Dataset d = Dataset.classification("train", Tensor.randn(new Rng(6), n, 3), new IntTensor(y, n),
                List.of("common", "rare", "absent"));
        DoctorReport r = DataDoctor.examine(d, List.of(), 0);
        List<Finding> f = r.of("labels");
        assertTrue(f.stream().anyMatch(x -> x.message().contains("classes [2] have no examples")), r.format());
        assertTrue(f.stream().anyMatch(x -> x.message().contains("label imbalance 10:1: largest class 'common' has"
                + " 200, smallest 'rare' has 20")), r.format());
    }

    @Test
    void examplesSharedWithHeldOutDataAndConflictingDuplicatesAreFound() {
        Dataset train = clean("train", 100, 7), test = clean("test", 50, 8);
        for (int j = 0; j < 4; j++) {
            test.x().set(train.x().get(42, j), 10, j);
            test.x().set(train.x().get(17, j), 33, j);
            train.x().set(train.x().get(0, j), 5, j); // row 5 = row 0; labels 2 vs 0
        }
        DoctorReport r = DataDoctor.examine(train, List.of(test), 0);
        List<Finding> f = r.of("duplicates");
        assertTrue(f.stream().anyMatch(x -> x.message().contains("2 of 50 test examples (4.0%) also appear in train"
                + " (e.g. row 10 = training row 42)")), r.format());
        assertTrue(f.stream().anyMatch(x -> x.message().contains("1 examples repeat an earlier input with a different"
                + " label (e.g. rows 0 and 5)")), r.format());
    }

    @Test
    void theCountingRuleSaysWhatToExpect() {
        Finding few = DataDoctor.countingRule(3_276_800, 60_000);
        assertEquals(Finding.Severity.WARNING, few.severity());
        assertEquals("model has 3.3M parameters; 60k training cases is 0.018 per parameter (the counting rule wants"
                + " 4N-32N = 13M-100M): expect a large train/test gap unless you regularize (dropout, augmentation)"
                + " or shrink the model", few.message());
        assertEquals(Finding.Severity.INFO, DataDoctor.countingRule(1000, 10_000).severity());
        assertTrue(DataDoctor.countingRule(1000, 40_000).message().contains("at least 32 per parameter"));
        DoctorReport r = DataDoctor.examine(clean("train", 90, 9), List.of(), 50);
        assertTrue(one(r, "counting").contains("90 training cases is 1.8 per parameter"), r.format());
    }

    @Test
    void regressionTargetsAreCheckedToo() {
        Tensor t = Tensor.full(5000, 20, 1);
        t.set(Float.NaN, 3, 0);
        DoctorReport r = DataDoctor.examine(Dataset.regression("reg", Tensor.randn(new Rng(1), 20, 2), t), List.of(), 0);
        assertTrue(r.of("finite").get(0).message().contains("1 NaN/Inf targets, first at row 3"), r.format());
        assertFalse(r.of("targets").isEmpty(), r.format());
    }

    /** Data that cannot train a classifier: one class is an error; a class per example, or mostly unused outputs, warnings. */
    @Test
    void oneClassIsAnErrorAndAClassPerExampleOrUnusedOutputsAreWarnings() {
        int n = 60;
        Tensor x = Tensor.randn(new Rng(4), n, 4);
        Dataset oneClass = Dataset.classification("one", x, new IntTensor(new int[n], n), List.of("only", "other"));
        Finding f = DataDoctor.examine(oneClass, List.of(), 0).of("labels").get(0);
        assertEquals(Finding.Severity.ERROR, f.severity(), f.toString());
        assertTrue(f.message().contains("every example of one has the same label ('only')"), f.message());

        int[] ids = new int[n];
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            names.add("id" + i);
        }
        Dataset perExample = Dataset.classification("ids", x, new IntTensor(ids, n), names);
        String all = DataDoctor.examine(perExample, List.of(), 0).format();
        assertTrue(all.contains("every class of ids has a single example (60 classes)"), all);

        int[] codes = new int[n];
        for (int i = 0; i < n; i++) {
            codes[i] = i % 2 == 0 ? 100 : 200;
        }
        Dataset farOut = Dataset.classification("codes", x, new IntTensor(codes, n), null);
        String w = DataDoctor.examine(farOut, List.of(), 0).format();
        assertTrue(w.contains("199 of the 201 outputs are for labels that never occur"), w);

        int[] test = new int[10];
        test[4] = -2;
        Dataset badTest = Dataset.classification("test", Tensor.randn(new Rng(5), 10, 4), new IntTensor(test, 10),
                List.of("a", "b", "c"));
        String t = DataDoctor.examine(clean("train", 60, 1), List.of(badTest), 0).format();
        assertTrue(t.contains("test: label -2 at row 4 is not one of the 3 classes [0, 3) of train"), t);
    }
}
