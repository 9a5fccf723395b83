package ldnn.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonGetter;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import ldnn.nn.Dropout;
import ldnn.nn.LSTM;
import ldnn.nn.Module;

/**
 * The end-of-run checklist: for each point of the recipe, whether this run applied it, what it did,
 * and which settings were changed from the recipe's defaults, by whom. Built from structured facts (the
 * data, the model, the configuration's changes and the monitors' own facts); printed after every run
 * and shown in the report. Whoever adds to a run (an ensemble, test-time augmentation) says so with
 * {@link #with} or {@link #withNote}, by point.
 */
public record RecipeChecklist(List<Item> items) implements java.io.Serializable {

    /** Where a recipe point stands at the end of a run. */
    public enum Status {
        /** Applied as the recipe says. */
        APPLIED,
        /** Applied with a setting changed from the recipe's default (the item says which, and by whom). */
        OVERRIDDEN,
        /** Not applied (turned off, or not used by this run). */
        OFF,
        /** Does not apply to this model or data (e.g. the LSTM forget-gate bias for a net without an LSTM). */
        NOT_APPLICABLE
    }

    /** A setting changed from the recipe's default: which, by whom, to what. */
    public record Change(TrainConfig.Setting setting, String by, String value) implements java.io.Serializable {
        @Override
        public String toString() {
            return setting.label() + " set by " + by + ": " + value;
        }
    }

    /** One recipe point. In files: its number, title, status, detail and changes. */
    @JsonIgnoreProperties(value = "title", allowGetters = true)
    @JsonPropertyOrder({"point", "title", "status", "detail", "changes"})
    public record Item(RecipePoint point, Status status, String detail, List<Change> changes)
            implements java.io.Serializable {
        /** Copies the changes; null means none. */
        public Item {
            changes = changes == null ? List.of() : List.copyOf(changes);
        }

        /** An item without changes from the defaults. */
        public Item(RecipePoint point, Status status, String detail) {
            this(point, status, detail, List.of());
        }

        /** The recipe point's title, e.g. "minibatches". */
        @JsonGetter("title")
        public String title() {
            return point.title();
        }

        /** The detail with the changes in parentheses, as printed. */
        public String describe() {
            return changes.isEmpty() ? detail
                    : detail + " (" + changes.stream().map(Change::toString).collect(Collectors.joining("; ")) + ")";
        }

        @Override
        public String toString() {
            String mark = switch (status) {
                case APPLIED -> "[x]";
                case OVERRIDDEN -> "[~]";
                case OFF -> "[ ]";
                case NOT_APPLICABLE -> "[-]";
            };
            return String.format(Locale.ROOT, "%s %2d %-22s %s", mark, point.number(), point.title(), describe());
        }
    }

    /** What a monitor reports for its recipe point: what it did, and whether it was on. */
    public record Fact(RecipePoint point, String detail, boolean applied) {
    }

    /** Copies the items. */
    public RecipeChecklist {
        items = List.copyOf(items);
    }

    /** The item of a point. */
    public Item get(RecipePoint point) {
        return items.stream().filter(i -> i.point() == point).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the checklist has no item for " + point));
    }

    /** The same checklist with the item of {@code item.point()} replaced. */
    public RecipeChecklist with(Item item) {
        return new RecipeChecklist(items.stream().map(i -> i.point() == item.point() ? item : i).toList());
    }

    /** The same checklist with a note added to a point's detail. */
    public RecipeChecklist withNote(RecipePoint point, String note) {
        Item i = get(point);
        return with(new Item(point, i.status(), i.detail() + "; " + note, i.changes()));
    }

    /** The checklist as printed at the end of a run, followed by the warnings. */
    public String format(List<Note> warnings) {
        StringBuilder sb = new StringBuilder("Recipe checklist ([x] applied, [~] changed, [ ] not used, [-] not applicable)\n");
        for (Item i : items) {
            sb.append("  ").append(i).append('\n');
        }
        if (!warnings.isEmpty()) {
            sb.append("Warnings:\n");
            for (Note w : warnings) {
                sb.append("  ! ").append(w).append('\n');
            }
        }
        return sb.toString();
    }

    /** The checklist of one trained net. */
    static RecipeChecklist of(Module model, TrainConfig cfg, TrainingData data, List<Monitor> monitors,
                              String lrDetail) {
        List<Fact> facts = monitors.stream().map(Monitor::fact).filter(f -> f != null).toList();
        Builder b = new Builder(cfg);
        b.add(RecipePoint.VALIDATION, Status.APPLIED, data.validationNote());
        b.add(RecipePoint.STANDARDIZED_INPUTS, data.preprocessor() == null ? Status.OFF : Status.APPLIED,
                data.preprocessor() == null ? "no preprocessing given; inputs used as they are"
                        : data.preprocessor().describe() + "; fitted on the training split, saved with the model");
        b.add(RecipePoint.MINIBATCHES, Status.APPLIED, data.train().batching());
        b.add(RecipePoint.LOSS_AVERAGED, Status.APPLIED, "gradients divided by the batch size");
        b.add(RecipePoint.LR_SCHEDULE, Status.APPLIED, join(lrDetail, facts, RecipePoint.LR_SCHEDULE));
        b.fromFacts(RecipePoint.UPDATE_RATIO, facts, Status.OFF, "not watched");
        b.fromFacts(RecipePoint.INITIALIZATION, facts, Status.APPLIED, OffTheGroundCheck.describe(cfg.init));
        boolean clipping = facts.stream().anyMatch(f -> f.point() == RecipePoint.GRADIENT_CLIPPING && f.applied());
        b.add(RecipePoint.GRADIENT_CLIPPING, clipping ? Status.APPLIED
                        : model.isRecurrent() ? Status.OVERRIDDEN : Status.NOT_APPLICABLE,
                join("", facts, RecipePoint.GRADIENT_CLIPPING));
        b.add(RecipePoint.GRADIENT_CHECK, Status.APPLIED,
                "every op is gradient-checked in CI; check this model with `ldnn gradcheck <spec>` or GradCheck.check");
        List<String> forgetBiases = model.modules().values().stream().filter(m -> m instanceof LSTM)
                .map(m -> String.valueOf(((LSTM) m).forgetBias())).distinct().toList();
        b.add(RecipePoint.LSTM_FORGET_BIAS, forgetBiases.isEmpty() ? Status.NOT_APPLICABLE : Status.APPLIED,
                forgetBiases.isEmpty() ? "no LSTM layer" : "forget-gate bias " + forgetBiases);
        b.add(RecipePoint.AUGMENTATION, data.augmenter() == null ? Status.OFF : Status.APPLIED,
                data.augmenter() == null ? "none" : data.augmenter().describe());
        List<Float> ps = model.modules().values().stream().filter(m -> m instanceof Dropout)
                .map(m -> ((Dropout) m).p()).toList();
        b.add(RecipePoint.DROPOUT, ps.isEmpty() ? Status.OFF : Status.APPLIED,
                ps.isEmpty() ? "no dropout layer" : "p " + ps + ", off at test time (inverted dropout)");
        b.add(RecipePoint.ENSEMBLE, Status.OFF, "a single net (an ensemble of ~10 usually lowers test error)");
        return new RecipeChecklist(b.items);
    }

    /** Every setting changed from the recipe's defaults, by whom, to what. */
    public static List<Change> changes(TrainConfig cfg) {
        return List.copyOf(cfg.overrides().values());
    }

    private static String join(String first, List<Fact> facts, RecipePoint point) {
        List<String> parts = new ArrayList<>();
        if (!first.isEmpty()) {
            parts.add(first);
        }
        facts.stream().filter(f -> f.point() == point).forEach(f -> parts.add(f.detail()));
        return String.join("; ", parts);
    }

    /** Items in point order; a point whose settings were changed is marked so, with the changes. */
    private static final class Builder {
        final List<Item> items = new ArrayList<>();
        final TrainConfig cfg;

        Builder(TrainConfig cfg) {
            this.cfg = cfg;
        }

        void add(RecipePoint point, Status status, String detail) {
            List<Change> changes = cfg.overrides().values().stream().filter(c -> c.setting().point() == point).toList();
            Status s = !changes.isEmpty() && status == Status.APPLIED ? Status.OVERRIDDEN : status;
            items.add(new Item(point, s, detail, changes));
        }

        void fromFacts(RecipePoint point, List<Fact> facts, Status otherwise, String detailOtherwise) {
            String detail = join("", facts, point);
            add(point, detail.isEmpty() ? otherwise : Status.APPLIED, detail.isEmpty() ? detailOtherwise : detail);
        }
    }
}
