package ldnn.experiments;

import java.util.List;

/** The registry: the eight claims in the order of the issue, each follow-up after its claim. */
public final class Experiments {
    private Experiments() {
    }

    public static List<Experiment> all() {
        return List.of(new SortExperiment(), new SortRecipeExperiment(), new ParityExperiment(),
                new ParityGrowthExperiment(), new DeepInitExperiment(), new LstmExperiment(), new DropoutExperiment(),
                new EnsembleExperiment(), new EnsembleGainExperiment(), new LrRatioExperiment(), new BitsExperiment());
    }

    public static List<String> names() {
        return all().stream().map(Experiment::name).toList();
    }

    /** The experiment with this name; the error lists the known names. */
    public static Experiment byName(String name) {
        for (Experiment e : all()) {
            if (e.name().equalsIgnoreCase(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown experiment '" + name + "'; known: " + String.join(", ", names())
                + " (or 'all', 'list')");
    }
}
