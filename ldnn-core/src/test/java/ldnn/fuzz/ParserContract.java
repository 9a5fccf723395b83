package ldnn.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * What every parser fuzz test checks: a parser given any bytes either returns or throws one of its
 * documented error types, whose message names the file; anything else escaping it (an
 * OutOfMemoryError from a header that claims a huge size, an ArrayIndexOutOfBoundsException, a
 * NumberFormatException without the file, a StackOverflowError from deep nesting) is a finding.
 *
 * <p>Fuzzing runs thousands of inputs a second, so each target writes its inputs to one scratch file
 * (or folder) that lives as long as the JVM, instead of a fresh temporary file per input.
 */
public final class ParserContract {
    /**
     * What {@code mvn test} fuzzes each parser with: this many inputs after the seeds (a few seconds), from
     * libFuzzer seed 1, so that every run on every machine tries the same inputs. A count, not a time: in
     * a fixed time a slow machine tries fewer, and a finding would come and go with the machine's load.
     */
    public static final long INPUTS = 8000;
    /** The most time that may take; reached only on a very slow machine (or by a hang, which is a finding). */
    public static final String TIME_LIMIT = "60s";

    private static final Path SCRATCH;

    static {
        try {
            SCRATCH = Files.createTempDirectory("ldnn-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(SCRATCH)));
    }

    private ParserContract() {}

    /** A parser call that may throw anything. */
    @FunctionalInterface
    public interface Parse {
        void run() throws Exception;
    }

    /** The scratch path called name (a file or folder the target creates), deleted when the JVM exits. */
    public static Path scratch(String name) {
        return SCRATCH.resolve(name);
    }

    /**
     * The checked-in inputs of a fuzz test (src/test/resources/&lt;package&gt;/&lt;Class&gt;Inputs/fuzz/, where Jazzer
     * looks) whose names start with prefix: "valid-" for the seeds a parser must read without an error.
     */
    public static List<Path> seeds(Class<?> fuzzTest, String prefix) {
        URL dir = fuzzTest.getResource(fuzzTest.getSimpleName() + "Inputs/fuzz");
        if (dir == null) {
            throw new AssertionError("no seed corpus " + fuzzTest.getSimpleName() + "Inputs/fuzz beside " + fuzzTest);
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            List<Path> seeds = files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
            if (seeds.isEmpty()) {
                throw new AssertionError("no " + prefix + "* seeds in " + dir);
            }
            return seeds;
        } catch (IOException | URISyntaxException e) {
            throw new AssertionError("cannot list " + dir, e);
        }
    }

    /** Writes data to file (replacing it) and returns file. */
    public static Path write(Path file, byte[] data) {
        try {
            return Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs parse. It may return, or throw one of the documented types with a message that contains
     * named (the file's path, so the CLI can print it as is); anything else is rethrown unchanged, so
     * Jazzer reports it with its own stack trace.
     */
    @SafeVarargs
    public static void expect(Path named, Parse parse, Class<? extends Throwable>... documented) {
        try {
            parse.run();
        } catch (Throwable t) {
            if (Arrays.stream(documented).noneMatch(c -> c.isInstance(t))) {
                throw sneaky(t);
            }
            String message = String.valueOf(t.getMessage());
            if (named != null && !message.contains(named.toString())) {
                throw new AssertionError("a " + t.getClass().getSimpleName() + " whose message does not name the"
                        + " file " + named + ": " + message, t);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: the OS cleans the temp folder eventually
        }
    }
}
