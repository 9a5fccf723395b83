package ldnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input stops a command with one clear error (the file, where, what was expected and found), a
 * non-zero exit status, no stack trace, and no run folder or output file left behind.
 */
class MalformedInputTest {
    @TempDir
    Path tmp;

    /** Trains on data that must be refused; returns the error line. */
    String refused(String data, String... more) {
        Path run = tmp.resolve("run");
        String[] args = new String[4 + more.length];
        args[0] = "train";
        args[1] = data;
        args[2] = "--run";
        args[3] = run.toString();
        System.arraycopy(more, 0, args, 4, more.length);
        Cli.Result r = Cli.run(args);
        assertNotEquals(0, r.code(), r.toString());
        assertFalse(Files.exists(run), "no run folder is left behind: " + r);
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(r.err().startsWith("ldnn train: "), r.err());
        return r.err();
    }

    @Test
    void truncatedIdx() throws Exception {
        Path idx = TestData.idxFolder(tmp, 30, 10);
        Path images = idx.resolve("train-images-idx3-ubyte");
        byte[] all = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(all, all.length - 100));
        String err = refused(idx.toString());
        assertTrue(err.contains("train-images-idx3-ubyte") && err.contains("expected"), err);
        assertEquals(1, err.strip().lines().count(), err);
    }

    @Test
    void raggedCsv() throws Exception {
        Path csv = tmp.resolve("ragged.csv");
        Files.writeString(csv, "a,b,label\n1,2,x\n3,4,y\n5,y\n6,7,x\n");
        String err = refused(csv.toString());
        assertTrue(err.contains("ragged.csv") && err.contains("line 4") && err.contains("ragged"), err);
        assertEquals(1, err.strip().lines().count(), err);
    }

    @Test
    void missingCsvCellNamesItsLine() throws Exception {
        Path csv = tmp.resolve("missing.csv");
        Files.writeString(csv, "a,b,label\n1,2,x\n3,NaN,y\n5,6,y\n6,7,x\n");
        String err = refused(csv.toString());
        assertTrue(err.contains("missing.csv") && err.contains("line 3"), err);
    }

    @Test
    void nanValueIsADataDoctorError() throws Exception {
        int n = 40;
        float[] x = new float[n * 2];
        int[] y = new int[n];
        Random r = new Random(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
        }
        x[7] = Float.NaN;
        Path f = tmp.resolve("nan.npz");
        TestData.npz(f, x, new int[] {n, 2}, y);
        String err = refused(f.toString(), "--model", "dense(2)", "--test-fraction", "0.25");
        assertTrue(err.contains("data doctor") && err.contains("NaN") && err.contains("--force"), err);
        assertEquals(1, err.strip().lines().count(), err);
        Cli.Result doctor = Cli.run("doctor", f.toString(), "--test-fraction", "0.25");
        assertEquals(1, doctor.code(), doctor.toString());
        assertTrue(doctor.out().contains("error [finite]"), doctor.out());
    }

    @Test
    void imageOfTheWrongSize() throws Exception {
        Path images = TestData.imageFolder(tmp, 5);
        TestData.png(images.resolve("green").resolve("odd.png"), new byte[81], 9, 9);
        String err = refused(images.toString());
        assertTrue(err.contains("odd.png") && err.contains("8x8") && err.contains("9x9"), err);
        assertEquals(1, err.strip().lines().count(), err);
    }

    @Test
    void specTypoPointsAtTheToken() throws Exception {
        Path csv = TestData.csv(tmp, 60);
        String err = refused(csv.toString(), "--model", "conv(32,5) pol(2) dense(10)");
        List<String> lines = err.strip().lines().toList();
        assertTrue(lines.get(0).contains("unknown layer 'pol'") && lines.get(0).contains("did you mean 'pool'"), err);
        assertEquals("conv(32,5) pol(2) dense(10)", lines.get(1).strip());
        assertEquals(lines.get(1).indexOf("pol"), lines.get(2).indexOf('^'), "the caret is under the token:\n" + err);
    }

    @Test
    void outputLayerThatDoesNotMatchTheClasses() throws Exception {
        Path csv = TestData.csv(tmp, 60);
        String err = refused(csv.toString(), "--model", "dense(8) dense(10)");
        assertTrue(err.contains("3 classes") && err.contains("dense(3)"), err);
    }

    @Test
    void predictWithTheWrongInputShapeWritesNothing() throws Exception {
        Path idx = TestData.idxFolder(tmp, 60, 12);
        Path run = tmp.resolve("model-run");
        assertEquals(0, Cli.run("train", idx.toString(), "--model", "dense(3)", "--epochs", "1", "--run", run.toString(), "-q").code());
        Path npy = tmp.resolve("flat.npy");
        TestData.npy(npy, new float[5 * 64], 5, 64);
        Path out = tmp.resolve("pred.csv");
        Cli.Result r = Cli.run("predict", run.resolve("model.ldnn").toString(), npy.toString(), "--out", out.toString());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("flat.npy") && r.err().contains("[n, 1, 8, 8]") && r.err().contains("[5, 64]"), r.err());
        assertFalse(Files.exists(out), "no partial output");
        Path big = tmp.resolve("big.png");
        TestData.png(big, new byte[100], 10, 10);
        Cli.Result p = Cli.run("predict", run.resolve("model.ldnn").toString(), big.toString(), "--out", out.toString());
        assertTrue(p.err().contains("big.png") && p.err().contains("8x8") && p.err().contains("10x10"), p.err());
        assertFalse(Files.exists(out), "no partial output");
    }

    @Test
    void unknownDataIsNamed() {
        Cli.Result r = Cli.run("train", tmp.resolve("nope.csv").toString());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("nope.csv") && r.err().contains("no such file"), r.err());
    }
}
