package ldnn.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a PyTorch peer script once and reads its JSON result lines: name to {ms, threads}. */
final class PeerScript {
    private PeerScript() {
    }

    /**
     * @param pb      the process to start (python and the script; environment already adjusted)
     * @param line    a pattern with groups (name, ms, threads)
     * @param names   every name the script must report
     */
    static Map<String, double[]> run(ProcessBuilder pb, Path script, Pattern line, List<String> names)
            throws IOException {
        if (!Files.isRegularFile(script)) {
            throw new IOException("peer script not found: " + script);
        }
        Process p = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IOException(String.join(" ", pb.command()) + " exited with " + rc);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the PyTorch peer", e);
        }
        Map<String, double[]> res = new HashMap<>();
        Matcher m = line.matcher(out);
        while (m.find()) {
            res.put(m.group(1), new double[] {Double.parseDouble(m.group(2)), Integer.parseInt(m.group(3))});
        }
        for (String n : names) {
            if (!res.containsKey(n)) {
                throw new IOException("the PyTorch peer printed no result for " + n + "; its output: " + out);
            }
        }
        return res;
    }
}
