package ldnn.experiments;

import ldnn.nn.Linear;
import ldnn.nn.Sequential;

/**
 * A threshold network with exactly two hidden layers that sorts N numbers of B bits exactly (the
 * construction in the essay-anchors file), wired by hand into ordinary {@link Linear} layers so that it
 * tests ldnn's forward pass. Inputs are ±1 bits (s = 2x − 1), as in {@link SortTask}.
 * <ul>
 *   <li>Hidden layer 1, N(N−1) + N·B units: comparators c_ij = H(v_i − v_j + t_ij) with t_ij = +½ for
 *       j &lt; i and −½ otherwise (a stable tie-break), so r_i = Σ_j c_ij is the rank of number i; and
 *       relays copying each input bit as 0/1.
 *   <li>Hidden layer 2, N·N·B units: u_ipk = H(r_i − p + ½ + N·(x_ik − 1)) fires iff r_i ≥ p and bit k of
 *       number i is 1.
 *   <li>Output, N·B units: y_pk = H(Σ_i (u_ipk − u_i(p+1)k) − ½), bit k of the p-th smallest number.
 * </ul>
 * Every pre-activation is at least ½ away from 0, so a sigmoid of gain 20 behaves like the step.
 */
final class HandWiredSorter {
    private HandWiredSorter() {
    }

    static int hidden1(SortTask t) {
        return t.n() * (t.n() - 1) + t.n() * t.bits();
    }

    static int hidden2(SortTask t) {
        return t.n() * t.n() * t.bits();
    }

    /** The wired network; {@code threshold} builds the unit after each layer. */
    static Sequential build(SortTask t, java.util.function.Supplier<Threshold> threshold) {
        int n = t.n(), b = t.bits(), in = t.width(), h1 = hidden1(t), h2 = hidden2(t);
        Linear l1 = new Linear(in, h1), l2 = new Linear(h1, h2), l3 = new Linear(h2, in);
        float[] w1 = new float[h1 * in], b1 = new float[h1];
        int[][] comparator = new int[n][n]; // unit index of c_ij
        int u = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                comparator[i][j] = u;
                for (int k = 0; k < b; k++) {
                    float place = (float) Math.scalb(1.0, b - 1 - k) / 2; // x = (s + 1)/2: the constant cancels
                    w1[u * in + i * b + k] += place;
                    w1[u * in + j * b + k] -= place;
                }
                b1[u] = j < i ? 0.5f : -0.5f;
                u++;
            }
        }
        int relay0 = u; // relay of bit k of number i: H(s/2), unit relay0 + i*b + k
        for (int i = 0; i < n * b; i++) {
            w1[(relay0 + i) * in + i] = 0.5f;
        }
        float[] w2 = new float[h2 * h1], b2 = new float[h2];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < n; p++) {
                for (int k = 0; k < b; k++) {
                    int unit = unitU(t, i, p, k);
                    for (int j = 0; j < n; j++) {
                        if (j != i) {
                            w2[unit * h1 + comparator[i][j]] = 1f;
                        }
                    }
                    w2[unit * h1 + relay0 + i * b + k] = n;
                    b2[unit] = -p + 0.5f - n;
                }
            }
        }
        float[] w3 = new float[in * h2], b3 = new float[in];
        for (int p = 0; p < n; p++) {
            for (int k = 0; k < b; k++) {
                int out = p * b + k;
                for (int i = 0; i < n; i++) {
                    w3[out * h2 + unitU(t, i, p, k)] += 1f;
                    if (p + 1 < n) {
                        w3[out * h2 + unitU(t, i, p + 1, k)] -= 1f;
                    }
                }
                b3[out] = -0.5f;
            }
        }
        set(l1, w1, b1);
        set(l2, w2, b2);
        set(l3, w3, b3);
        return new Sequential(l1, threshold.get(), l2, threshold.get(), l3, threshold.get());
    }

    private static int unitU(SortTask t, int i, int p, int k) {
        return (i * t.n() + p) * t.bits() + k;
    }

    private static void set(Linear l, float[] w, float[] b) {
        System.arraycopy(w, 0, l.weight().data(), 0, w.length);
        System.arraycopy(b, 0, l.bias().data(), 0, b.length);
    }

    /** Parameter count of the wired net (all weights and biases, most of them zero). */
    static long parameters(SortTask t) {
        long in = t.width(), h1 = hidden1(t), h2 = hidden2(t);
        return in * h1 + h1 + h1 * h2 + h2 + h2 * in + in;
    }
}
