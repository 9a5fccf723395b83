package ldnn.fuzz;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import ldnn.data.NpzWriter;
import ldnn.data.Standardizer;
import ldnn.io.SafeTensors;
import ldnn.model.ModelFile;
import ldnn.nn.Init;
import ldnn.nn.ModelSpec;
import ldnn.nn.Sequential;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import ldnn.train.Checkpoint;
import ldnn.train.CheckpointFile;
import ldnn.train.EpochRecord;
import ldnn.train.MonitorState;
import ldnn.train.Note;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the checked-in seed corpus of the parser fuzz tests: small valid files of each format (what
 * ldnn's own writers produce, so that fuzzing starts deep inside the parser) and a few slightly broken
 * ones. Findings are not written here: Jazzer puts them beside the seeds as crash-* files.
 *
 * <p>Run it again after a file format changes:
 * {@code mvn -o test -pl ldnn-core -Dtest=SeedCorpusWriter -Dldnn.fuzz.writeSeeds=true}
 */
@EnabledIfSystemProperty(named = "ldnn.fuzz.writeSeeds", matches = "true")
class SeedCorpusWriter {
    private static final Path RESOURCES = Path.of("src/test/resources/ldnn");

    private static Path inputs(String pkg, String testClass) throws IOException {
        return Files.createDirectories(RESOURCES.resolve(pkg).resolve(testClass + "Inputs").resolve("fuzz"));
    }

    private static void put(Path dir, String name, byte[] bytes) throws IOException {
        Files.write(dir.resolve(name), bytes);
    }

    private static void put(Path dir, String name, String text) throws IOException {
        put(dir, name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void idx() throws IOException {
        Path d = inputs("data", "IdxReaderFuzzTest");
        byte[] pixels = new byte[2 * 3 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 11);
        }
        byte[] images = idx(pixels, 2, 3, 4), labels = idx(new byte[] {3, 0, 9}, 3);
        put(d, "valid-images-2x3x4.idx", images);
        put(d, "valid-labels-3.idx", labels);
        put(d, "valid-images-gzipped.idx.gz", gzip(images));
        put(d, "broken-truncated-data.idx", Arrays.copyOf(images, images.length - 5));
        put(d, "broken-float-type.idx", new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0});
        put(d, "broken-gzip-cut.idx.gz", Arrays.copyOf(gzip(images), 20));
    }

    @Test
    void csv() throws IOException {
        Path d = inputs("data", "CsvReaderFuzzTest");
        put(d, "valid-header-string-labels.csv", "sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n6.3,\"6.0\",virginica\n");
        put(d, "valid-no-header-int-labels.csv", "1,2,0\n3,4e2,2\n-5,.5,1\n");
        put(d, "valid-semicolons.csv", "a;b;y\n1.5;2;0\n3;4;1\n");
        put(d, "broken-decimal-commas.csv", "a;b;y\n1,5;2;0\n3;4,25;1\n");
        put(d, "valid-tabs-crlf-bom.tsv", "\uFEFFx\ty\tlabel\r\n0.5\t1\tcat\r\n1.5\t-2\tdog\r\n");
        put(d, "broken-missing-and-ragged.csv", "a,b,label\n1,NA,x\n,2\n3,?,z\n");
        put(d, "broken-non-finite.csv", "a,b,label\n1,inf,0\nNaN,2,1\n-Infinity,3,0\n");
        put(d, "broken-unclosed-quote.csv", "a,label\n\"1,2\n");
        put(d, "broken-nul-bytes.csv", "a,b\n1\u0000,2\n");
    }

    @Test
    void npy() throws IOException {
        Path d = inputs("data", "NpyReaderFuzzTest");
        put(d, "valid-f4-2x3.npy", NpzWriter.npy(new float[] {1, 2, 3, 4, 5, 6}, new int[] {2, 3}));
        put(d, "valid-f8-fortran-v2.npy", npy("<f8", true, "(2, 2)", doubles(1, 2, 3, 4), 2));
        put(d, "valid-big-endian-i8.npy", npy(">i8", false, "(3,)", bigEndianLongs(7, -1, 3), 1));
        put(d, "valid-u1-scalar.npy", npy("|u1", false, "()", new byte[] {42}, 1));
        put(d, "valid-b1-empty-axis-v3.npy", npy("|b1", false, "(0, 4)", new byte[0], 3));
        put(d, "broken-structured-dtype.npy", npyHeader("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }",
                new byte[4], 1));
        put(d, "broken-truncated.npy", npy("<f4", false, "(4, 4)", new byte[12], 1));
    }

    @Test
    void npz() throws IOException {
        Path d = inputs("data", "NpzReaderFuzzTest");
        Path tmp = Files.createTempFile("seed", ".npz");
        NpzWriter.write(tmp, new float[] {1, 2, 3, 4, 5, 6}, new int[] {3, 2}, new int[] {0, 1, 1});
        put(d, "valid-savez-x-y.npz", Files.readAllBytes(tmp));
        Files.delete(tmp);
        put(d, "valid-compressed-float-targets.npz", zip(true, Map.of(
                "x.npy", NpzWriter.npy(new float[] {1, 2, 3, 4}, new int[] {2, 2}),
                "y.npy", NpzWriter.npy(new float[] {0.5f, -1}, new int[] {2}))));
        put(d, "broken-not-npy-entry.npz", zip(false, Map.of("x.txt", "hello".getBytes(StandardCharsets.UTF_8))));
        put(d, "broken-mismatched-rows.npz", zip(false, Map.of(
                "x.npy", NpzWriter.npy(new float[] {1, 2, 3}, new int[] {3, 1}),
                "y.npy", npy("<i4", false, "(2,)", new byte[8], 1))));
    }

    @Test
    void images() throws IOException {
        Path d = inputs("data", "ImageFolderReaderFuzzTest");
        BufferedImage gray = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage rgb = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        BufferedImage argb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        BufferedImage gray16 = new BufferedImage(2, 3, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                gray.getRaster().setSample(x, y, 0, 20 * x + 60 * y);
                if (x < 3 && y < 2) {
                    rgb.setRGB(x, y, 0x102030 * (x + 1) + 0x050000 * y);
                }
                if (x < 2 && y < 2) {
                    argb.setRGB(x, y, 0x80FF0000 | (x * 0x00FF00) | (y * 0xFF));
                }
                if (x < 2) {
                    gray16.getRaster().setSample(x, y, 0, 10000 * (x + y));
                }
            }
        }
        put(d, "valid-gray-4x3.png", image(gray, "png"));
        put(d, "valid-rgb-3x2.png", image(rgb, "png"));
        put(d, "valid-argb-2x2.png", image(argb, "png"));
        put(d, "valid-gray16-2x3.png", image(gray16, "png"));
        put(d, "valid-rgb-3x2.jpg", image(rgb, "jpg"));
        put(d, "broken-gif-is-not-png.gif", image(gray, "gif"));
        put(d, "broken-bmp-is-not-png.bmp", image(rgb, "bmp"));
        byte[] png = image(rgb, "png");
        put(d, "broken-truncated.png", Arrays.copyOf(png, png.length / 2));
    }

    @Test
    void text() throws IOException {
        Path d = inputs("data", "TextCorpusFuzzTest");
        put(d, "valid-ascii.txt", "First Citizen:\nBefore we proceed any further, hear me speak.\n");
        put(d, "valid-unicode.txt", "naïve café, 日本語, emoji 🙂 and a surrogate pair 𝄞\n");
        put(d, "broken-latin1.txt", new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
        put(d, "broken-cut-sequence.txt", new byte[] {'a', (byte) 0xE6, (byte) 0x97});
    }

    @Test
    void json() throws IOException {
        Path d = inputs("io", "JsonFuzzTest");
        put(d, "valid-record.json", "{\"epoch\": 3, \"step\": 1200, \"loss\": 0.25, \"best\": null, \"name\": \"run\","
                + " \"done\": true, \"kind\": \"adam\", \"sizes\": [1, 2, 3], \"extra\": {\"a\": [1.5e-3, \"x\"]},"
                + " \"curve\": [1, 0.5, 0.25]}\n");
        put(d, "valid-lines.jsonl", "{\"epoch\":1,\"loss\":0.5}\n{\"epoch\":2,\"loss\":null}\n\n{\"epoch\":3,\"lo");
        put(d, "valid-scalars.json", "[0, -1, 1e308, 1234567890123456789, \"\\u00e9\\n\", false, {}]");
        put(d, "broken-integer-beyond-long.json", "{\"step\": 12345678901234567890}");
        put(d, "broken-trailing-comma.json", "{\"a\": [1, 2,],}");
        put(d, "broken-duplicate-key.json", "{\"a\": 1, \"a\": 2}");
        put(d, "broken-nan-and-comment.json", "// note\n{\"loss\": NaN}");
        put(d, "broken-deep-nesting.json", "[".repeat(3000) + "]".repeat(3000));
        put(d, "broken-wrong-types.json", "{\"epoch\": \"three\", \"kind\": \"rmsprop\", \"sizes\": {\"a\": 1}}");
    }

    @Test
    void safetensors() throws IOException {
        Path d = inputs("io", "SafeTensorsFuzzTest");
        Map<String, Tensor> floats = new LinkedHashMap<>();
        floats.put("w", Tensor.of(new float[] {1, -2, 3.5f, 0}, 2, 2));
        floats.put("b", Tensor.of(new float[] {0.25f}, 1));
        Map<String, IntTensor> ints = Map.of("ids", new IntTensor(new int[] {1, 2, 3}, 3));
        put(d, "valid-ldnn-format-1.safetensors", SafeTensors.toBytes(floats, ints, Map.of(SafeTensors.FORMAT_KEY, "1")));
        put(d, "valid-no-metadata.safetensors", SafeTensors.toBytes(floats, Map.of(), Map.of()));
        put(d, "valid-other-dtypes.safetensors", safetensors("{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"l\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[4,12]},"
                + "\"u\":{\"dtype\":\"U8\",\"shape\":[2,2],\"data_offsets\":[12,16]},"
                + "\"z\":{\"dtype\":\"BF16\",\"shape\":[0,3],\"data_offsets\":[16,16]}}", new byte[16]));
        put(d, "broken-overlap.safetensors", safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", new byte[6]));
        put(d, "broken-length-too-big.safetensors", new byte[] {(byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0, 0, 0, '{', '}'});
    }

    @Test
    void modelFiles() throws IOException {
        Path d = inputs("model", "ModelFileFuzzTest");
        Path tmp = Files.createTempFile("seed", ".ldnn");
        Tensor x = Tensor.rand(new Rng(1), 6, 5);
        save(tmp, "dense(4) dense(3)", new int[] {5}, 0, 1, Standardizer.fit(x));
        put(d, "valid-dense-standardized.ldnn", Files.readAllBytes(tmp));
        save(tmp, "conv(2,3) pool(2) dense(3)", new int[] {1, 4, 4}, 0, 1, null);
        put(d, "valid-conv.ldnn", Files.readAllBytes(tmp));
        save(tmp, "embed(3) lstm(2,last=true) dense(4)", new int[] {5}, 4, 1, null);
        put(d, "valid-text-lstm.ldnn", Files.readAllBytes(tmp));
        save(tmp, "dense(2) dropout(0.5) dense(2)", new int[] {3}, 0, 2, null);
        put(d, "valid-ensemble-of-2.ldnn", Files.readAllBytes(tmp));
        Files.delete(tmp);
        put(d, "broken-plain-safetensors.ldnn", SafeTensors.toBytes(Map.of("w", Tensor.of(new float[] {1}, 1)),
                Map.of(), Map.of(SafeTensors.FORMAT_KEY, "1", "ldnn.kind", "model")));
    }

    @Test
    void checkpoints() throws IOException {
        Path d = inputs("train", "CheckpointFileFuzzTest");
        Map<String, Tensor> params = Map.of("0.weight", Tensor.of(new float[] {1, 2}, 1, 2));
        Map<String, Tensor> opt = Map.of("0.weight.momentum", Tensor.of(new float[] {0.5f, 0}, 1, 2));
        Map<String, MonitorState> monitors = new LinkedHashMap<>();
        monitors.put("best-model", new MonitorState(Map.of("epoch", 1), params));
        monitors.put("divergence-guard", new MonitorState(Map.of("divergences", 0), Map.of()));
        EpochRecord e = new EpochRecord(0, 10, 0.9, 0.3, 1.0, 0.35, 0.1, 1.5, 200, 2.0, 0, Map.of("0.weight", 1e-3), 1e6);
        Checkpoint c = new Checkpoint(1, 0, 10, 0.1, 0.1, params, opt, 10, monitors, Map.of("1", new long[] {1, 2}),
                new Checkpoint.Log(List.of(e), List.of(new Note(5, 0, "update-ratio", "too small")), List.of()), null, null);
        Path tmp = Files.createTempFile("seed", ".safetensors");
        CheckpointFile.write(tmp, c, Map.of());
        put(d, "valid-version-2.safetensors", Files.readAllBytes(tmp));
        Files.delete(tmp);
        String v1 = "{\"version\":1,\"epoch\":2,\"batches_done\":0,\"step\":20,\"lr\":0.05,\"optimizer_steps\":20,"
                + "\"best_eval\":{\"loss\":0.5,\"error\":0.1},\"best_epoch\":1,\"divergences\":0,\"off_ground_attempts\":1,"
                + "\"init\":\"he\",\"monitors\":{\"update-ratio\":{\"start_lr\":0.1}},\"rngs\":{},"
                + "\"history\":[],\"warnings\":[\"step 3: slow\"],\"events\":[]}";
        put(d, "valid-version-1.safetensors", SafeTensors.toBytes(Map.of("param/0.weight", params.get("0.weight"),
                "best/0.weight", params.get("0.weight")), Map.of(), Map.of(SafeTensors.FORMAT_KEY, "1",
                "ldnn.kind", "checkpoint", "ldnn.checkpoint", v1)));
        put(d, "broken-model-file.safetensors", SafeTensors.toBytes(params, Map.of(),
                Map.of(SafeTensors.FORMAT_KEY, "1", "ldnn.kind", "model")));
    }

    @Test
    void modelSpecs() throws IOException {
        Path d = inputs("nn", "ModelSpecFuzzTest");
        put(d, "valid-convnet.txt", "conv(8,5) pool(2) conv(16,5,stride=1,pad=2) avgpool(2) dense(32) dropout(0.5) dense(10)");
        put(d, "valid-mlp-arrows.txt", "dense(8) -> tanh -> dense(4,bias=false) | sigmoid");
        put(d, "valid-text.txt", "embed(4) lstm(8,layers=2,forget_bias=1.5,stateful=true) rnn(3,last=true) dense(7)");
        put(d, "valid-flatten-relu.txt", "flatten relu dense(3)");
        put(d, "broken-typo-and-options.txt", "dens(3) conv(2,3,strid=2) pool(0) dropout(x)");
        put(d, "broken-unclosed.txt", "dense(3, bias=maybe");
    }

    // ------------------------------------------------------------------ byte helpers

    private static byte[] idx(byte[] data, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) dims.length);
        for (int dim : dims) {
            b.putInt(dim);
        }
        return b.put(data).array();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(bytes);
        }
        return bo.toByteArray();
    }

    private static byte[] npy(String descr, boolean fortran, String shape, byte[] payload, int version) {
        return npyHeader("{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + shape + ", }", payload, version);
    }

    private static byte[] npyHeader(String dict, byte[] payload, int version) {
        int prefix = version == 1 ? 10 : 12;
        String header = dict + " ".repeat((64 - (prefix + dict.length() + 1) % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(prefix + header.length() + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) version).put((byte) 0);
        if (version == 1) {
            b.putShort((short) header.length());
        } else {
            b.putInt(header.length());
        }
        return b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(payload).array();
    }

    private static byte[] doubles(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    private static byte[] bigEndianLongs(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.BIG_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    private static byte[] zip(boolean deflate, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bo)) {
            z.setMethod(deflate ? ZipOutputStream.DEFLATED : ZipOutputStream.STORED);
            for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(entries).entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                if (!deflate) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(e.getValue());
                    ze.setSize(e.getValue().length);
                    ze.setCompressedSize(e.getValue().length);
                    ze.setCrc(crc.getValue());
                }
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return bo.toByteArray();
    }

    private static byte[] image(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, bo)) {
            throw new IOException("no ImageIO writer for " + format + " and " + img);
        }
        return bo.toByteArray();
    }

    private static byte[] safetensors(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(h.length).put(h).put(data).array();
    }

    private static void save(Path file, String spec, int[] shape, int vocab, int members, ldnn.data.Preprocessor pre)
            throws IOException {
        List<Sequential> nets = new java.util.ArrayList<>();
        for (int i = 0; i < members; i++) {
            Sequential m = ModelSpec.build(spec, shape, vocab);
            m.initialize(Init.defaults(), new Rng(7 + i));
            nets.add(m);
        }
        List<String> classes = List.of("a", "b", "c", "d").subList(0, Math.min(4, spec.endsWith("(2)") ? 2 : 3));
        ModelFile.save(file, nets, pre, new ModelFile.Info(spec, shape, vocab, classes, "cross-entropy",
                Map.of("epochs", 1)));
    }
}
