package ldnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Initialization, pinned bit for bit: every parameterized layer kind (dense, conv, embed, lstm with
 * two layers and a forget bias, rnn), as built and after initialize with each scheme from a fixed seed.
 * Each line is a parameter's name, its first value and a hash of all its float bits.
 *
 * <p>The values were recorded at fd43839, before ModelSpec became a registry of layer kinds and before
 * parameters were initialized in place (when re-initialization still swapped tensor objects), so this
 * test shows both changes left the built layers, the random draws, their order and their scaling
 * exactly as they were. When a change is meant to alter
 * initialization, copy the new lines from the failure message and say why in the commit.
 */
class InitPinnedTest {
    private static final String IMAGES = "conv(4,3,stride=2) pool(2) dense(5) dense(3)";
    private static final String TEXT = "embed(4) lstm(6,layers=2,forget_bias=1.0) rnn(5) dense(3)";

    private static final String PINNED = """
            built images 0.weight 1.40974149e-01 -1609164352
            built images 0.bias 0.00000000e+00 923521
            built images 4.weight 1.49525657e-01 588417051
            built images 4.bias 0.00000000e+00 28629151
            built images 6.weight 2.67479628e-01 -117933328
            built images 6.bias 0.00000000e+00 29791
            built text 0.weight 5.98102629e-01 -225826888
            built text 1.weight_ih_l0 2.99051315e-01 744466007
            built text 1.weight_hh_l0 2.01388188e-02 458906346
            built text 1.bias_l0 0.00000000e+00 1412451585
            built text 1.weight_ih_l1 1.16518009e-02 1342353399
            built text 1.weight_hh_l1 8.45637143e-01 2123178989
            built text 1.bias_l1 0.00000000e+00 1412451585
            built text 2.weight_ih 2.44174391e-01 1424183384
            built text 2.weight_hh 4.99938160e-01 1696198944
            built text 2.bias 0.00000000e+00 28629151
            built text 3.weight 2.67479628e-01 -117933328
            built text 3.bias 0.00000000e+00 29791
            defaults seed 1 images 0.weight 6.28132045e-01 -351914805
            defaults seed 1 images 0.bias 0.00000000e+00 923521
            defaults seed 1 images 4.weight 1.57861948e-01 1596861420
            defaults seed 1 images 4.bias 0.00000000e+00 28629151
            defaults seed 1 images 6.weight -6.35381229e-03 1843326837
            defaults seed 1 images 6.bias 0.00000000e+00 29791
            defaults seed 1 text 0.weight 1.88439608e+00 -1927170796
            defaults seed 1 text 1.weight_ih_l0 7.18827426e-01 -1537751928
            defaults seed 1 text 1.weight_hh_l0 -7.53674030e-01 702990374
            defaults seed 1 text 1.bias_l0 0.00000000e+00 1412451585
            defaults seed 1 text 1.weight_ih_l1 -4.35442150e-01 377331146
            defaults seed 1 text 1.weight_hh_l1 5.08251846e-01 1197263524
            defaults seed 1 text 1.bias_l1 0.00000000e+00 1412451585
            defaults seed 1 text 2.weight_ih -1.71761662e-01 -74763850
            defaults seed 1 text 2.weight_hh 3.62132788e-01 455475262
            defaults seed 1 text 2.bias 0.00000000e+00 28629151
            defaults seed 1 text 3.weight -6.41322196e-01 1051141562
            defaults seed 1 text 3.bias 0.00000000e+00 29791
            normal(0.02) seed 2 images 0.weight -1.03973188e-02 -2124306547
            normal(0.02) seed 2 images 0.bias 0.00000000e+00 923521
            normal(0.02) seed 2 images 4.weight 2.08253670e-03 -990485992
            normal(0.02) seed 2 images 4.bias 0.00000000e+00 28629151
            normal(0.02) seed 2 images 6.weight -2.23190095e-02 -91920405
            normal(0.02) seed 2 images 6.bias 0.00000000e+00 29791
            normal(0.02) seed 2 text 0.weight -1.03973188e-02 -1166820981
            normal(0.02) seed 2 text 1.weight_ih_l0 -1.00150490e-02 387419738
            normal(0.02) seed 2 text 1.weight_hh_l0 -2.78173555e-02 1999893512
            normal(0.02) seed 2 text 1.bias_l0 0.00000000e+00 1412451585
            normal(0.02) seed 2 text 1.weight_ih_l1 -3.70667279e-02 1419208745
            normal(0.02) seed 2 text 1.weight_hh_l1 -1.22610247e-02 1476694617
            normal(0.02) seed 2 text 1.bias_l1 0.00000000e+00 1412451585
            normal(0.02) seed 2 text 2.weight_ih -1.25066107e-02 -1282148006
            normal(0.02) seed 2 text 2.weight_hh -1.03387069e-02 -1668000492
            normal(0.02) seed 2 text 2.bias 0.00000000e+00 28629151
            normal(0.02) seed 2 text 3.weight 3.59750143e-03 1957065264
            normal(0.02) seed 2 text 3.bias 0.00000000e+00 29791
            """;

    @Test
    void everyParameterizedKindInitializesBitForBitAsBeforeTheInPlaceChange() {
        StringBuilder actual = new StringBuilder();
        for (String how : new String[] {"built", "defaults seed 1", "normal(0.02) seed 2"}) {
            for (boolean text : new boolean[] {false, true}) {
                Sequential m = text ? ModelSpec.build(TEXT, new int[] {7}, 9)
                        : ModelSpec.build(IMAGES, new int[] {2, 9, 9}, 0);
                if (how.startsWith("defaults")) {
                    m.initialize(Init.defaults(), new Rng(1));
                } else if (how.startsWith("normal")) {
                    m.initialize(Init.normal(0.02), new Rng(2));
                }
                for (Map.Entry<String, Tensor> e : m.parameters().entrySet()) {
                    float[] v = e.getValue().toArray();
                    actual.append(String.format(Locale.ROOT, "%s %s %s %.8e %d\n", how, text ? "text" : "images",
                            e.getKey(), v[0], Arrays.hashCode(v)));
                }
            }
        }
        assertEquals(PINNED, actual.toString(), "initialization changed; the new lines:\n" + actual);
    }
}
