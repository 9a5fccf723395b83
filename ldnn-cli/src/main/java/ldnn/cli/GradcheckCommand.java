package ldnn.cli;

import java.util.concurrent.Callable;
import ldnn.check.GradCheck;
import ldnn.check.OpCases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Numerical gradient checks from the command line. */
@Command(name = "gradcheck", description = {
    "Check gradients against central differences computed in double precision.",
    "  ldnn gradcheck ops     every registered op (what CI runs)"})
final class GradcheckCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "What to check: 'ops'.", defaultValue = "ops")
    String what;

    @Option(names = "--tolerance", description = "Largest relative error accepted (default: ${DEFAULT-VALUE}).",
            defaultValue = "1e-3")
    double tolerance;

    @Override
    public Integer call() {
        if (!what.equals("ops")) {
            throw new IllegalArgumentException("unknown target '" + what + "'; expected 'ops'");
        }
        int failed = 0, n = 0;
        for (OpCases.Case c : OpCases.all()) {
            GradCheck.Report r = c.run(42);
            boolean ok = r.passed(tolerance);
            n++;
            if (!ok) {
                failed++;
            }
            System.out.printf("%-4s %-60s grad err %.1e   forward err %.1e%n", ok ? "ok" : "FAIL", c,
                    r.worstGradError(), r.worstForwardError());
        }
        System.out.printf("%d cases, %d failed (tolerance %.0e)%n", n, failed, tolerance);
        return failed == 0 ? 0 : 1;
    }
}
