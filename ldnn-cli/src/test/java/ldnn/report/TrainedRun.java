package ldnn.report;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import ldnn.data.BatchSource;
import ldnn.data.Dataset;
import ldnn.nn.Activation;
import ldnn.nn.Dropout;
import ldnn.nn.Linear;
import ldnn.nn.Loss;
import ldnn.nn.Module;
import ldnn.nn.Sequential;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import ldnn.train.Evaluation;
import ldnn.train.RunFolder;
import ldnn.train.TrainConfig;
import ldnn.train.Evaluator;
import ldnn.train.RunFiles;
import ldnn.train.Trainer;
import ldnn.train.TrainingData;

/** Real run folders: a small MLP trained by the recipe Trainer on Gaussian clusters, with a test result. */
final class TrainedRun {
    private TrainedRun() {
    }

    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    /** n examples of k Gaussian clusters in d dimensions (centers ~ N(0, spread²), unit noise). */
    static Dataset blobs(int n, int d, int k, double spread, long seed) {
        Rng r = new Rng(seed);
        float[][] centers = new float[k][d];
        for (float[] c : centers) {
            for (int j = 0; j < d; j++) {
                c[j] = (float) (spread * r.nextGaussian());
            }
        }
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(k);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = centers[y[i]][j] + (float) r.nextGaussian();
            }
        }
        return Dataset.classification("blobs", Tensor.of(x, n, d), new IntTensor(y, n), List.of());
    }

    /** 1500 training and 500 test examples of the same four clusters. */
    static Dataset[] trainAndTest() {
        return blobs(2000, 10, 4, 0.8, 7).split(0.25, new Rng(11));
    }

    static Module mlp() {
        return new Sequential(new Linear(10, 32), Activation.relu(), new Dropout(0.2), new Linear(32, 4));
    }

    /** Trains into dir (config.json, metrics.jsonl, checkpoint, summary.json with a "test" result). */
    static Path classification(Path dir, UnaryOperator<TrainConfig> settings) {
        TrainConfig cfg = settings.apply(new TrainConfig().progress(false));
        Dataset[] parts = trainAndTest();
        Dataset all = parts[0], test = parts[1];
        TrainingData.Split s = TrainingData.holdOut(all, cfg);
        TrainingData data = TrainingData.of(s.train(), s.validation(), s.note(), cfg, null, null);
        Module model = mlp();
        RunFiles.Launch launch = new RunFiles.Launch("TrainedRun.classification", null, "blobs", null, null, null, null,
                null, null, null);
        new Trainer(model, cfg, QUIET).recorder(new RunFolder(dir, launch)).fit(data);
        Evaluation e = Evaluator.of(model, BatchSource.evaluation(test, 500, null), Loss.CROSS_ENTROPY);
        try {
            RunFiles.writeSummary(dir, RunFiles.readSummary(dir).withResults(null, RunFiles.TestResult.of(e), null, null, null));
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return dir;
    }
}
