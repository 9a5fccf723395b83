package ldnn.backend;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Settings that native libraries read from the process environment when they load (OpenMP's wait
 * policy, OpenBLAS's thread timeout). Java cannot change its own environment, so this calls libc's
 * {@code setenv} before the library is loaded; a value the user already set is left alone.
 */
final class NativeEnv {
    private NativeEnv() {
    }

    /** Sets name=value in the process environment unless name is already set; true if it set it. */
    static boolean setIfAbsent(String name, String value) {
        if (System.getenv(name) != null) {
            return false;
        }
        Linker linker = Linker.nativeLinker();
        MethodHandle setenv = linker.downcallHandle(linker.defaultLookup().find("setenv").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 0);
            if (rc != 0) {
                throw new IllegalStateException("setenv(" + name + ") returned " + rc);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("setenv(" + name + ") failed", e);
        }
        return true;
    }
}
