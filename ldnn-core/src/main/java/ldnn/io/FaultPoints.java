package ldnn.io;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named points in training and writing where the reliability tests stop a real process: with
 * {@code -Dldnn.fault.pause=NAME[@N]} the process prints {@code ldnn: paused at NAME} to stderr the Nth
 * time it reaches NAME (default 1) and waits there for ever, so that a test can SIGKILL it exactly there;
 * with {@code -Dldnn.fault.fail=NAME[@N]} the Nth time throws an IOException as a full disk would.
 * Without either property (every normal run) {@link #reach} is one read of a static field.
 *
 * <pre>
 * step          after each optimizer step of training
 * evaluate      after the first batch of an evaluation (validation or test)
 * write:FILE    half-way through an atomic write of FILE (after its first 64 KiB, or at its end if
 *               smaller), e.g. write:checkpoint.safetensors, write:model.ldnn
 * </pre>
 */
public final class FaultPoints {
    private static final Rule PAUSE = Rule.parse(System.getProperty("ldnn.fault.pause"));
    private static final Rule FAIL = Rule.parse(System.getProperty("ldnn.fault.fail"));
    private static final boolean ON = PAUSE != null || FAIL != null;
    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

    private FaultPoints() {
    }

    /** True when a pause or failure is set for some point (tests only). */
    public static boolean enabled() {
        return ON;
    }

    /** Marks point {@code name}: pauses or fails there if a test asked for it; otherwise does nothing. */
    public static void reach(String name) throws IOException {
        if (!ON) {
            return;
        }
        int n = COUNTS.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        if (PAUSE != null && PAUSE.matches(name, n)) {
            System.err.println("ldnn: paused at " + name + " (" + n + ")");
            System.err.flush();
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // a pause is ended by killing the process, nothing else
                }
            }
        }
        if (FAIL != null && FAIL.matches(name, n)) {
            throw new IOException("No space left on device (injected at " + name + ")");
        }
    }

    /** {@link #reach} for callers that cannot throw IOException: the failure comes as UncheckedIOException. */
    public static void reachUnchecked(String name) {
        try {
            reach(name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
    }

    private record Rule(String name, int at) {
        static Rule parse(String s) {
            if (s == null || s.isBlank()) {
                return null;
            }
            int i = s.lastIndexOf('@');
            return i < 0 ? new Rule(s.strip(), 1) : new Rule(s.substring(0, i).strip(), Integer.parseInt(s.substring(i + 1).strip()));
        }

        boolean matches(String point, int count) {
            return count == at && name.toLowerCase(Locale.ROOT).equals(point.toLowerCase(Locale.ROOT));
        }
    }
}
