package ldnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ldnn.data.BatchSource;
import ldnn.data.Dataset;
import ldnn.nn.Activation;
import ldnn.nn.Dropout;
import ldnn.nn.Linear;
import ldnn.nn.Sequential;
import org.junit.jupiter.api.Test;

/** The checklist is built from structured facts: statuses and changes by recipe point, not by wording. */
class RecipeChecklistTest {
    private static TrainingData data(TrainConfig cfg) {
        Dataset all = Blobs.classification(300, 4, 3, 1.0, 1);
        return new TrainingData(BatchSource.of(all, cfg.batchSize(), true, 1, null, null),
                BatchSource.evaluation(all, 100, null), "the blobs themselves", null, null);
    }

    private static Sequential net() {
        return new Sequential(new Linear(4, 8), Activation.relu(), new Dropout(0.5), new Linear(8, 3));
    }

    @Test
    void eachPointSaysWhetherItWasAppliedAndWhoChangedWhat() {
        TrainConfig cfg = new TrainConfig().source("command line").batchSize(64).patience(3);
        List<Monitor> monitors = List.of(new GradientClipper(5), new PlateauSchedule(3, 2, 1e-3));
        RecipeChecklist c = RecipeChecklist.of(net(), cfg, data(cfg), monitors, "started at LR 0.1");

        assertEquals(13, c.items().size());
        assertEquals(RecipeChecklist.Status.APPLIED, c.get(RecipePoint.VALIDATION).status());
        assertEquals("the blobs themselves", c.get(RecipePoint.VALIDATION).detail());
        assertEquals(RecipeChecklist.Status.OFF, c.get(RecipePoint.STANDARDIZED_INPUTS).status(), "no preprocessor given");
        RecipeChecklist.Item batches = c.get(RecipePoint.MINIBATCHES);
        assertEquals(RecipeChecklist.Status.OVERRIDDEN, batches.status());
        assertEquals(List.of(new RecipeChecklist.Change(TrainConfig.Setting.BATCH_SIZE, "command line", "64")),
                batches.changes());
        RecipeChecklist.Item schedule = c.get(RecipePoint.LR_SCHEDULE);
        assertEquals(RecipeChecklist.Status.OVERRIDDEN, schedule.status(), "patience is part of the schedule");
        assertEquals(TrainConfig.Setting.PATIENCE, schedule.changes().getFirst().setting());
        assertEquals(RecipeChecklist.Status.OFF, c.get(RecipePoint.UPDATE_RATIO).status(), "no ratio monitor ran");
        assertEquals(RecipeChecklist.Status.APPLIED, c.get(RecipePoint.GRADIENT_CLIPPING).status(), "clipping at 5 on");
        assertEquals(RecipeChecklist.Status.NOT_APPLICABLE, c.get(RecipePoint.LSTM_FORGET_BIAS).status());
        assertEquals(RecipeChecklist.Status.APPLIED, c.get(RecipePoint.DROPOUT).status());
        assertEquals(RecipeChecklist.Status.OFF, c.get(RecipePoint.ENSEMBLE).status());
        assertTrue(c.format(List.of()).contains("[~]  3 minibatches            batches of 64, reshuffled every epoch "
                + "(batch size set by command line: 64)"), c.format(List.of()));
    }

    @Test
    void anEnsembleFillsInItsOwnPoints() {
        TrainConfig cfg = new TrainConfig();
        RecipeChecklist member = RecipeChecklist.of(net(), cfg, data(cfg), List.of(), "started at LR 0.1");
        RecipeChecklist c = Ensemble.of(List.of(net(), net())).withMirrorAveraging(true).checklist(member);
        assertEquals(RecipeChecklist.Status.APPLIED, c.get(RecipePoint.ENSEMBLE).status());
        assertEquals("2 nets, probabilities averaged", c.get(RecipePoint.ENSEMBLE).detail());
        assertTrue(c.get(RecipePoint.AUGMENTATION).detail().endsWith("test predictions average each image and its mirror image"),
                c.get(RecipePoint.AUGMENTATION).toString());
        assertEquals(member.get(RecipePoint.DROPOUT), c.get(RecipePoint.DROPOUT), "the rest is the member's");
        RecipeChecklist alone = Ensemble.of(List.of(net())).checklist(member);
        assertEquals(member, alone, "one net without mirror averaging adds nothing");
    }
}
