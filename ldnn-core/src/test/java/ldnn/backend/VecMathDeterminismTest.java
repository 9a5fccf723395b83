package ldnn.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * exp, log, log1p, tanh, sigmoid and the LSTM cell give the same bits in a JVM that only interprets (-Xint:
 * the Vector API's Java fallback) as in this one after C2 has compiled them (the intrinsics). Training is
 * reproducible across processes (ensemble members on other machines, a resumed run) only if they do; with
 * {@code lanewise(EXP)} and its kin they did not, and this test fails with those (tried with the former
 * Vec.exp and Vec.log, and with the former LstmKernels).
 */
class VecMathDeterminismTest {
    /** Lengths around the vector width, so that elements fall in full vectors and in tails. */
    private static final int[] LENGTHS = {1, 3, 7, 15, 16, 17, 31, 33, 64, 100};
    private static final int[] HIDDEN = {1, 5, 16, 21, 40, 512};

    private interface Kernel {
        void run(float[] a, int ao, float[] o, int oo, int n);
    }

    /** Special values first, then Gaussians of several scales and random bit patterns; the same in every JVM. */
    private static float[] inputs() {
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1f, -1f, 0.625f, -0.625f,
            88.72283f, 88.72284f, -87.33655f, -103.97208f, -104f, 1e-8f, -1e-8f, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        float[] x = new float[400];
        System.arraycopy(special, 0, x, 0, special.length);
        Random r = new Random(20240611);
        float[] scales = {0.5f, 3f, 20f, 100f};
        for (int i = special.length; i < x.length; i++) {
            x[i] = i % 5 == 4 ? Float.intBitsToFloat(r.nextInt()) : (float) r.nextGaussian() * scales[i % 4];
        }
        return x;
    }

    /** FNV-1a over the bits (NaNs made canonical: their payload is not part of the contract). */
    private static long hash(long h, float[] a, int from, int n) {
        for (int i = from; i < from + n; i++) {
            h = (h ^ Float.floatToIntBits(a[i])) * 0x100000001b3L;
        }
        return h;
    }

    private static final long SEED = 0xcbf29ce484222325L;

    /**
     * 20000 values in the usual range of activations, in one call: the JDK's SVML stubs and the Vector API's
     * Java fallback differ in the last bit on about 1% of such arguments for exp, 0.3% for tanh and 0.01%
     * for log, so this many would show non-determinism of that kind.
     */
    private static float[] typical(boolean positive) {
        Random r = new Random(7);
        float[] x = new float[20_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian() * 4;
            x[i] = positive ? Math.abs(x[i]) : x[i];
        }
        return x;
    }

    private static long hashOf(Kernel k, float[] x, float[] typical) {
        long h = SEED;
        float[] o = new float[Math.max(x.length, typical.length) + 8];
        for (int n : LENGTHS) {
            for (int off = 0; off + n <= x.length; off += n + 13) {
                k.run(x, off, o, 3, n);
                h = hash(h, o, 3, n);
            }
        }
        k.run(typical, 0, o, 3, typical.length);
        return hash(h, o, 3, typical.length);
    }

    private static long lstmHash(float[] x) {
        long h = SEED;
        for (int hd : HIDDEN) {
            Random r = new Random(hd);
            float[] gates = new float[4 * hd], cPrev = new float[hd], c = new float[hd], y = new float[hd];
            float[] dh = new float[hd], dcNext = new float[hd], dGates = new float[4 * hd], dcPrev = new float[hd];
            for (int i = 0; i < 4 * hd; i++) {
                gates[i] = (float) r.nextGaussian() * 2;
            }
            for (int i = 0; i < hd; i++) {
                cPrev[i] = (float) r.nextGaussian();
                dh[i] = (float) r.nextGaussian();
                dcNext[i] = x[i % x.length] * 1e-3f;
            }
            LstmKernels.forward(gates, 0, cPrev, 0, c, 0, y, 0, hd);
            LstmKernels.backward(gates, 0, cPrev, 0, c, 0, dh, 0, dcNext, 0, dGates, 0, dcPrev, 0, hd);
            h = hash(hash(hash(hash(hash(h, gates, 0, 4 * hd), c, 0, hd), y, 0, hd), dGates, 0, 4 * hd), dcPrev, 0, hd);
        }
        return h;
    }

    /** One line per function: its name and the hash of all its outputs. */
    static List<String> digest() {
        float[] x = inputs(), any = typical(false), positive = typical(true);
        List<String> lines = new ArrayList<>();
        lines.add("exp " + Long.toHexString(hashOf(Vec::exp, x, any)));
        lines.add("log " + Long.toHexString(hashOf(Vec::log, x, positive)));
        lines.add("log1p " + Long.toHexString(hashOf(Vec::log1p, x, positive)));
        lines.add("tanh " + Long.toHexString(hashOf(Vec::tanh, x, any)));
        lines.add("sigmoid " + Long.toHexString(hashOf(Vec::sigmoid, x, any)));
        lines.add("lstm " + Long.toHexString(lstmHash(x)));
        return lines;
    }

    /** The child JVM's entry point. */
    public static void main(String[] args) {
        digest().forEach(System.out::println);
    }

    /**
     * Enough calls for C2 to compile every kernel (tier 4 takes some 5000 to 15000 invocations), in the
     * digest's patterns: a path C2 has not seen taken (a length with no tail, say) is compiled as a trap
     * back to the interpreter, and the digest would then not run C2 code at all.
     */
    private static void warmUp() {
        float[] x = inputs(), any = typical(false), positive = typical(true), o = new float[any.length + 8];
        for (int rep = 0; rep < 2_000; rep++) {
            for (int n : LENGTHS) {
                int off = (rep * 7 + n) % (x.length - n);
                Vec.exp(x, off, o, 3, n);
                Vec.log(x, off, o, 3, n);
                Vec.log1p(x, off, o, 3, n);
                Vec.tanh(x, off, o, 3, n);
                Vec.sigmoid(x, off, o, 3, n);
            }
            if (rep % 100 == 0) {
                Vec.exp(any, 0, o, 3, any.length);
                Vec.log(positive, 0, o, 3, positive.length);
                Vec.log1p(positive, 0, o, 3, positive.length);
                Vec.tanh(any, 0, o, 3, any.length);
                Vec.sigmoid(any, 0, o, 3, any.length);
            }
            if (rep % 2 == 0) {
                lstmHash(x);
            }
        }
    }

    /** C2 compiles in the background: waits until it has been idle for 300 ms (at most 10 s). */
    private static void awaitIdleJit() throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        assertTrue(jit.isCompilationTimeMonitoringSupported(), "this test needs the JIT's compilation time");
        long last = -1, quietSince = System.nanoTime(), deadline = quietSince + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            long t = jit.getTotalCompilationTime();
            if (t != last) {
                last = t;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > 300_000_000L) {
                return;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void interpretedJvmGivesTheSameBitsAsJitCompiledCode() throws Exception {
        List<String> cold = digest(); // mostly interpreted or C1 here: the first calls
        warmUp();
        awaitIdleJit();
        List<String> warm = digest();
        assertEquals(cold, warm, "hashes of the outputs: first calls, mostly interpreted (expected), vs the same "
                + "after JIT warm-up (found)");

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xint", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), VecMathDeterminismTest.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS); // prints six short lines: the pipe cannot fill
        if (!done) {
            p.destroyForcibly();
        }
        assertTrue(done, "child JVM did not finish in 60 s");
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(0, p.exitValue(), "child JVM exit status; its output: " + out);
        List<String> interpreted = out.lines().toList();
        assertEquals(warm.size(), interpreted.size(), "lines from the child JVM: " + out);
        for (int i = 0; i < warm.size(); i++) {
            assertEquals(interpreted.get(i), warm.get(i),
                    "hash of the outputs: -Xint child JVM (expected) vs this JVM after JIT warm-up (found)");
        }
    }
}
