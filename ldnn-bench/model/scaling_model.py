#!/usr/bin/env python3
"""The data-parallel speed-up model of SCALING.md, from the figures `scripts/bench spark` measured.

Synchronous data-parallel SGD at a fixed global batch (the recipe's 128; 64 sequences for the LSTM):
every step, each of W workers runs forward and backward on 1/W of the batch, the gradients are summed
with a ring all-reduce, and every worker applies the whole update. So per step

    t(W) = c / W                       forward + backward, shared (c: one worker alone)
         + u                           the optimizer update (SGD momentum: 20 bytes of memory traffic per
                                       parameter), NOT shared: every worker updates every weight
         + k                           (W > 1) packing the gradients for the all-reduce and unpacking the
                                       sums, 16 bytes per parameter
         + 2 (W-1)/W * G / bw          ring all-reduce: bytes each worker sends (and receives)
         + 2 (W-1) * lat               its 2(W-1) messages in sequence, each paying the network's latency

and the speed-up is t(1) / t(W), t(1) = c + u (one worker needs no all-reduce). Nothing overlaps: ldnn sums
after the whole backward (see SCALING.md for what overlapping would move).

Usage: scaling_model.py [--lat-us 25] [--sharded] NAME=PARAMS:SECONDS:BATCH ...   (prints the tables of SCALING.md)
"""
import sys

LAT = 25e-6  # seconds per message on a 10/100 Gbit/s TCP network, one hop (assumed; loopback measures ~10 us)
if "--lat-us" in sys.argv:
    LAT = float(sys.argv[sys.argv.index("--lat-us") + 1]) * 1e-6

MEM = 10e9  # bytes/s of memory traffic for the update and the packing (one core of the 2-core EPYC, roughly)

# name=P:c:B on the command line: P parameters, B the global batch, c = seconds of forward + backward (and the rest of a step that
# shrinks with the shard) per global batch on one worker of one core. SCALING.md gives the figures it used.
MODELS = {}


SHARDED = "--sharded" in sys.argv  # the update split over the workers (reduce-scatter, update 1/W, all-gather)


def load(args):
    for a in args:
        if a.count("=") == 1 and ":" in a:
            name, v = a.split("=")
            p, c, b = v.split(":")
            MODELS[name] = (float(p), float(c), int(b))


def step(p, c, w, bw):
    u = 20 * p / MEM
    if w == 1:
        return c + u
    local = (u + 16 * p / MEM) / (w if SHARDED else 1)
    return c / w + local + 2 * (w - 1) / w * 4 * p / bw + 2 * (w - 1) * LAT


def main():
    load(sys.argv[1:])
    ws = [1, 2, 4, 8, 16, 32, 64]
    for gbit in (10, 100):
        bw = gbit * 1e9 / 8 * 0.9  # 90% of the line rate for TCP payload
        print(f"\n{gbit} Gbit/s ({bw / 1e9:.2f} GB/s payload, {LAT * 1e6:.0f} us per message)"
              + (", update sharded" if SHARDED else "") + ": speed-up t(1)/t(W)")
        print("| model | params | t(1) s | " + " | ".join(f"W={w}" for w in ws[1:]) + " | best W |")
        print("|---|---|---|" + "---|" * (len(ws) - 1) + "---|")
        for name, (p, c, b) in MODELS.items():
            t1 = step(p, c, 1, bw)
            sp = [t1 / step(p, c, w, bw) for w in ws[1:]]
            best = max(range(1, b + 1), key=lambda w: t1 / step(p, c, w, bw))  # at most one example per worker
            print(f"| {name} | {p / 1e6:.2f}M | {t1:.3f} | " + " | ".join(f"{s:.2f}" for s in sp)
                  + f" | {best} ({t1 / step(p, c, best, bw):.1f}x) |")


if __name__ == "__main__":
    main()
