package ldnn.bench;

import java.io.IOException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import java.util.regex.Pattern;
import ldnn.backend.DnnlConv;
import ldnn.tensor.Rng;
import ldnn.tensor.Tensor;

/**
 * conv2d forward + backward of the two Fashion-MNIST convnet layers (5x5, stride 1, padding 2, with
 * bias, batch 128), ldnn against PyTorch's CPU build. Each round runs the PyTorch peer
 * (ldnn-bench/peer/torch_conv.py) in child processes, then ldnn in this process, back to back; the
 * ratio is PyTorch's time over ldnn's. PyTorch gets its best of torch.set_num_threads 1 and 2 and of
 * two OpenMP wait policies (its default, and OMP_WAIT_POLICY=PASSIVE, which ldnn sets for oneDNN).
 *
 * <p>One step on each side: y = conv2d(x, w, b, 1, 2); y.backward(g) with a fixed random g (the
 * gradient of sum(y * g)); conv1's input is data (no input gradient), conv2's input needs one.
 */
final class ConvBench {
    private ConvBench() {
    }

    record Layer(String name, int cin, int cout, int hw, boolean inputGrad) {
    }

    static final Layer[] LAYERS = {
        new Layer("conv1", 1, 32, 28, false),
        new Layer("conv2", 32, 64, 14, true),
    };

    static final int BATCH = 128;

    static Table run(int rounds, Measure.Budget budget, Path root, String python) {
        Table t = new Table("conv2d forward+backward, batch " + BATCH + ", 5x5, padding 2 (ms per step)",
                "ldnn ms", "PyTorch ms (threads)", "torch/ldnn").noteHeader("ldnn kernels");
        Path script = root.resolve("ldnn-bench/peer/torch_conv.py");
        Map<String, double[]> ldnnMs = new HashMap<>(), torchMs = new HashMap<>();
        Map<String, List<String>> torchThreads = new HashMap<>();
        String peerError = null;
        for (Layer l : LAYERS) {
            ldnnMs.put(l.name(), new double[rounds]);
            torchMs.put(l.name(), new double[rounds]);
            torchThreads.put(l.name(), new ArrayList<>());
        }
        for (int r = 0; r < rounds; r++) {
            if (peerError == null) {
                try {
                    Measure.waitQuiet();
                    Map<String, double[]> best = new HashMap<>();
                    for (String policy : new String[] {null, "PASSIVE"}) {
                        for (Map.Entry<String, double[]> e : runPeer(python, script, policy).entrySet()) {
                            double[] v = e.getValue();
                            double[] b = best.get(e.getKey());
                            if (b == null || v[0] < b[0]) {
                                best.put(e.getKey(), new double[] {v[0], v[1], policy == null ? 0 : 1});
                            }
                        }
                    }
                    for (Map.Entry<String, double[]> e : best.entrySet()) {
                        double[] v = e.getValue();
                        torchMs.get(e.getKey())[r] = v[0];
                        torchThreads.get(e.getKey()).add((int) v[1] + (v[2] == 1 ? "p" : ""));
                    }
                } catch (IOException | RuntimeException e) {
                    peerError = e.getMessage();
                    System.err.println("conv: PyTorch peer unavailable (" + peerError + "); ldnn figures only");
                }
            }
            for (Layer l : LAYERS) {
                ldnnMs.get(l.name())[r] = time(l, budget) * 1e3;
            }
        }
        for (Layer l : LAYERS) {
            double[] lm = ldnnMs.get(l.name()), tm = torchMs.get(l.name());
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = peerError == null ? tm[r] / lm[r] : Double.NaN;
            }
            String name = l.name() + " " + l.cin() + "->" + l.cout() + " on " + l.hw() + "x" + l.hw()
                    + (l.inputGrad() ? " (+input grad)" : "");
            String peer = peerError == null
                    ? Table.f("%.2f (%s)", Measure.median(tm), String.join(",", torchThreads.get(l.name()))) : "n/a";
            t.add(new Row(name, Table.f("%.2f", Measure.median(lm)), peer, ratios, Row.Target.atLeast(">= 1.00", 1.0),
                    kernels.getOrDefault(l.name(), "")));
        }
        return t;
    }

    private static final Map<String, String> kernels = new HashMap<>();

    /** Seconds per ldnn forward+backward step of one layer. */
    static double time(Layer l, Measure.Budget budget) {
        Rng rng = new Rng(5);
        Tensor x = Tensor.randn(rng, BATCH, l.cin(), l.hw(), l.hw()).requiresGrad(l.inputGrad());
        Tensor w = Tensor.randn(rng, l.cout(), l.cin(), 5, 5).mul(0.1f).requiresGrad(true);
        Tensor b = Tensor.zeros(l.cout()).requiresGrad(true);
        Tensor g = Tensor.randn(rng, BATCH, l.cout(), l.hw(), l.hw());
        Runnable step = () -> {
            x.zeroGrad();
            w.zeroGrad();
            b.zeroGrad();
            Tensor y = x.conv2d(w, b, 1, 2);
            y.backward(g);
            Measure.sink = w.grad();
        };
        double t = Measure.single(step, budget);
        kernels.put(l.name(), System.getProperty("ldnn.conv", "dnnl").equals("gemm") ? "im2col+GEMM (OpenBLAS)"
                : DnnlConv.get(new DnnlConv.Geometry(BATCH, l.cin(), l.hw(), l.hw(), l.cout(), 5, 5, 1, 2, true))
                        .implementations());
        return t;
    }

    private static final Pattern LINE = Pattern.compile(
            "\\{\"layer\": \"(\\w+)\".*?\"ms\": ([0-9.]+), \"threads\": (\\d+)");

    /** Runs the PyTorch script once (with OMP_WAIT_POLICY unset or set); layer name to {ms, threads}. */
    static Map<String, double[]> runPeer(String python, Path script, String ompWaitPolicy) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(python, script.toString());
        pb.environment().remove("OMP_WAIT_POLICY");
        if (ompWaitPolicy != null) {
            pb.environment().put("OMP_WAIT_POLICY", ompWaitPolicy);
        }
        return PeerScript.run(pb, script, LINE, java.util.Arrays.stream(LAYERS).map(Layer::name).toList());
    }
}
