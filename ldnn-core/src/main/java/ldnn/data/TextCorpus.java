package ldnn.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A text for character-level language models: the vocabulary is the sorted set of distinct characters
 * (Unicode code points), and the text is encoded as ids into it. For ASCII text this matches the PyTorch
 * peer's byte-level vocabulary exactly.
 */
public final class TextCorpus {
    private final String name;
    private final int[] vocabulary;
    private final int[] ids;

    private TextCorpus(String name, String text) {
        this.name = name;
        int[] cps = text.codePoints().toArray();
        this.vocabulary = Arrays.stream(cps).distinct().sorted().toArray();
        this.ids = new int[cps.length];
        for (int i = 0; i < cps.length; i++) {
            ids[i] = Arrays.binarySearch(vocabulary, cps[i]);
        }
    }

    /**
     * The baseline a character model must beat: a unigram model (each character's frequency in
     * {@code train}, add-one smoothed over {@code vocab} characters) scored on {@code test}, in bits per
     * character. With test == train it is the text's own character entropy (plus the smoothing).
     */
    public static double unigramBits(int[] train, int[] test, int vocab) {
        long[] counts = new long[vocab];
        for (int id : train) {
            counts[id]++;
        }
        double total = train.length + vocab, bits = 0;
        for (int id : test) {
            bits -= Math.log((counts[id] + 1) / total);
        }
        return test.length == 0 ? Double.NaN : bits / test.length / Math.log(2);
    }

    /** A corpus of a non-empty text. */
    public static TextCorpus of(String name, String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException(name + ": expected some text, found an empty string");
        }
        return new TextCorpus(name, text);
    }

    /** Reads a UTF-8 file; invalid UTF-8 is an error naming the byte offset. */
    public static TextCorpus read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read: " + e, e);
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = dec.decode(in, out, true);
        if (r.isError()) {
            throw DataFileException.at(file, "byte offset " + in.position(), "UTF-8 text",
                    String.format("the invalid byte 0x%02x", bytes[in.position()] & 0xFF));
        }
        dec.flush(out);
        out.flip();
        if (out.length() == 0) {
            throw new DataFileException(file, "expected some text, found an empty file");
        }
        return new TextCorpus(file.getFileName().toString(), out.toString());
    }

    /** The corpus's name, e.g. the file name. */
    public String name() {
        return name;
    }

    /** Number of characters (code points) in the text. */
    public int length() {
        return ids.length;
    }

    /** The number of distinct characters. */
    public int vocabularySize() {
        return vocabulary.length;
    }

    /** The vocabulary as code points, sorted; id i stands for vocabulary()[i]. */
    public int[] vocabulary() {
        return vocabulary.clone();
    }

    /** The whole text as ids (shared array: do not modify). */
    public int[] ids() {
        return ids;
    }

    /** Encodes a string with this vocabulary; a character outside it is an error. */
    public int[] encode(String s) {
        int[] cps = s.codePoints().toArray();
        int[] out = new int[cps.length];
        for (int i = 0; i < cps.length; i++) {
            out[i] = Arrays.binarySearch(vocabulary, cps[i]);
            if (out[i] < 0) {
                throw new IllegalArgumentException(name + ": character " + i + " '" + Character.toString(cps[i])
                        + "' (U+" + String.format("%04X", cps[i]) + ") is not in the vocabulary of "
                        + vocabulary.length + " characters");
            }
        }
        return out;
    }

    /** The text of a sequence of ids. */
    public String decode(int[] idSequence) {
        StringBuilder sb = new StringBuilder(idSequence.length);
        for (int id : idSequence) {
            if (id < 0 || id >= vocabulary.length) {
                throw new IllegalArgumentException(name + ": id " + id + " outside the vocabulary [0, "
                        + vocabulary.length + ")");
            }
            sb.appendCodePoint(vocabulary[id]);
        }
        return sb.toString();
    }

    /**
     * Splits the id stream into {train, test}: the first floor(trainFraction * length) ids and the rest,
     * as torch_bench.py does (0.9 there).
     */
    public int[][] split(double trainFraction) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("split: fraction must be in (0, 1), got " + trainFraction);
        }
        int ntr = (int) (trainFraction * ids.length);
        return new int[][] {Arrays.copyOfRange(ids, 0, ntr), Arrays.copyOfRange(ids, ntr, ids.length)};
    }

    @Override
    public String toString() {
        return name + ": " + ids.length + " characters, vocabulary of " + vocabulary.length;
    }
}
