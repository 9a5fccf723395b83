package ldnn.cli;

import java.util.concurrent.Callable;
import ldnn.backend.Blas;
import picocli.CommandLine.Command;

/** Prints what ldnn runs on: JDK, cores, SIMD width and the BLAS backend. */
@Command(name = "system", description = "Show the JDK, CPU and BLAS backend ldnn uses.")
final class SystemCommand implements Callable<Integer> {
    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        System.out.println("java:    " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
        System.out.println("cores:   " + Runtime.getRuntime().availableProcessors());
        System.out.println("memory:  max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        System.out.println("simd:    " + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize()
                + "-bit float vectors (Vector API)");
        System.out.println("blas:    " + Blas.get().describe());
        return 0;
    }
}
