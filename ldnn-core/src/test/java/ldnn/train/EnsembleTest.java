package ldnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import ldnn.data.Dataset;
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
}
