package ldnn.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import ldnn.experiments.Experiment;
import ldnn.experiments.ExperimentData;
import ldnn.experiments.ExperimentRunner;
import ldnn.experiments.Experiments;
import ldnn.experiments.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs the essay's claims as experiments (ldnn.experiments) and writes their result tables. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Run one of the essay's claims as an experiment, print its result table and write it",
            "(with the exact command, seed, duration and machine) to <out>/<name>[-quick].json and .md.",
            "NAME is an experiment, 'all' (every experiment in turn) or 'list'."})
final class ExperimentCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "sort, parity, deep-init, lstm, dropout, ensemble, "
            + "lr-ratio, bits; or all, list")
    String name;

    @Option(names = "--quick", description = "the seconds-long sanity version (checks sanity, not the essay's targets)")
    boolean quick;

    @Option(names = "--seed", defaultValue = "1", description = "seed of every generator (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "results", description = "folder for the result files "
            + "(default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--budget-scale", defaultValue = "1", description = "multiply the full run's example/step "
            + "budgets (default: ${DEFAULT-VALUE})")
    double budgetScale;

    @Override
    public Integer call() {
        var stdout = spec.commandLine().getOut();
        if (name.equals("list")) {
            for (Experiment e : Experiments.all()) {
                stdout.printf(Locale.ROOT, "%-13s %s (full run: %s)%n", e.name(), e.description(), e.fullRunEstimate());
            }
            stdout.flush();
            return 0;
        }
        List<Experiment> todo = name.equals("all") ? Experiments.all() : List.of(Experiments.byName(name));
        Settings settings = new Settings(quick, seed, budgetScale, ExperimentData.standard());
        String command = "ldnn " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        List<String> failed = new ArrayList<>();
        PrintStream console = new PrintStream(new LineWriterStream(stdout), true, StandardCharsets.UTF_8);
        for (Experiment e : todo) {
            console.println("== running " + e.name() + (quick ? " (quick)" : "") + ": " + e.description());
            try {
                ExperimentRunner.run(e, settings, out, command, console);
            } catch (RuntimeException ex) {
                if (todo.size() == 1) {
                    throw ex;
                }
                failed.add(e.name() + ": " + Main.message(ex));
                console.println("experiment " + e.name() + " failed: " + Main.message(ex));
            }
            console.println();
        }
        if (!failed.isEmpty()) {
            spec.commandLine().getErr().println("ldnn experiment: " + failed.size() + " of " + todo.size()
                    + " experiments failed:\n  " + String.join("\n  ", failed));
            return 1;
        }
        return 0;
    }

    /** Bytes to a PrintWriter, decoded as UTF-8 a line at a time (the runner prints to a PrintStream). */
    private static final class LineWriterStream extends OutputStream {
        private final PrintWriter out;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineWriterStream(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            line.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public void flush() {
            out.write(line.toString(StandardCharsets.UTF_8));
            out.flush();
            line.reset();
        }
    }
}
