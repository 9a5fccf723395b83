package ldnn.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import ldnn.train.Checkpoint;
import ldnn.train.CheckpointFile;
import ldnn.train.RunFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ldnn resume}: continues a run from its folder. The saved train arguments rebuild the data,
 * split and model exactly; the checkpoint restores weights, optimizer, schedule and random generators.
 */
@Command(name = "resume", sortOptions = false, description = {
    "Continue a training run from its folder (config.json and checkpoint.safetensors), then finish it like train:"
        + " model file, test accuracy, report. --epochs and --time change the budget; everything else is as saved.",
    ""})
final class ResumeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "The run folder.")
    Path dir;

    @Option(names = "--epochs", paramLabel = "N", description = "A new maximum number of epochs (counted from the start of the run).")
    Integer epochs;

    @Option(names = "--time", paramLabel = "DURATION", description = "A new time budget for this session, e.g. 90s, 15m.")
    String time;

    @Option(names = {"-q", "--quiet"}, defaultValue = "false", description = "No progress lines (default: ${DEFAULT-VALUE}).")
    boolean quiet;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path config = dir.resolve(RunFiles.CONFIG), checkpoint = dir.resolve(RunFiles.CHECKPOINT);
        if (!Files.isRegularFile(config)) {
            if (Files.isRegularFile(dir.resolve(ldnn.train.RunLock.FILE))) {
                throw new IllegalArgumentException(dir + ": its run was stopped before it wrote " + RunFiles.CONFIG
                        + " (nothing was trained yet), so there is nothing to continue; start it again with the same"
                        + " `ldnn train ... --run " + dir + "`");
            }
            throw new IllegalArgumentException(dir + ": not a run folder (no " + RunFiles.CONFIG + ")");
        }
        RunFiles.Launch launch = RunFiles.readConfig(dir).launch();
        if (launch == null || launch.arguments() == null || launch.data() == null) {
            throw new IllegalArgumentException(config + ": no saved 'arguments' and 'data' (was the run started by"
                    + " `ldnn train`?)");
        }
        boolean ensemble = (launch.ensemble() != null && launch.ensemble() > 1)
                || Files.isDirectory(dir.resolve(TrainJob.MEMBERS));
        TrainCommand train = new TrainCommand();
        CommandLine cl = new CommandLine(train);
        cl.parseArgs(launch.arguments().toArray(String[]::new));
        train.data = launch.data();
        train.run = dir;
        train.quiet |= quiet;
        var out = spec.commandLine().getOut();
        TrainingRun run = new TrainingRun(train, cl.getParseResult(), launch.arguments(), out).budget(epochs, time);
        if (ensemble) { // each member continues from its own checkpoint (locally, or in its Spark task)
            out.println("resuming the ensemble " + dir + " (" + launch.command() + "): each member continues from its"
                    + " checkpoint in " + dir.resolve(TrainJob.MEMBERS));
            return run.run(null, dir);
        }
        if (!Files.isRegularFile(checkpoint)) {
            out.println("resuming " + dir + " (" + launch.command() + "): it stopped before its first checkpoint, so it"
                    + " starts again from the beginning");
            return run.run(null, dir);
        }
        Checkpoint cp = CheckpointFile.read(checkpoint);
        out.println("resuming " + dir + " (" + launch.command() + ") after epoch " + (cp.epoch() + 1));
        return run.run(cp, dir);
    }
}
