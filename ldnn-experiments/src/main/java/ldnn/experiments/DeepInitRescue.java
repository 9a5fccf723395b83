package ldnn.experiments;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import ldnn.data.Dataset;
import ldnn.nn.Sequential;
import ldnn.train.Note;
import ldnn.train.RecipePoint;
import ldnn.train.TrainConfig;
import ldnn.train.TrainResult;
import ldnn.train.Trainer;
import ldnn.train.TrainingData;

/**
 * The recipe trainer on the failing case (a deep net with 0.02·randn): with its off-the-ground check
 * on, it sees the loss stay at the constant predictor's, re-initializes with the scaled scheme and
 * trains; with the check off, the run stays stuck.
 */
final class DeepInitRescue {
    private DeepInitRescue() {
    }

    static void run(ResultTable t, Dataset train, Dataset val, int width, int depth, Settings s, PrintStream progress) {
        int checkSteps = s.pick(40, 300), epochs = (int) s.budget(8, 15);
        Section sec = t.section("Recipe trainer, " + depth + " hidden layers, init 0.02*randn, " + epochs
                + " epochs at most, off-the-ground check after " + checkSteps + " steps", "off-the-ground retry",
                "re-initializations", "final init", "final LR", "steps", "best validation error");
        for (boolean retry : new boolean[] {true, false}) {
            Sequential model = DeepInitExperiment.net(width, depth, DeepInitExperiment.SMALL, s.seed());
            TrainConfig cfg = new TrainConfig().init(DeepInitExperiment.SMALL).maxEpochs(epochs).seed(s.seed())
                    .offGround(checkSteps, retry ? 3 : 0).progress(false);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            TrainResult r = new Trainer(model, cfg, new PrintStream(log, true, StandardCharsets.UTF_8))
                    .fit(new TrainingData(ldnn.data.BatchSource.of(train, cfg.batchSize(), true, s.seed(), null, null),
                            ldnn.data.BatchSource.evaluation(val, TrainConfig.EVAL_BATCH_SIZE, null), "held out from the training images",
                            null, null));
            var messages = r.warnings().stream().map(Note::toString)
                    .filter(w -> w.contains("off the ground") || w.contains("not learning")).toList();
            String finalInit = r.checklist().get(RecipePoint.INITIALIZATION).detail();
            finalInit = finalInit.contains(":") ? finalInit.substring(0, finalInit.indexOf(':')) : finalInit;
            long reinits = messages.stream().filter(w -> w.contains("re-initialized")).count();
            sec.row(retry ? "on (3 attempts)" : "off", reinits, finalInit, Fmt.sci(r.last().lr()), r.steps(),
                    Fmt.pct(r.bestValidation().error()));
            for (String m : messages) {
                t.note("off-the-ground check (retry " + (retry ? "on" : "off") + "), " + m);
            }
            t.metric("rescue." + (retry ? "on" : "off") + ".val_error", r.bestValidation().error());
            progress.println("  deep-init recipe trainer, retry " + (retry ? "on" : "off") + ": best validation error "
                    + Fmt.pct(r.bestValidation().error()) + " (" + r.stopReason() + ")");
        }
        t.note("Recipe trainer: ldnn.train.Trainer with its defaults (SGD momentum 0.9, LR 0.1, plateau schedule, "
                + "divergence guard) and init 0.02*randn; only the off-the-ground check differs between the rows.");
    }
}
