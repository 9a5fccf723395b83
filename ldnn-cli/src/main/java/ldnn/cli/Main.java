package ldnn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ldnn} command. */
@Command(name = "ldnn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "Train deep neural networks with the practical recipe built in:",
            "standardized inputs, minibatches of 128, LR 0.1 halved when validation stalls,",
            "update/weight ratios watched per layer, gradient checks, dropout, ensembles.",
            ""},
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, ResumeCommand.class,
            InfoCommand.class, ExportCommand.class, DoctorCommand.class, GradcheckCommand.class, ExperimentCommand.class, SystemCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        int status;
        try {
            status = cl.execute(args);
        } catch (OutOfMemoryError e) {
            if (System.getenv("LDNN_DEBUG") != null) {
                e.printStackTrace();
            }
            cl.getErr().println("ldnn: " + ldnn.train.MemoryNeed.outOfMemoryMessage());
            status = 3;
        }
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(status);
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            // user-facing errors: one clear line, no stack trace (set LDNN_DEBUG=1 for the trace)
            if (System.getenv("LDNN_DEBUG") != null) {
                ex.printStackTrace();
            }
            line.getErr().println(line.getCommandSpec().qualifiedName(" ") + ": " + message(ex));
            return 2;
        });
        // the layers a --model spec may use, from the spec language's registry (one entry per layer kind)
        String layers = "%nModel spec layers (--model):%n  " + ldnn.nn.LayerKind.usageLines().replace("\n", "%n  ") + "%n";
        for (String c : java.util.List.of("train", "doctor")) {
            cl.getSubcommands().get(c).getCommandSpec().usageMessage().footer(layers);
        }
        return cl;
    }

    static String message(Throwable ex) {
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) { // e.g. in an ensemble member's thread, handed on as a cause
                return ldnn.train.MemoryNeed.outOfMemoryMessage();
            }
        }
        String m = ex.getMessage();
        return m == null ? ex.toString() : m;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ldnn " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
