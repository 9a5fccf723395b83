package ldnn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the ldnn command in-process and captures what it prints. */
final class Cli {
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        var cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        return new Result(code, out.toString(), err.toString());
    }
}
