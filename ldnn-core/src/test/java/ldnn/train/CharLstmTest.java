package ldnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.NoSuchElementException;
import ldnn.data.Batch;
import ldnn.data.BatchSource;
import ldnn.nn.Loss;
import ldnn.nn.ModelSpec;
import ldnn.nn.Sequential;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A small stateful LSTM learns a character-level model of a short text with the recipe trainer. */
class CharLstmTest {
    static final String TEXT = "the quick brown fox jumps over the lazy dog. "
            + "a stitch in time saves nine. all that glitters is not gold. ";

    /** Truncated-BPTT windows: the text cut into b streams, each batch the next t characters of each. */
    static BatchSource windows(int[] ids, int b, int t) {
        int len = ids.length / b;
        return new BatchSource() {
            @Override
            public Batches epoch(int epoch) {
                return new Batches() {
                    int at = 0;

                    @Override
                    public boolean hasNext() {
                        return at + t + 1 <= len;
                    }

                    @Override
                    public Batch next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        float[] x = new float[b * t];
                        int[] y = new int[b * t];
                        for (int s = 0; s < b; s++) {
                            for (int j = 0; j < t; j++) {
                                x[s * t + j] = ids[s * len + at + j];
                                y[s * t + j] = ids[s * len + at + j + 1];
                            }
                        }
                        at += t;
                        return new Batch(Tensor.of(x, b, t), new IntTensor(y, b, t), null);
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public long examples() {
                return (long) b * ((len - 1) / t);
            }

            @Override
            public String describe() {
                return b + " streams of " + len + " characters";
            }
        };
    }

    @Test
    void learnsToPredictTheNextCharacter() {
        String text = TEXT.repeat(20);
        String vocab = text.chars().distinct().sorted().collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString();
        int[] ids = text.chars().map(vocab::indexOf).toArray();
        Sequential model = ModelSpec.build("embed(16) lstm(64,stateful=true) dense(" + vocab.length() + ")",
                new int[] {16}, vocab.length());
        BatchSource train = windows(ids, 8, 16);
        TrainingData data = new TrainingData(train, windows(ids, 4, 16), "the same text, 4 streams", null, null);
        TrainConfig cfg = new TrainConfig().maxEpochs(40).progress(false);
        TrainResult r = new Trainer(model, cfg, new PrintStream(new ByteArrayOutputStream())).fit(data);
        double bits = r.bestValidation().loss() / Math.log(2);
        assertTrue(bits < 1.0, "bits per character " + bits + " (uniform would be "
                + Math.log(vocab.length()) / Math.log(2) + ")\n" + r.history());
        assertTrue(r.bestValidation().error() < 0.25, "next-character error " + r.bestValidation());
        RecipeChecklist.Item clip = r.checklist().get(RecipePoint.GRADIENT_CLIPPING);
        assertEquals(RecipeChecklist.Status.APPLIED, clip.status(), "recurrent nets clip by default: " + clip);
        assertTrue(clip.detail().contains("clipped at 5"), clip.toString());
        Evaluation again = Evaluator.of(model, data.validation(), Loss.CROSS_ENTROPY);
        assertTrue(Math.abs(again.loss() - r.bestValidation().loss()) < 1e-6, "the returned model is the best one");
    }
}
