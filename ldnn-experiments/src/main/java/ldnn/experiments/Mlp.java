package ldnn.experiments;

import java.util.ArrayList;
import java.util.List;
import ldnn.nn.Activation;
import ldnn.nn.Init;
import ldnn.nn.Linear;
import ldnn.nn.Module;
import ldnn.nn.Sequential;
import ldnn.tensor.Rng;

/** Plain ReLU MLPs and their parameter counts. */
final class Mlp {
    private Mlp() {
    }

    /** in → hidden[0] → ... → out, ReLU between layers, initialized with {@code init} (He gain before ReLU). */
    static Sequential build(int in, int[] hidden, int out, Init init, Rng rng) {
        List<Module> layers = new ArrayList<>();
        int prev = in;
        for (int h : hidden) {
            layers.add(new Linear(prev, h));
            layers.add(Activation.relu());
            prev = h;
        }
        layers.add(new Linear(prev, out));
        Sequential s = new Sequential(layers);
        s.initialize(init, rng);
        return s;
    }

    static long parameters(int in, int[] hidden, int out) {
        long n = 0;
        int prev = in;
        for (int h : hidden) {
            n += (long) prev * h + h;
            prev = h;
        }
        return n + (long) prev * out + out;
    }

    /** "60-512-512-60". */
    static String shape(int in, int[] hidden, int out) {
        StringBuilder sb = new StringBuilder().append(in);
        for (int h : hidden) {
            sb.append('-').append(h);
        }
        return sb.append('-').append(out).toString();
    }

    /** Hidden widths of {@code depth} equal layers with about {@code params} parameters in total. */
    static int[] equalWidths(int in, int out, int depth, long params) {
        int lo = 1, hi = 1 << 16;
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (parameters(in, repeat(mid, depth), out) <= params) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return repeat(lo, depth);
    }

    static int[] repeat(int width, int depth) {
        int[] h = new int[depth];
        java.util.Arrays.fill(h, width);
        return h;
    }
}
