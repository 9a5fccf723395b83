#!/usr/bin/python3
"""PyTorch's side of the training-throughput benchmark: one training step of each reference workload.

    /usr/bin/python3 ldnn-bench/peer/torch_train.py [--threads 1 2] [--workload mlp convnet charlstm sort] [--quick]

Workloads (random data of the right shape, as torch_bench.py's stepbench; batch 128 unless noted):
  mlp       784-1024-1024-10, ReLU, dropout 0.5 after each hidden layer, SGD momentum 0.9
  convnet   conv5x5x32 p2 ReLU maxpool2 - conv5x5x64 p2 ReLU maxpool2 - fc1024 ReLU dropout 0.5 - fc10, SGD momentum 0.9
  charlstm  embedding 64, LSTM hidden 512, 63 symbols, sequence 100, batch 64, SGD lr 1.0, gradient norm clipped at 5
  sort      the sort experiment's net: 60-1024-1024-60, ReLU, inputs +-1, mean binary cross-entropy on the 60
            logits against 0/1 targets, Adam lr 1e-3 (PyTorch's default betas and eps), batch 256
One step = zero_grad + forward + loss (mean cross-entropy) + backward (+ clipping) + optimizer step + loss.item().
Time per step: the median over the steps after warm-up, for each torch.set_num_threads value; the best
thread setting counts. --quick: few steps (max(3, steps // 5) after at most 2 warm-up steps), to check
that the code runs. Prints one JSON line per workload: {"workload", "ms", "threads", "items_per_step", "by_threads"}.
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def step_times(model, opt, loss_of, clip, warm, steps):
    """Seconds of each training step after `warm` untimed ones: zero_grad, loss, backward, clipping, update, item."""
    model.train()
    ts = []
    for i in range(warm + steps):
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = loss_of()
        loss.backward()
        if clip:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        loss.item()
        if i >= warm:
            ts.append(time.perf_counter() - t0)
    return ts


def init_linear(layer, scale):
    with torch.no_grad():
        fan_in = layer.weight[0].numel()
        layer.weight.normal_(0.0, scale / math.sqrt(fan_in))
        if layer.bias is not None:
            layer.bias.zero_()


def mlp():
    l1, l2, l3 = nn.Linear(784, 1024), nn.Linear(1024, 1024), nn.Linear(1024, 10)
    for l, s in ((l1, math.sqrt(2)), (l2, math.sqrt(2)), (l3, 1.0)):
        init_linear(l, s)
    return nn.Sequential(l1, nn.ReLU(), nn.Dropout(0.5), l2, nn.ReLU(), nn.Dropout(0.5), l3)


def convnet():
    c1, c2 = nn.Conv2d(1, 32, 5, padding=2), nn.Conv2d(32, 64, 5, padding=2)
    f1, f2 = nn.Linear(7 * 7 * 64, 1024), nn.Linear(1024, 10)
    for l, s in ((c1, math.sqrt(2)), (c2, math.sqrt(2)), (f1, math.sqrt(2)), (f2, 1.0)):
        init_linear(l, s)
    return nn.Sequential(c1, nn.ReLU(), nn.MaxPool2d(2), c2, nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         f1, nn.ReLU(), nn.Dropout(0.5), f2)


def sorter():
    l1, l2, l3 = nn.Linear(60, 1024), nn.Linear(1024, 1024), nn.Linear(1024, 60)
    for l, s in ((l1, math.sqrt(2)), (l2, math.sqrt(2)), (l3, 1.0)):
        init_linear(l, s)
    return nn.Sequential(l1, nn.ReLU(), l2, nn.ReLU(), l3)


class CharLSTM(nn.Module):
    def __init__(self, v=63, e=64, h=512):
        super().__init__()
        self.v = v
        self.emb = nn.Embedding(v, e)
        self.lstm = nn.LSTM(e, h, num_layers=1, batch_first=True)
        self.out = nn.Linear(h, v)

    def forward(self, x):
        h, _ = self.lstm(self.emb(x))
        return self.out(h)


def bench(name, threads, steps, warm):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    if name == "mlp":
        model, x, y, items = mlp(), torch.randn(128, 784), torch.randint(0, 10, (128,)), 128
        opt, clip = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9), None
        loss_of = lambda: F.cross_entropy(model(x), y)
    elif name == "convnet":
        model, x, y, items = convnet(), torch.randn(128, 1, 28, 28), torch.randint(0, 10, (128,)), 128
        opt, clip = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9), None
        loss_of = lambda: F.cross_entropy(model(x), y)
    elif name == "sort":
        model, items = sorter(), 256
        x = torch.randint(0, 2, (256, 60)).float() * 2 - 1
        y = torch.randint(0, 2, (256, 60)).float()
        opt, clip = torch.optim.Adam(model.parameters(), lr=1e-3), None
        loss_of = lambda: F.binary_cross_entropy_with_logits(model(x), y)
    else:
        model, x, y, items = CharLSTM(), torch.randint(0, 63, (64, 100)), torch.randint(0, 63, (64, 100)), 6400
        opt, clip = torch.optim.SGD(model.parameters(), lr=1.0), 5.0
        loss_of = lambda: F.cross_entropy(model(x).reshape(-1, 63), y.reshape(-1))
    ts = sorted(step_times(model, opt, loss_of, clip, warm, steps))
    return ts[len(ts) // 2] * 1e3, items


STEPS = {"mlp": (60, 10), "convnet": (15, 3), "charlstm": (6, 2), "sort": (60, 10)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--workload", nargs="+", default=list(STEPS), choices=list(STEPS))
    ap.add_argument("--quick", action="store_true", help="few steps: checks that the code runs")
    args = ap.parse_args()
    for name in args.workload:
        steps, warm = STEPS[name]
        if args.quick:
            steps, warm = max(3, steps // 5), min(warm, 2)
        by = {}
        items = 0
        for t in args.threads:
            ms, items = bench(name, t, steps, warm)
            by[str(t)] = round(ms, 3)
        best = min(by, key=by.get)
        print(json.dumps({"workload": name, "ms": by[best], "threads": int(best), "items_per_step": items,
                          "by_threads": by}), flush=True)


if __name__ == "__main__":
    main()
