package ldnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ldnn.io.Json;
import ldnn.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on every kind of data the command takes: IDX folders, image folders, .npz arrays, text; ensembles. */
class TrainDataKindsTest {
    static final String TINY_CONVNET = "conv(4,3) pool(2) dense(16) dense(3)";

    @TempDir
    Path tmp;

    static String lastLine(Cli.Result r) {
        String s = r.out().strip();
        return s.substring(s.lastIndexOf('\n') + 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void idxFolderUsesItsTestFilesAndImagesPredictFromTheFolder() throws Exception {
        Path idx = TestData.idxFolder(tmp, 240, 60);
        // images ldnn does not know get shifts, not flips (mirror digits are other digits), and a mirror check
        Path byDefault = tmp.resolve("default");
        Cli.Result d = Cli.run("train", idx.toString(), "--model", TINY_CONVNET, "--epochs", "2", "--run",
                byDefault.toString(), "-q");
        assertEquals(0, d.code(), d.toString());
        assertTrue(d.out().contains("augmentation: images: shift up to 2 px;") || d.out().contains(
                "augmentation: images: shift up to 2 px\n"), d.out());
        assertFalse(d.out().contains("horizontal flips"), "no flips unless asked for:\n" + d.out());
        assertTrue(lastLine(d).endsWith("on 60 examples"), "no mirror averaging without flips: " + lastLine(d));
        assertTrue(d.out().matches("(?s).*mirror check: validation error \\d+\\.\\d\\d% on the images, \\d+\\.\\d\\d% on"
                + " their mirror images \\(chance: 67%\\): .*"), d.out());
        assertFalse(ModelFile.load(byDefault.resolve("model.ldnn")).info().mirrorAtTest());

        Path run = tmp.resolve("run");
        Cli.Result r = Cli.run("train", idx.toString(), "--model", TINY_CONVNET, "--epochs", "2", "--augment",
                "shift=2,flip", "--run", run.toString(), "-q");
        assertEquals(0, r.code(), r.toString());
        assertFalse(r.out().contains("mirror check"), "trained with flips: no check\n" + r.out());
        assertTrue(r.out().contains("test: the test files t10k-images-idx3-ubyte (60 examples)"), r.out());
        assertTrue(lastLine(r).startsWith("test accuracy: ") && lastLine(r).contains("on 60 examples; each image averaged"
                + " with its mirror image (the image alone: "), lastLine(r));
        assertTrue(r.out().contains("[x] 11 data augmentation"), "images are augmented by default:\n" + r.out());
        assertTrue(r.out().contains("; test predictions average each image and its mirror image"), r.out());
        ModelFile.Loaded m = ModelFile.load(run.resolve("model.ldnn"));
        assertTrue(m.info().mirrorAtTest(), "trained with flips, so tested with mirror averaging (--tta auto)");
        Map<String, Object> test = (Map<String, Object>) Json.parseObject(Files.readString(run.resolve("summary.json")))
                .get("test");
        assertEquals("mirror", test.get("test_time"));
        assertTrue(((Map<?, ?>) test.get("image_alone")).containsKey("accuracy"), test.toString());
        assertEquals(List.of(1, 8, 8), java.util.Arrays.stream(m.info().inputShape()).boxed().toList());
        Cli.Result p = Cli.run("predict", run.resolve("model.ldnn").toString(), idx.toString());
        assertEquals(0, p.code(), p.toString());
        assertEquals(61, p.out().lines().count(), "the t10k images are predicted");
        Cli.Result e = Cli.run("eval", run.resolve("model.ldnn").toString(), idx.toString());
        assertTrue(e.out().contains("on 60 examples (each image averaged with its mirror image"), e.toString());
        assertTrue(e.out().contains("the image alone: loss"), e.toString());
        Path plain = tmp.resolve("plain");
        Cli.Result n = Cli.run("train", idx.toString(), "--model", TINY_CONVNET, "--epochs", "1", "--tta", "none",
                "--run", plain.toString(), "-q");
        assertTrue(lastLine(n).endsWith("on 60 examples"), lastLine(n));
        assertTrue(!ModelFile.load(plain.resolve("model.ldnn")).info().mirrorAtTest());
        Cli.Result bad = Cli.run("train", idx.toString(), "--tta", "rotate", "--epochs", "1", "-q");
        assertTrue(bad.code() != 0 && bad.err().contains("--tta: expected auto, mirror or none, got 'rotate'"), bad.toString());
    }

    @Test
    void imageFolderTrainsWithoutAugmentationAndPredictsImageFiles() throws Exception {
        Path images = TestData.imageFolder(tmp, 40);
        Path run = tmp.resolve("run");
        Cli.Result r = Cli.run("train", images.toString(), "--model", TINY_CONVNET, "--epochs", "2", "--no-augment",
                "--run", run.toString(), "-q");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("[ ] 11 data augmentation"), r.out());
        assertTrue(lastLine(r).endsWith("on 12 examples"), lastLine(r));
        Cli.Result p = Cli.run("predict", run.resolve("model.ldnn").toString(), images.resolve("blue").toString());
        assertEquals(0, p.code(), p.toString());
        assertTrue(p.out().contains("\n000.png,"), p.out());
        assertEquals(41, p.out().lines().count());
    }

    @Test
    void npzArraysAndAnEnsembleReportEveryMember() throws Exception {
        Random rnd = new Random(1);
        int n = 200;
        float[] x = new float[n * 3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(2);
            for (int j = 0; j < 3; j++) {
                x[i * 3 + j] = (float) (rnd.nextGaussian() + (y[i] == 1 ? 2 : 0));
            }
        }
        Path f = tmp.resolve("data.npz");
        TestData.npz(f, x, new int[] {n, 3}, y);
        Path run = tmp.resolve("run");
        Cli.Result r = Cli.run("train", f.toString(), "--model", "dense(8) dense(2)", "--epochs", "2", "--ensemble", "2",
                "--run", run.toString(), "-q");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("member  1: validation error") && r.out().contains("member  2: validation error"), r.out());
        assertTrue(r.out().contains("ensemble of 2: validation error"), r.out());
        assertTrue(r.out().contains("[x] 13 ensemble"), r.out());
        Map<String, Object> summary = Json.readObject(run.resolve("summary.json"));
        assertTrue(summary.get("ensemble") instanceof Map<?, ?> e && ((List<?>) e.get("members")).size() == 2, summary.toString());
        assertEquals(2, ModelFile.load(run.resolve("model.ldnn")).members().size());
        Cli.Result e = Cli.run("eval", run.resolve("model.ldnn").toString(), f.toString());
        assertTrue(e.out().contains("member  2: error") && e.out().contains("ensemble of 2"), e.toString());
    }

    @Test
    void aTextTrainsACharacterModelAndReportsBitsPerCharacter() throws Exception {
        Path text = TestData.text(tmp);
        int vocab = (int) Files.readString(text).chars().distinct().count();
        Path run = tmp.resolve("run");
        Cli.Result r = Cli.run("train", text.toString(), "--model", "embed(8) lstm(16,stateful=true) dense(" + vocab + ")",
                "--seq-len", "10", "--batch-size", "4", "--epochs", "2", "--run", run.toString(), "-q");
        assertEquals(0, r.code(), r.toString());
        assertTrue(lastLine(r).matches("test: \\d+\\.\\d{3} bits per character .* on \\d+ characters; a unigram model of the"
                + " training text: \\d+\\.\\d{3}"), lastLine(r));
        assertTrue(r.out().contains("the baseline to beat: a unigram model of the training text gives"), r.out());
        assertTrue(r.out().contains("[x]  8 gradient clipping"), "recurrent nets clip:\n" + r.out());
        // text defaults: Adam at 0.002 (SGD at LR 1 learned far more slowly on the KJV text)
        assertTrue(r.out().contains("optimizer set by ldnn train for text: adam")
                && r.out().contains("learning rate set by ldnn train for text: 0.002"), r.out());
        var test = (java.util.Map<?, ?>) ldnn.io.Json.parseObject(Files.readString(run.resolve("summary.json"))).get("test");
        double unigram = ((Number) test.get("unigram_bits_per_character")).doubleValue();
        assertTrue(unigram > 3 && unigram < Math.log(vocab) / Math.log(2) + 0.1, "a unigram model of this text: " + unigram);
        assertTrue(Files.readString(run.resolve("report.html")).contains("a unigram model of the training text: "));
        Cli.Result e = Cli.run("eval", run.resolve("model.ldnn").toString(), text.toString(), "--held-out");
        assertEquals(0, e.code(), e.toString());
        assertTrue(e.out().contains("bits per character") && e.out().contains("the text's own character frequencies"),
                e.out());
        Cli.Result progress = Cli.run("train", text.toString(), "--model", "embed(8) lstm(16,stateful=true) dense(" + vocab
                + ")", "--seq-len", "10", "--batch-size", "4", "--epochs", "1", "--optimizer", "sgd", "--run",
                tmp.resolve("p").toString());
        assertTrue(progress.out().contains("SGD(lr=1.00"), "an SGD chosen for text keeps LR 1: " + progress.out());
        assertTrue(progress.out().matches("(?s).*best validation loss \\d+\\.\\d{4} \\(\\d+\\.\\d{3} bits/char\\) at epoch 1.*"),
                "a character model's best epoch is the one with the fewest bits per character: " + progress.out());
        assertTrue(progress.out().matches("(?s).*epoch   1 .* val loss \\d+\\.\\d{4} \\(\\d+\\.\\d{3} bits/char\\).*"),
                progress.out());
        Cli.Result i = Cli.run("info", run.resolve("model.ldnn").toString());
        assertTrue(i.out().contains("sequences of 10 character ids (vocabulary of " + vocab + ")"), i.out());
    }
}
