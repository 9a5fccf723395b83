#!/usr/bin/python3
"""PyTorch's side of the conv2d benchmark: forward + backward of the two Fashion-MNIST convnet layers.

    /usr/bin/python3 ldnn-bench/peer/torch_conv.py [--threads 1 2] [--reps 20]

Layers (NCHW, 5x5 kernels, stride 1, padding 2, with bias, batch 128):
  conv1: x [128, 1, 28, 28]  (data: no input gradient)     w [32, 1, 5, 5]
  conv2: x [128, 32, 14, 14] (activation: input gradient)  w [64, 32, 5, 5]
One step = y = conv2d(x, w, b, padding=2); y.backward(g) with a fixed random g (the gradient of the
loss sum(y * g)), so weight, bias and (for conv2) input gradients are all computed.
Time per step: the median over `reps` steps after warm-up, for each torch.set_num_threads value;
the best thread setting is reported (as ldnn-bench/peer/README and BENCHMARKS.md say).
Prints one JSON line per layer: {"layer", "batch", "ms" (best), "threads" (best), "by_threads"}.
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F

LAYERS = [  # name, in channels, out channels, height/width, input needs grad
    ("conv1", 1, 32, 28, False),
    ("conv2", 32, 64, 14, True),
]


def time_layer(cin, cout, hw, x_grad, batch, reps, warm):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(batch, cin, hw, hw, generator=g).requires_grad_(x_grad)
    w = (torch.randn(cout, cin, 5, 5, generator=g) * 0.1).requires_grad_(True)
    b = torch.zeros(cout).requires_grad_(True)
    gy = torch.randn(batch, cout, hw, hw, generator=g)
    ts = []
    for i in range(warm + reps):
        t0 = time.perf_counter()
        w.grad = None
        b.grad = None
        x.grad = None
        y = F.conv2d(x, w, b, stride=1, padding=2)
        y.backward(gy)
        t1 = time.perf_counter()
        if i >= warm:
            ts.append(t1 - t0)
    ts.sort()
    return ts[len(ts) // 2]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--warm", type=int, default=5)
    ap.add_argument("--layer", nargs="+", default=[l[0] for l in LAYERS])
    args = ap.parse_args()
    for name, cin, cout, hw, x_grad in LAYERS:
        if name not in args.layer:
            continue
        by = {}
        for t in args.threads:
            torch.set_num_threads(t)
            by[t] = time_layer(cin, cout, hw, x_grad, args.batch, args.reps, args.warm) * 1e3
        best = min(by, key=by.get)
        print(json.dumps({"layer": name, "batch": args.batch, "ms": round(by[best], 3), "threads": best,
                          "by_threads": {str(k): round(v, 3) for k, v in by.items()},
                          "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()
