package ldnn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import ldnn.io.Json;
import ldnn.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ldnn's optimizers follow PyTorch's torch.optim step for step: 20 steps on the {@link Rosenbrock}
 * function from the same start, compared to the trajectories in torch_reference.json (written by
 * torch_reference.py beside it, with torch.optim in float32; PyTorch is not needed to run this test).
 *
 * <p>The gradients are bit-identical on both sides, so the trajectories differ only by the rounding of
 * each side's float32 update arithmetic (operation order, fused multiply-adds): on this machine at most
 * 2 units in the last place (1.8e-7) after 20 steps, for every case. The tolerance, 1e-6 relative to
 * the coordinate with a floor of 1 (the coordinates are of order 1 and some cross 0), leaves 5x room
 * for another processor's rounding, and still catches small systematic slips: Adam once weighted g²
 * by 1 − (float) 0.999, 1.3e-5 below 0.001, which put its trajectories 4e-6 off PyTorch's. Getting
 * the dampening, the bias correction or the weight decay wrong moves them by 1e-3 or more.
 */
class TorchReferenceTest {
    private static final double TOL = 1e-6;

    record Case(String name, OptimizerKind kind, double lr, double momentum, double dampening, double weightDecay,
                List<float[]> trajectory) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws IOException {
        Map<String, Object> file = Json.parseObject(resource("torch_reference.json"));
        List<Case> cases = new ArrayList<>();
        for (Object o : (List<?>) file.get("cases")) {
            Map<?, ?> c = (Map<?, ?>) o;
            List<float[]> points = new ArrayList<>();
            for (Object p : (List<?>) c.get("trajectory")) {
                points.add(floats((List<?>) p));
            }
            cases.add(new Case((String) c.get("name"), OptimizerKind.parse((String) c.get("optimizer")),
                    number(c, "lr"), number(c, "momentum"), number(c, "dampening"), number(c, "weight_decay"), points));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void followsTorchOptimStepForStep(Case c) {
        Tensor x = Tensor.of(Rosenbrock.START.clone(), Rosenbrock.START.length);
        Optimizer o = c.kind().create(Map.of("x", x), c.lr(), c.momentum(), c.dampening(), c.weightDecay());
        assertEquals(20, c.trajectory().size(), c.name() + ": steps in the reference");
        for (int step = 0; step < c.trajectory().size(); step++) {
            Rosenbrock.descend(o, x, 1);
            float[] want = c.trajectory().get(step), got = x.toArray();
            for (int i = 0; i < want.length; i++) {
                double err = Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]));
                int s = step, k = i;
                assertTrue(err <= TOL, () -> String.format(java.util.Locale.ROOT,
                        "%s (%s), step %d, x[%d]: expected PyTorch's %.9g, got %.9g (error %.2g > %.0g)",
                        c.name(), o.describe(), s + 1, k, want[k], got[k], err, TOL));
            }
        }
    }

    private static double number(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    private static float[] floats(List<?> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = ((Number) values.get(i)).floatValue(); // written from float32, so exact
        }
        return f;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TorchReferenceTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource ldnn/optim/" + name + " is missing (run torch_reference.py)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
