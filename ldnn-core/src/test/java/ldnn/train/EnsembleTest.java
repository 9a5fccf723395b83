package ldnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import ldnn.data.BatchSource;
import ldnn.data.Dataset;
import ldnn.data.ImageAugmenter;
import ldnn.nn.Init;
import ldnn.nn.Loss;
import ldnn.nn.ModelSpec;
import ldnn.tensor.IntTensor;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import ldnn.nn.Activation;
import ldnn.nn.Linear;
import ldnn.nn.Sequential;
import org.junit.jupiter.api.Test;

/** Members differ by seed only, train in parallel, and their averaged prediction beats the average member. */
class EnsembleTest {

    @Test
    void anEnsembleIsAtLeastAsGoodAsItsAverageMember() {
        Dataset all = Blobs.classification(3000, 20, 6, 0.6, 9);
        Dataset[] tt = all.split(0.3, new ldnn.tensor.Rng(1));
        TrainConfig base = new TrainConfig().maxEpochs(6).progress(false);
        TrainingData.Split split = TrainingData.holdOut(tt[0], base);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Ensemble e = Ensemble.train(4,
                () -> new Sequential(new Linear(20, 64), Activation.relu(), new Linear(64, 6)),
                () -> new TrainConfig().maxEpochs(6),
                cfg -> TrainingData.of(split.train(), split.validation(), split.note(), cfg, null, null),
                2, new PrintStream(log, true));
        assertEquals(4, e.members().size());
        Ensemble.Report test = e.evaluate(BatchSource.evaluation(tt[1], 500, null));
        assertTrue(test.ensemble().error() <= test.meanMemberError() + 1e-9, test.toString());
        assertTrue(test.ensemble().loss() < test.members().stream().mapToDouble(Evaluation::loss).average().orElseThrow(),
                "averaging probabilities lowers the cross-entropy (Jensen):\n" + test);
        assertTrue(log.toString().contains("[member 4/4]"), "members report with a prefix");
        // different seeds give different members
        assertTrue(e.members().get(0).parameters().get("0.weight").toArray()[0]
                != e.members().get(1).parameters().get("0.weight").toArray()[0]);
    }

    @Test
    void mirrorAveragingIsTheMeanOfTheImagesAndTheirMirrorImagesProbabilities() {
        Sequential net = ModelSpec.build("conv(3,3) pool(2) dense(4)", new int[] {1, 6, 6}, 0);
        net.initialize(Init.defaults(), new Rng(5));
        Tensor x = Tensor.rand(new Rng(6), 7, 1, 6, 6);
        Ensemble one = Ensemble.of(List.of(net));
        Tensor p = one.predict(x, Loss.CROSS_ENTROPY), q = one.predict(ImageAugmenter.mirror(x), Loss.CROSS_ENTROPY);
        Tensor avg = one.withMirrorAveraging(true).predict(x, Loss.CROSS_ENTROPY);
        assertArrayEquals(p.add(q).div(2).toArray(), avg.toArray(), 1e-6f);
        assertTrue(Math.abs(avg.toArray()[0] - p.toArray()[0]) > 1e-6, "an asymmetric net sees a different mirror image");
        IllegalArgumentException err = assertThrows(IllegalArgumentException.class,
                () -> one.withMirrorAveraging(true).predict(Tensor.zeros(2, 36), Loss.CROSS_ENTROPY));
        assertTrue(err.getMessage().contains("needs images"), err.getMessage());
        // evaluated with mirror averaging, members are scored the same way as the ensemble
        Sequential other = ModelSpec.build("conv(3,3) pool(2) dense(4)", new int[] {1, 6, 6}, 0);
        other.initialize(Init.defaults(), new Rng(8));
        BatchSource src = BatchSource.evaluation(Dataset.classification("t", x, IntTensor.of(0, 1, 2, 3, 0, 1, 2),
                List.of("a", "b", "c", "d")), 4, null);
        Ensemble.Report r = Ensemble.of(List.of(net, other)).withMirrorAveraging(true).evaluate(src);
        Evaluation alone = one.withMirrorAveraging(true).averaged(src), plain = Evaluator.of(net, src, Loss.CROSS_ENTROPY);
        assertEquals(alone.loss(), r.members().get(0).loss(), 1e-6);
        assertTrue(Math.abs(alone.loss() - plain.loss()) > 1e-6, "the single view scores differently");
    }
}
