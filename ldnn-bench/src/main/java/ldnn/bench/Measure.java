package ldnn.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Wall-clock timing for the ratio harnesses. A pair (peer, ldnn) is measured together: both are warmed
 * up, then their samples alternate (peer, ldnn, peer, ldnn, ...) so that a change in the machine's load
 * hits both alike; each side keeps the median time per call over its samples. Results go to
 * {@link #sink} so the JIT cannot drop the work.
 */
final class Measure {
    /** Written with every result so the work stays observable. */
    static volatile Object sink;

    /** The most CPU (in cores) other processes used during any measured pair so far. */
    private static double worstOtherLoad;
    /** Before each measurement, wait up to this long for other processes to go (nearly) idle. */
    static double quietWaitSeconds = 10;
    private static double waitedSeconds;
    private static int notQuiet;

    private Measure() {
    }

    /** How long to measure: warm-up time per side, samples per side and the least duration of one sample. */
    record Budget(double warmupSeconds, int samples, double sampleSeconds) {
        static final Budget DEFAULT = new Budget(0.5, 11, 0.05);
        static final Budget QUICK = new Budget(0.3, 5, 0.02);
    }

    /** Median seconds per call of peer and of ldnn, sampled alternately. */
    static double[] pair(Runnable peer, Runnable ldnn, Budget budget) {
        waitQuiet();
        int bp = batch(peer, budget), bl = batch(ldnn, budget);
        double[] sp = new double[budget.samples()], sl = new double[budget.samples()];
        long[] cpu0 = cpuSnapshot();
        for (int i = 0; i < sp.length; i++) {
            sp[i] = sample(peer, bp);
            sl[i] = sample(ldnn, bl);
        }
        noteOtherLoad(cpu0, cpuSnapshot());
        return new double[] {median(sp), median(sl)};
    }

    /** Median seconds per call of one piece of work. */
    static double single(Runnable work, Budget budget) {
        waitQuiet();
        int b = batch(work, budget);
        double[] s = new double[budget.samples()];
        long[] cpu0 = cpuSnapshot();
        for (int i = 0; i < s.length; i++) {
            s[i] = sample(work, b);
        }
        noteOtherLoad(cpu0, cpuSnapshot());
        return median(s);
    }

    /** Warms work up and returns how many calls make one sample. */
    private static int batch(Runnable work, Budget budget) {
        long t0 = System.nanoTime();
        int calls = 0;
        long warm = (long) (budget.warmupSeconds() * 1e9);
        while (calls < 5 || System.nanoTime() - t0 < warm) {
            work.run();
            calls++;
        }
        double per = (System.nanoTime() - t0) / 1e9 / calls;
        return (int) Math.max(1, Math.min(1_000_000, Math.ceil(budget.sampleSeconds() / per)));
    }

    private static double sample(Runnable work, int batch) {
        long a = System.nanoTime();
        for (int b = 0; b < batch; b++) {
            work.run();
        }
        return (System.nanoTime() - a) / 1e9 / batch;
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    // ------------------------------------------------------------------ load from other processes

    static double worstOtherLoad() {
        return worstOtherLoad;
    }

    static double waitedSeconds() {
        return waitedSeconds;
    }

    /** How many measurements started without a quiet second within the wait. */
    static int notQuiet() {
        return notQuiet;
    }

    /** Waits (up to {@link #quietWaitSeconds}) for a second in which other processes use < 0.3 cores. */
    static void waitQuiet() {
        long t0 = System.nanoTime();
        while (true) {
            long[] a = cpuSnapshot();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            double other = otherLoad(a, cpuSnapshot());
            double waited = (System.nanoTime() - t0) / 1e9;
            if (other < 0.3 || waited >= quietWaitSeconds) {
                waitedSeconds += waited;
                if (other >= 0.3) {
                    notQuiet++;
                }
                return;
            }
        }
    }

    /** {wall ns, busy jiffies of the whole machine, this process's CPU ns}; zeros where unreadable. */
    static long[] cpuSnapshot() {
        long busy = 0;
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            for (int i = 1; i <= 8 && i < f.length; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
        } catch (IOException | RuntimeException e) {
            busy = 0;
        }
        long own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new long[] {System.nanoTime(), busy, own};
    }

    private static void noteOtherLoad(long[] a, long[] b) {
        worstOtherLoad = Math.max(worstOtherLoad, otherLoad(a, b));
    }

    /** Notes the load of other processes while a child process, which used childCpuSeconds, ran. */
    static void noteOtherLoad(long[] a, long[] b, double childCpuSeconds) {
        double wall = (b[0] - a[0]) / 1e9;
        if (wall > 0) {
            worstOtherLoad = Math.max(worstOtherLoad, Math.max(0, otherLoad(a, b) - childCpuSeconds / wall));
        }
    }

    /** Cores used by other processes between two snapshots (0 when /proc/stat is unreadable). */
    private static double otherLoad(long[] a, long[] b) {
        double wall = (b[0] - a[0]) / 1e9;
        if (wall <= 0 || a[1] == 0 || b[1] == 0) {
            return 0;
        }
        double busy = (b[1] - a[1]) / 100.0; // USER_HZ = 100 on Linux
        double own = (b[2] - a[2]) / 1e9;
        return Math.max(0, (busy - own) / wall);
    }
}
