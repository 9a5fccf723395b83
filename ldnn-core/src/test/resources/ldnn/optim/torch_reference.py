#!/usr/bin/python3
"""Writes torch_reference.json: PyTorch's trajectories that TorchReferenceTest compares ldnn's optimizers to.

Each case runs 20 steps of a torch.optim optimizer in float32, from the same start, on the chained
Rosenbrock function of 4 variables with b = 10 (a gentle valley: the steps stay stable at the LRs
below, yet the gradients change direction and size along the way, so momentum and Adam's moments
matter). The gradient is computed in float64 from the float32 parameters and rounded to float32, by
the same expression as in TorchReferenceTest, so both sides see bit-identical gradients and any
difference comes from the optimizer's own float32 arithmetic.

PyTorch is needed only to regenerate the numbers, never to build or test ldnn. Run it with Debian's
python3-torch (apt-get install python3-torch):
    /usr/bin/python3 ldnn-core/src/test/resources/ldnn/optim/torch_reference.py
"""
import json
import os

import torch

B = 10.0
START = [-1.2, 1.0, -0.5, 0.8]
STEPS = 20


def gradient(x):
    """df/dx of f(x) = sum_i (1 - x_i)^2 + B (x_{i+1} - x_i^2)^2, in float64 (Python floats)."""
    n = len(x)
    g = [0.0] * n
    for i in range(n - 1):
        r = x[i + 1] - x[i] * x[i]
        g[i] += -2.0 * (1.0 - x[i]) - 4.0 * B * x[i] * r
        g[i + 1] += 2.0 * B * r
    return g


# name, optimizer, lr, momentum, dampening, weight decay
CASES = [
    ("sgd_plain", "sgd", 0.005, 0.0, 0.0, 0.0),
    ("sgd_averaged", "sgd", 0.005, 0.9, 0.9, 0.0),  # ldnn's default momentum
    ("sgd_pytorch", "sgd", 0.001, 0.9, 0.0, 0.0),
    ("nesterov", "nesterov", 0.001, 0.9, 0.0, 0.0),
    ("sgd_weight_decay", "sgd", 0.005, 0.9, 0.9, 0.5),
    ("adam", "adam", 0.05, 0.0, 0.0, 0.0),
    ("adam_l2", "adam", 0.05, 0.0, 0.0, 0.5),
    ("adamw", "adamw", 0.05, 0.0, 0.0, 0.5),
]


def make(p, kind, lr, momentum, dampening, weight_decay):
    if kind in ("sgd", "nesterov"):
        opt = torch.optim.SGD([p], lr=lr, momentum=momentum, dampening=dampening,
                              nesterov=kind == "nesterov", weight_decay=weight_decay)
        if momentum > 0 and dampening > 0:
            # PyTorch starts the momentum buffer at the first gradient, undampened; ldnn starts it at
            # zero, so its first dampened step is (1 - d)·g. A zero buffer makes PyTorch do the same.
            opt.state[p]["momentum_buffer"] = torch.zeros_like(p)
        return opt
    cls = torch.optim.AdamW if kind == "adamw" else torch.optim.Adam
    return cls([p], lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=weight_decay)


def trajectory(kind, lr, momentum, dampening, weight_decay):
    p = torch.tensor(START, dtype=torch.float32, requires_grad=True)
    opt = make(p, kind, lr, momentum, dampening, weight_decay)
    points = []
    for _ in range(STEPS):
        opt.zero_grad()
        p.grad = torch.tensor(gradient(p.detach().tolist()), dtype=torch.float32)
        opt.step()
        points.append(p.detach().tolist())  # float32 values, exact as float64
    return points


def main():
    torch.set_num_threads(1)
    cases = []
    for name, kind, lr, momentum, dampening, wd in CASES:
        cases.append({"name": name, "optimizer": kind, "lr": lr, "momentum": momentum, "dampening": dampening,
                      "weight_decay": wd, "trajectory": trajectory(kind, lr, momentum, dampening, wd)})
    out = {"generator": "torch_reference.py", "torch": torch.__version__, "rosenbrock_b": B,
           "start": [float(torch.tensor(v, dtype=torch.float32)) for v in START], "cases": cases}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_reference.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
