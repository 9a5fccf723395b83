#!/usr/bin/python3
"""PyTorch's side of the scaling suite: one configuration, timed in a process of its own (so its peak RSS is its own).

    /usr/bin/python3 ldnn-bench/peer/torch_probe.py --kind mlp --hidden 2789 --layers 2 --batch 128 --steps 10 --warm 3
    /usr/bin/python3 ldnn-bench/peer/torch_probe.py --kind charlstm --hidden 512 --batch 64 --seq 100 --steps 5 --warm 2

The same arguments as ldnn's probe (java ... ldnn.bench.StepProbe), and the same nets as torch_train.py:
  mlp       784 inputs, --layers ReLU hidden layers of --hidden units, 10 classes, SGD lr 0.1 momentum 0.9
  charlstm  embedding 64, LSTM of --hidden units, 63 symbols, --seq characters, SGD lr 1.0, gradient norm clipped at 5
Random data, fixed batch; one step = zero_grad + forward + mean cross-entropy + backward (+ clipping) +
optimizer step + loss.item(). torch.set_num_threads(--threads), default all CPUs. Prints one JSON line:
{"kind", "ms" (median after the warm-up steps), "params", "threads", "steps", "warm"}.
"""
import argparse
import json
import math
import os
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_train import init_linear, step_times  # the same init and timed step as the step benchmark


def mlp(hidden, layers):
    mods, prev = [], 784
    for _ in range(layers):
        l = nn.Linear(prev, hidden)
        init_linear(l, math.sqrt(2))
        mods += [l, nn.ReLU()]
        prev = hidden
    out = nn.Linear(prev, 10)
    init_linear(out, 1.0)
    return nn.Sequential(*mods, out)


class CharLSTM(nn.Module):
    def __init__(self, v=63, e=64, h=512):
        super().__init__()
        self.emb = nn.Embedding(v, e)
        self.lstm = nn.LSTM(e, h, num_layers=1, batch_first=True)
        self.out = nn.Linear(h, v)

    def forward(self, x):
        h, _ = self.lstm(self.emb(x))
        return self.out(h)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kind", choices=["mlp", "charlstm"], default="mlp")
    ap.add_argument("--hidden", type=int, default=1024)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--seq", type=int, default=100)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warm", type=int, default=3)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    if args.kind == "mlp":
        model = mlp(args.hidden, args.layers)
        x, y = torch.randn(args.batch, 784), torch.randint(0, 10, (args.batch,))
        opt, clip = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9), None
        loss_of = lambda: F.cross_entropy(model(x), y)
    else:
        model = CharLSTM(h=args.hidden)
        x, y = torch.randint(0, 63, (args.batch, args.seq)), torch.randint(0, 63, (args.batch, args.seq))
        opt, clip = torch.optim.SGD(model.parameters(), lr=1.0), 5.0
        loss_of = lambda: F.cross_entropy(model(x).reshape(-1, 63), y.reshape(-1))
    ts = sorted(step_times(model, opt, loss_of, clip, args.warm, args.steps))
    n = len(ts)
    ms = (ts[n // 2] if n % 2 else 0.5 * (ts[n // 2 - 1] + ts[n // 2])) * 1e3
    print(json.dumps({"kind": args.kind, "ms": round(ms, 4), "params": sum(p.numel() for p in model.parameters()),
                      "threads": args.threads, "steps": args.steps, "warm": args.warm}), flush=True)


if __name__ == "__main__":
    main()
