#!/usr/bin/python3
"""PyTorch's side of the memory benchmark: a whole Fashion-MNIST training run, as `ldnn train fashion-mnist` does it.

    /usr/bin/python3 ldnn-bench/peer/torch_fashion.py [--model convnet|mlp] [--seconds S] [--epochs N]
        [--data /usr/share/datasets/fashion-mnist] [--run DIR] [--threads N]

What it does, step for step as ldnn's recipe run (ldnn train fashion-mnist [--model mlp]):
  data      the IDX files (train-images-idx3-ubyte[.gz] etc.) read into float32 tensors; 6,000 of the
            60,000 training images held out at random for validation; standardized with the mean and
            std of the remaining training images (one global mean and std, as ldnn picks for Fashion-MNIST)
  models    convnet: conv5x5x32 pad 2, ReLU, maxpool 2 - conv5x5x64 pad 2, ReLU, maxpool 2 - fc1024 ReLU
            dropout 0.5 - fc10 (as torch_train.py); mlp: 784-1024-1024-10, ReLU, dropout 0.5 after each
            hidden layer; ldnn's scaled init (normal, std gain/sqrt(fan_in), zero biases)
  training  batch 128 of the shuffled training split, each image mirrored left-right with probability 1/2,
            mean cross-entropy, SGD lr 0.1 momentum 0.9 dampening 0.9 (ldnn's averaged momentum); after
            each epoch: validation error (batches of 1,000), a copy of the best weights, a checkpoint (model
            and optimizer) in --run, and the LR halved after 2 epochs without a better validation error
  stops     after --epochs, when the LR has fallen 1000-fold, or when --seconds have passed since
            training started (checked after every step, evaluations included, as ldnn's --time)
  test      the best weights on the 10,000 test images, alone and averaged with their mirror images
Threads: torch.set_num_threads(--threads), default all CPUs (ldnn uses them all).
Prints one JSON line: {"images_per_s", "first_step_seconds", "epochs", "steps", "train_seconds", "best_val_error",
"test_accuracy", "test_accuracy_mirror", "threads"}. images_per_s: training images over the time of the
training loops (evaluations excluded); first_step_seconds: from the process's start to the end of the first step.
"""
import argparse
import copy
import gzip
import json
import math
import os
import struct
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_train import convnet, init_linear  # the same nets and init as the step benchmark


def process_age():
    """Seconds since this process started (from /proc), so interpreter start-up and imports count."""
    try:
        with open("/proc/self/stat") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def read_idx(folder, name):
    for path, opener in ((os.path.join(folder, name + ".gz"), gzip.open), (os.path.join(folder, name), open)):
        if os.path.isfile(path):
            with opener(path, "rb") as f:
                data = f.read()
            break
    else:
        raise SystemExit("torch_fashion.py: %s(.gz) not found in %s (apt-get install dataset-fashion-mnist)"
                         % (name, folder))
    zero, kind, dims = struct.unpack(">HBB", data[:4])
    if zero != 0 or kind != 0x08:
        raise SystemExit("torch_fashion.py: %s is not an IDX file of unsigned bytes" % name)
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


def mlp():
    l1, l2, l3 = nn.Linear(784, 1024), nn.Linear(1024, 1024), nn.Linear(1024, 10)
    for l, s in ((l1, math.sqrt(2)), (l2, math.sqrt(2)), (l3, 1.0)):
        init_linear(l, s)
    return nn.Sequential(nn.Flatten(), l1, nn.ReLU(), nn.Dropout(0.5), l2, nn.ReLU(), nn.Dropout(0.5), l3)


@torch.no_grad()
def predict(model, x, mirror=False, batch=1000):
    model.eval()
    out = []
    for i in range(0, len(x), batch):
        xb = x[i:i + batch]
        p = F.softmax(model(xb), dim=1)
        if mirror:
            p = 0.5 * (p + F.softmax(model(xb.flip(3)), dim=1))
        out.append(p)
    model.train()
    return torch.cat(out)


def error(model, x, y, mirror=False):
    return (predict(model, x, mirror).argmax(1) != y).float().mean().item()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", choices=["convnet", "mlp"], default="convnet")
    ap.add_argument("--seconds", type=float, default=None, help="training time budget (default: none)")
    ap.add_argument("--epochs", type=int, default=100, help="maximum epochs (ldnn's default: 100)")
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--run", default=None, help="folder for the per-epoch checkpoint (default: none written)")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    images = read_idx(args.data, "train-images-idx3-ubyte")
    labels = read_idx(args.data, "train-labels-idx1-ubyte").long()
    test_x = read_idx(args.data, "t10k-images-idx3-ubyte")
    test_y = read_idx(args.data, "t10k-labels-idx1-ubyte").long()
    order = torch.randperm(len(images))
    val_idx, train_idx = order[:len(images) // 10], order[len(images) // 10:]
    train_x = images[train_idx].float().unsqueeze(1)
    train_y = labels[train_idx]
    mean, std = train_x.mean().item(), train_x.std().item()
    train_x.sub_(mean).div_(std)
    val_x = images[val_idx].float().unsqueeze(1).sub_(mean).div_(std)
    val_y = labels[val_idx]
    test_x = test_x.float().unsqueeze(1).sub_(mean).div_(std)
    del images, labels

    model = convnet() if args.model == "convnet" else mlp()
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, dampening=0.9)
    model.train()
    n = len(train_x)
    t_start = time.perf_counter()
    first_step = None
    steps, epochs, images_seen, loop_seconds = 0, 0, 0, 0.0
    best_err, best_state, stale = float("inf"), None, 0
    stop = False
    for epoch in range(args.epochs):
        perm = torch.randperm(n)
        t_loop = time.perf_counter()
        for i in range(0, n, args.batch):
            idx = perm[i:i + args.batch]
            xb, yb = train_x[idx], train_y[idx]
            flip = torch.rand(len(idx)) < 0.5
            xb = torch.where(flip.view(-1, 1, 1, 1), xb.flip(3), xb)
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            loss.item()
            steps += 1
            images_seen += len(idx)
            if first_step is None:
                first_step = process_age()
            if args.seconds is not None and time.perf_counter() - t_start > args.seconds:
                stop = True
                break
        loop_seconds += time.perf_counter() - t_loop
        epochs += 1
        err = error(model, val_x, val_y)
        if err < best_err:
            best_err, best_state, stale = err, copy.deepcopy(model.state_dict()), 0
        else:
            stale += 1
            if stale >= 2:
                for g in opt.param_groups:
                    g["lr"] /= 2
                stale = 0
        if args.run:
            os.makedirs(args.run, exist_ok=True)
            torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "epoch": epoch},
                       os.path.join(args.run, "checkpoint.pt.tmp"))
            os.replace(os.path.join(args.run, "checkpoint.pt.tmp"), os.path.join(args.run, "checkpoint.pt"))
        if stop or opt.param_groups[0]["lr"] < args.lr / 1000:
            break
    train_seconds = time.perf_counter() - t_start
    if best_state is not None:
        model.load_state_dict(best_state)
    acc = 1 - error(model, test_x, test_y)
    acc_mirror = 1 - error(model, test_x, test_y, mirror=True)
    print(json.dumps({"images_per_s": round(images_seen / loop_seconds, 1) if loop_seconds > 0 else None,
                      "first_step_seconds": round(first_step, 3) if first_step is not None else None,
                      "epochs": epochs, "steps": steps, "train_seconds": round(train_seconds, 2),
                      "best_val_error": round(best_err, 5), "test_accuracy": round(acc, 5),
                      "test_accuracy_mirror": round(acc_mirror, 5), "threads": args.threads}), flush=True)


if __name__ == "__main__":
    main()
