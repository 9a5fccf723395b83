package ldnn.experiments;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import ldnn.autograd.GradMode;
import ldnn.data.BatchSource;
import ldnn.data.Dataset;
import ldnn.nn.Loss;
import ldnn.nn.Module;
import ldnn.nn.ModelSpec;
import ldnn.tensor.Tensor;
import ldnn.train.Evaluation;
import ldnn.train.Evaluator;
import ldnn.train.TrainConfig;
import ldnn.train.TrainResult;
import ldnn.train.Trainer;
import ldnn.train.TrainingData;

/** Fashion-MNIST models trained by the recipe trainer, and ways of evaluating them. */
final class ImageNets {
    private ImageNets() {
    }

    /** A model from the spec language for 28x28 gray images. */
    static Module build(String spec) {
        return ModelSpec.build(spec, new int[] {1, 28, 28}, 0);
    }

    /** Trains with the recipe trainer (its defaults unless cfg changes them); the model left is the best on validation. */
    static TrainResult train(Module model, ExperimentData.ImageSplit split, TrainConfig cfg, PrintStream progress,
                             String label) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream log = cfg == null ? null : new PrintStream(sink, true, StandardCharsets.UTF_8);
        TrainResult r = new Trainer(model, cfg, log).fit(TrainingData.of(split.train(), split.validation(),
                "held out from the training images", cfg, null, null));
        progress.printf(java.util.Locale.ROOT, "  %s: %d epochs, %d steps, %.0f s, best validation error %s (%s)%n", label,
                r.history().size(), r.steps(), r.seconds(), Fmt.pct(r.bestValidation().error()), r.stopReason());
        return r;
    }

    static Evaluation test(Module model, Dataset test) {
        return Evaluator.of(model, BatchSource.evaluation(test, TrainConfig.EVAL_BATCH_SIZE, null), Loss.CROSS_ENTROPY);
    }

    /**
     * Test error of the average of the softmax outputs over {@code masks} random dropout masks (the model in
     * training mode, nothing recorded); {@code masks} = 1 is "dropout left on at test time".
     */
    static double monteCarloError(Module model, Dataset test, int masks) {
        boolean was = model.isTraining();
        model.train(true);
        try {
            return Evaluator.ofProbabilities(BatchSource.evaluation(test, TrainConfig.EVAL_BATCH_SIZE, null), x -> {
                Tensor sum = null;
                for (int k = 0; k < masks; k++) {
                    Tensor p = model.forward(x).softmax();
                    sum = sum == null ? p : sum.add(p);
                }
                return sum.div(masks);
            }).error();
        } finally {
            model.train(was);
        }
    }
}
