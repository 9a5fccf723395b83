package ldnn.experiments;

import java.io.PrintStream;

/** Placeholder while being written. */
final class LstmExperiment implements Experiment {
    @Override
    public String name() {
        return "lstm";
    }

    @Override
    public String description() {
        return "todo";
    }

    @Override
    public String fullRunEstimate() {
        return "todo";
    }

    @Override
    public ResultTable run(Settings s, PrintStream progress) {
        return new ResultTable(name(), "todo", s.quick());
    }
}
