package ldnn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ldnn.nn.Dropout;
import ldnn.nn.LSTM;
import ldnn.nn.Module;

/**
 * The end-of-run checklist: each point of the recipe, whether this run applied it, and if a setting
 * was changed, by whom. Printed after every run and shown in the report.
 */
public final class RecipeChecklist {
    private RecipeChecklist() {
    }

    public enum Status { APPLIED, OVERRIDDEN, OFF, NOT_APPLICABLE }

    /** One recipe point. */
    public record Item(int point, String title, Status status, String detail) {
        @Override
        public String toString() {
            String mark = switch (status) {
                case APPLIED -> "[x]";
                case OVERRIDDEN -> "[~]";
                case OFF -> "[ ]";
                case NOT_APPLICABLE -> "[-]";
            };
            return String.format(Locale.ROOT, "%s %2d %-22s %s", mark, point, title, detail);
        }
    }

    static List<Item> build(Module model, TrainConfig cfg, TrainingData data, List<Monitor> monitors,
                            String optimizerDescription, String initNote, double startLr, int ensembleSize) {
        Map<String, String> ov = cfg.overrides();
        List<Item> items = new ArrayList<>();
        items.add(new Item(1, "validation set", Status.APPLIED, data.validationNote()));
        items.add(data.preprocessor() == null
                ? new Item(2, "standardized inputs", Status.OFF, "no preprocessing given; inputs used as they are")
                : new Item(2, "standardized inputs", Status.APPLIED, data.preprocessor().describe()
                        + "; fitted on the training split, saved with the model"));
        items.add(item(3, "minibatches", ov, "batch size", data.train().batching()));
        items.add(new Item(4, "loss averaged", Status.APPLIED, "gradients divided by the batch size"));
        String sched = monitors.stream().filter(m -> m instanceof PlateauSchedule).map(Monitor::summary)
                .findFirst().orElse("");
        String lrNote = startLr == cfg.lr ? "" : String.format(Locale.ROOT, " (lowered from %.3g by the off-the-ground check)", cfg.lr);
        items.add(item(5, "LR schedule", ov, "learning rate", String.format(Locale.ROOT, "started at LR %.3g%s; %s; %s",
                startLr, lrNote, optimizerDescription, sched)));
        items.add(monitorItem(6, "update/weight ratio", monitors, UpdateRatioMonitor.class));
        items.add(item(7, "initialization", ov, "init", initNote));
        GradientClipper clip = (GradientClipper) monitors.stream().filter(m -> m instanceof GradientClipper)
                .findFirst().orElse(null);
        boolean recurrent = model.isRecurrent();
        Status clipStatus = clip != null && clip.threshold() > 0
                ? (ov.containsKey("gradient clipping") ? Status.OVERRIDDEN : Status.APPLIED)
                : recurrent ? Status.OVERRIDDEN : Status.NOT_APPLICABLE;
        items.add(new Item(8, "gradient clipping", clipStatus, (clip == null ? "" : clip.summary())
                + (ov.containsKey("gradient clipping") ? " (set by " + ov.get("gradient clipping") + ")" : "")));
        items.add(new Item(9, "gradient check", Status.APPLIED,
                "every op is gradient-checked in CI; check this model with `ldnn gradcheck <spec>` or GradCheck.check"));
        long lstms = model.modules().values().stream().filter(m -> m instanceof LSTM).count();
        items.add(lstms == 0 ? new Item(10, "LSTM forget-gate bias", Status.NOT_APPLICABLE, "no LSTM layer")
                : new Item(10, "LSTM forget-gate bias", Status.APPLIED, "forget-gate bias "
                        + model.modules().values().stream().filter(m -> m instanceof LSTM)
                        .map(m -> String.valueOf(((LSTM) m).forgetBias())).distinct().toList()));
        items.add(data.augmenter() == null
                ? new Item(11, "data augmentation", Status.OFF, "none")
                : new Item(11, "data augmentation", Status.APPLIED, data.augmenter().describe()));
        List<Float> ps = model.modules().values().stream().filter(m -> m instanceof Dropout)
                .map(m -> ((Dropout) m).p()).toList();
        items.add(ps.isEmpty() ? new Item(12, "dropout", Status.OFF, "no dropout layer")
                : new Item(12, "dropout", Status.APPLIED, "p " + ps + ", off at test time (inverted dropout)"));
        items.add(ensembleSize > 1
                ? new Item(13, "ensemble", Status.APPLIED, ensembleSize + " nets, probabilities averaged")
                : new Item(13, "ensemble", Status.OFF, "a single net (an ensemble of ~10 usually lowers test error)"));
        return items;
    }

    private static Item item(int point, String title, Map<String, String> ov, String option, String detail) {
        return ov.containsKey(option)
                ? new Item(point, title, Status.OVERRIDDEN, detail + " (" + option + " set by " + ov.get(option) + ")")
                : new Item(point, title, Status.APPLIED, detail);
    }

    private static Item monitorItem(int point, String title, List<Monitor> monitors, Class<?> kind) {
        for (Monitor m : monitors) {
            if (kind.isInstance(m)) {
                return new Item(point, title, Status.APPLIED, m.summary());
            }
        }
        return new Item(point, title, Status.OFF, "not watched");
    }

    /** The checklist as printed at the end of a run. */
    public static String format(List<Item> items, List<String> warnings) {
        StringBuilder sb = new StringBuilder("Recipe checklist ([x] applied, [~] changed, [ ] not used, [-] not applicable)\n");
        for (Item i : items) {
            sb.append("  ").append(i).append('\n');
        }
        if (!warnings.isEmpty()) {
            sb.append("Warnings:\n");
            for (String w : warnings) {
                sb.append("  ! ").append(w).append('\n');
            }
        }
        return sb.toString();
    }
}
