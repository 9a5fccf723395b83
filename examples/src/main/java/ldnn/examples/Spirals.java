package ldnn.examples;

import ldnn.data.BatchSource;
import ldnn.data.Dataset;
import ldnn.data.Standardizer;
import ldnn.nn.Loss;
import ldnn.nn.ModelSpec;
import ldnn.nn.Sequential;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import ldnn.train.Evaluation;
import ldnn.train.Evaluator;
import ldnn.train.TrainConfig;
import ldnn.train.Trainer;
import ldnn.train.TrainingData;

/** Trains an MLP on three interleaved spirals (no straight line separates them) and prints its test accuracy. */
public final class Spirals {
    public static void main(String[] args) {
        Dataset all = spirals(3000, 3, new Rng(7));                        // x [3000, 2], labels [3000]
        Dataset[] trainTest = all.split(0.2, new Rng(1));                   // {train, test}
        TrainConfig cfg = new TrainConfig().maxEpochs(30).progress(false);  // every other setting: the recipe's
        TrainingData.Split split = TrainingData.holdOut(trainTest[0], cfg);  // 10% held out for validation
        Standardizer standardize = Standardizer.fit(split.train().x());      // fitted on the training rows only
        Sequential model = ModelSpec.build("dense(64) dense(64) dense(3)", all.exampleShape(), 0);
        new Trainer(model, cfg).fit(TrainingData.of(split.train(), split.validation(), split.note(), cfg, standardize, null));
        Evaluation test = Evaluator.of(model, BatchSource.evaluation(trainTest[1], 250, standardize), Loss.CROSS_ENTROPY);
        System.out.printf("test accuracy %.2f%% on %d spiral points%n", 100 * (1 - test.error()), test.examples());
        if (test.error() > 0.10) {
            System.err.println("the net did not learn the spirals (test error above 10%)");
            System.exit(1);
        }
    }

    /** n points on k spiral arms in the plane, with a little noise; the label is the arm. */
    static Dataset spirals(int n, int k, Rng rng) {
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(k);
            double r = rng.nextDouble(), angle = 4 * r + 2 * Math.PI * y[i] / k + 0.2 * rng.nextGaussian();
            x[2 * i] = (float) (r * Math.cos(angle));
            x[2 * i + 1] = (float) (r * Math.sin(angle));
        }
        return Dataset.classification("spirals", Tensor.of(x, n, 2), new IntTensor(y, n), java.util.List.of());
    }
}
