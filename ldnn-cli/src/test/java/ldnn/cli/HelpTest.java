package ldnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import ldnn.train.TrainConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every option says what it does and what its default is; the recipe options' defaults are the recipe's. */
class HelpTest {

    /** The help text of one option, from its name to the next option. */
    static String optionHelp(String help, String name) {
        int at = help.indexOf("  " + name + "=");
        if (at < 0) {
            at = help.indexOf("  " + name + " ");
        }
        if (at < 0) {
            at = help.indexOf("  " + name + "[="); // an option whose value may be left out (--spark[=MASTER])
        }
        if (at < 0) {
            at = help.indexOf(", " + name);
        }
        assertTrue(at >= 0, name + " is listed in\n" + help);
        int next = help.indexOf("\n  -", at + 3);
        return help.substring(at, next < 0 ? help.length() : next).replaceAll("\\s+", " ");
    }

    @Test
    void trainHelpListsEveryOptionWithItsDefault() {
        Cli.Result r = Cli.run("train", "--help");
        assertEquals(0, r.code(), r.toString());
        CommandLine train = Main.commandLine().getSubcommands().get("train");
        for (OptionSpec o : train.getCommandSpec().options()) {
            if (o.usageHelp()) {
                continue;
            }
            String h = optionHelp(r.out(), o.longestName());
            assertTrue(h.contains("default: "), o.longestName() + " shows its default: " + h);
        }
        TrainConfig.Settings recipe = new TrainConfig().settings();
        for (var e : Map.of("--lr", recipe.lr(), "--batch-size", recipe.batchSize(), "--momentum", recipe.momentum(),
                "--patience", recipe.patience(), "--epochs", recipe.maxEpochs(), "--validation-fraction",
                recipe.validationFraction(), "--init", recipe.init(), "--min-lr-fraction", recipe.minLrFraction(),
                "--optimizer", recipe.optimizer().id()).entrySet()) {
            Object v = e.getValue();
            String shown = v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    ? String.valueOf(n.longValue()) : String.valueOf(v);
            assertTrue(optionHelp(r.out(), e.getKey()).contains("default: " + shown),
                    e.getKey() + " shows the recipe's " + shown + ": " + optionHelp(r.out(), e.getKey()));
        }
    }

    @Test
    void trainHelpListsEveryLayerKindOfTheSpecLanguage() {
        Cli.Result r = Cli.run("train", "--help");
        for (ldnn.nn.LayerKind k : ldnn.nn.LayerKind.KINDS) {
            assertTrue(r.out().contains("  " + k.usage()), k.names() + " is listed:\n" + r.out());
        }
    }

    @Test
    void everyCommandHasHelpAndTheTopLevelListsThem() {
        Cli.Result top = Cli.run("--help");
        for (String c : List.of("train", "eval", "predict", "resume", "gradcheck", "doctor", "info", "export", "system")) {
            assertTrue(top.out().contains(c), c + " is listed:\n" + top.out());
            Cli.Result r = Cli.run(c, "--help");
            assertEquals(0, r.code(), c + ": " + r);
            assertTrue(r.out().startsWith("Usage: ldnn " + c), r.out());
        }
    }
}
