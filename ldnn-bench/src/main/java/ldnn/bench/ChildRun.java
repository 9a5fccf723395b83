package ldnn.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a command as a child process and measures its peak resident memory, the same way for ldnn and
 * for PyTorch: under {@code /usr/bin/time -f %M} (GNU time: the child's maximum resident set size from
 * wait4's rusage, in KiB) when that program is installed, otherwise by polling the child's
 * {@code /proc/PID/status} VmHWM (its own high-water mark; the last moments before exit may be missed).
 * stdout and stderr go to files in the work folder, so a chatty child cannot block. The CPU that other
 * processes used meanwhile (the machine's busy time less the child's CPU time) goes into the summary's
 * "other processes used up to" figure, as for the in-process measurements.
 */
final class ChildRun {
    private ChildRun() {
    }

    static final Path TIME = Path.of("/usr/bin/time");

    /** How peak RSS is measured on this machine, for table titles. */
    static String method() {
        return Files.isExecutable(TIME) ? "peak RSS: /usr/bin/time -f %M (maximum resident set size)"
                : "peak RSS: VmHWM of /proc/PID/status, polled every 20 ms (/usr/bin/time is not installed)";
    }

    /**
     * @param peakRss the child's peak resident set size, -1 if unknown
     * @param seconds      wall time of the child
     * @param cpuSeconds   CPU time of the child (user + system), NaN if unknown
     */
    record Result(int exitCode, String stdout, String stderr, long peakRss, double seconds, boolean timedOut,
                  double cpuSeconds) {
        boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        /** The last lines of stderr (or stdout), for an error message. */
        String tail() {
            String s = stderr.isBlank() ? stdout : stderr;
            String[] lines = s.strip().split("\n");
            return String.join("\n    ", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 8), lines.length));
        }

        /** The first line of stdout that looks like a JSON object (the probes' and peers' result), or null. */
        String jsonLine() {
            for (String l : stdout.split("\n")) {
                if (l.startsWith("{")) {
                    return l.strip();
                }
            }
            return null;
        }

        /** A one-line description of a failure. */
        String failure(String what) {
            return what + (timedOut ? " ran out of time" : " exited with " + exitCode) + (tail().isEmpty() ? ""
                    : ":\n    " + tail());
        }
    }

    /** Runs {@code command} in {@code dir} (also where its output files go), killing it after timeoutSeconds. */
    static Result run(List<String> command, Path dir, String name, double timeoutSeconds) throws IOException {
        Files.createDirectories(dir);
        Path out = dir.resolve(name + ".stdout"), err = dir.resolve(name + ".stderr"), rss = dir.resolve(name + ".rss");
        Files.deleteIfExists(rss);
        boolean time = Files.isExecutable(TIME);
        List<String> cmd = new ArrayList<>();
        if (time) {
            cmd.addAll(List.of(TIME.toString(), "-f", "%M %U %S", "-o", rss.toString()));
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        long[] cpu0 = Measure.cpuSnapshot();
        long t0 = System.nanoTime();
        Process p = pb.start();
        long hwm = -1;
        double cpu = Double.NaN;
        boolean timedOut = false;
        long deadline = t0 + (long) (timeoutSeconds * 1e9);
        try {
            while (true) {
                if (!time) {
                    hwm = Math.max(hwm, vmHwm(p.pid()));
                    cpu = p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(cpu);
                }
                if (p.waitFor(time ? 200 : 20, TimeUnit.MILLISECONDS)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    timedOut = true;
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor();
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException("interrupted while waiting for " + String.join(" ", command), e);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long peak = hwm;
        if (time) {
            double[] t = timeOutput(rss);
            peak = t == null ? -1 : (long) t[0] * 1024;
            cpu = t == null ? Double.NaN : t[1] + t[2];
        }
        if (!timedOut && Double.isFinite(cpu)) {
            Measure.noteOtherLoad(cpu0, Measure.cpuSnapshot(), cpu);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), peak, seconds, timedOut, cpu);
    }

    private static final Pattern TIME_LINE = Pattern.compile("(?m)^(\\d+) ([0-9.]+) ([0-9.]+)\\s*$");

    /**
     * {max RSS in KiB, user s, system s} from /usr/bin/time's file (on failure it writes "Command exited with
     * non-zero status N" first), or null.
     */
    static double[] timeOutput(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Matcher m = TIME_LINE.matcher(Files.readString(file));
        double[] r = null;
        while (m.find()) {
            r = new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))};
        }
        return r;
    }

    private static final Pattern HWM = Pattern.compile("VmHWM:\\s+(\\d+) kB");

    /** A process's peak resident set size in bytes, -1 when unreadable (e.g. it has exited). */
    static long vmHwm(long pid) {
        try {
            Matcher m = HWM.matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
            return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
