#!/usr/bin/env python3
"""The data-parallel speed-up model of SCALING.md, from the figures `scripts/bench spark` measured.

Synchronous data-parallel SGD at a fixed global batch (the recipe's 128; 64 sequences for the LSTM):
every step, each of W workers runs forward and backward on 1/W of the batch, the gradients are summed
with a ring all-reduce, and every worker applies the whole update. So per step

    t(W) = c / W                       forward + backward, shared (c: one worker alone)
         + u                           the optimizer update and gradient packing, NOT shared
         + 2 (W-1)/W * G / bw          ring all-reduce: bytes each worker sends (and receives)
         + 2 (W-1) * lat               its 2(W-1) messages in sequence, each paying the network's latency

and the speed-up is t(1) / t(W), t(1) = c + u (one worker needs no all-reduce). Nothing overlaps: ldnn sums
after the whole backward (see SCALING.md for what overlapping would move).

Usage: scaling_model.py [--lat-us 25]   (prints the tables of SCALING.md)
"""
import sys

LAT = 25e-6  # seconds per message on a 10/100 Gbit/s TCP network, one hop (assumed; loopback measures ~10 us)
if "--lat-us" in sys.argv:
    LAT = float(sys.argv[sys.argv.index("--lat-us") + 1]) * 1e-6

# name: (parameters, c = seconds of forward+backward per global batch on one core, u = seconds of update per step)
# c and u for mlp and convnet: scripts/bench spark, W = 1 on the 2-core EPYC (see SCALING.md); the LSTM's c is
# the training suite's 2-core step time x 1.8 (one core); the 10x convnet has 10x the parameters and FLOPs.
MODELS = {}


def load(args):
    for a in args:
        if a.count("=") == 1 and ":" in a:
            name, v = a.split("=")
            p, c, u = v.split(":")
            MODELS[name] = (float(p), float(c), float(u))


def step(p, c, u, w, bw):
    g = 4 * p
    return c / w + u + (2 * (w - 1) / w * g / bw + 2 * (w - 1) * LAT if w > 1 else 0)


def main():
    load(sys.argv[1:])
    ws = [1, 2, 4, 8, 16, 32, 64]
    for gbit in (10, 100):
        bw = gbit * 1e9 / 8 * 0.9  # 90% of the line rate for TCP payload
        print(f"\n{gbit} Gbit/s ({bw / 1e9:.2f} GB/s payload, {LAT * 1e6:.0f} us per message): speed-up t(1)/t(W)")
        print("| model | params | t(1) s | " + " | ".join(f"W={w}" for w in ws[1:]) + " | best W |")
        print("|---|---|---|" + "---|" * (len(ws) - 1) + "---|")
        for name, (p, c, u) in MODELS.items():
            t1 = step(p, c, u, 1, bw)
            sp = [t1 / step(p, c, u, w, bw) for w in ws[1:]]
            best = max(range(1, 257), key=lambda w: t1 / step(p, c, u, w, bw))
            print(f"| {name} | {p / 1e6:.2f}M | {t1:.3f} | " + " | ".join(f"{s:.2f}" for s in sp)
                  + f" | {best} ({t1 / step(p, c, u, best, bw):.1f}x) |")


if __name__ == "__main__":
    main()
