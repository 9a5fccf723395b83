package ldnn.experiments;

import java.io.PrintStream;

/**
 * One of the essay's claims as a runnable experiment. {@link #run} does the work and returns a
 * {@link ResultTable}; it never writes files (the {@link ExperimentRunner} does, with the command,
 * seed, duration and machine). Progress lines go to {@code progress}.
 *
 * <p>The quick version ({@link Settings#quick()}) finishes in seconds and checks sanity, not the
 * essay's targets; the full version is what EXPERIMENTS.md reports.
 */
public interface Experiment {

    /** The name used on the command line, e.g. "sort". */
    String name();

    /** One line: the claim under test. */
    String description();

    /** How long the full run takes on 2 cores (an estimate, for planning and EXPERIMENTS.md). */
    String fullRunEstimate();

    /** Runs the experiment and returns its result table. */
    ResultTable run(Settings settings, PrintStream progress);
}
