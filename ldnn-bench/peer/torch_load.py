#!/usr/bin/python3
"""Loads an ldnn model file into the matching PyTorch modules with load_state_dict(strict=True) and
evaluates it on the Fashion-MNIST test set, image alone and averaged with the mirror image, so the
numbers can be set beside ldnn's own test line. Needs only torch and numpy (Debian: python3-torch).

    /usr/bin/python3 ldnn-bench/peer/torch_load.py RUN/model.ldnn [--data /usr/share/datasets/fashion-mnist]

The layers come from `ldnn info` (every implicit ReLU, flatten and bias=false written out), so each token
is one module and the names line up with nn.Sequential's: conv -> Conv2d, dense -> Linear, pool -> MaxPool2d,
avgpool -> AvgPool2d, bn -> BatchNorm1d/2d, ln -> LayerNorm, gap -> AdaptiveAvgPool2d(1), flatten,
relu/tanh/sigmoid, dropout, res(...) -> Residual(body, proj) below.
"""
import argparse, gzip, json, os, re, struct, subprocess, sys
import numpy as np
import torch
from torch import nn


class Residual(nn.Module):
    """ldnn's res(...): body(x) + x, or body(x) + proj(x) when the body changes the shape."""
    def __init__(self, body, proj=None):
        super().__init__()
        self.body = body
        self.proj = proj

    def forward(self, x):
        return self.body(x) + (x if self.proj is None else self.proj(x))


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, h in header.items():
        a, b = h["data_offsets"]
        dtype = {"F32": np.float32, "I64": np.int64, "I32": np.int32, "F64": np.float64}[h["dtype"]]
        tensors[name] = torch.from_numpy(np.frombuffer(data[a:b], dtype=dtype).reshape(h["shape"]).copy())
    return meta, tensors


def tokens(spec):
    """Top-level tokens: (name, args string or None); res(...) keeps its inner spec as args."""
    out, i = [], 0
    while i < len(spec):
        if spec[i].isspace():
            i += 1
            continue
        m = re.match(r"[a-z_0-9]+", spec[i:])
        name = m.group(0)
        i += len(name)
        args = None
        if i < len(spec) and spec[i] == "(":
            depth, j = 0, i
            while True:
                depth += {"(": 1, ")": -1}.get(spec[j], 0)
                if depth == 0:
                    break
                j += 1
            args, i = spec[i + 1:j], j + 1
        out.append((name, args))
    return out


def parse_args(args):
    pos, opt = [], {}
    for a in (args or "").split(","):
        a = a.strip()
        if not a:
            continue
        if "=" in a:
            k, v = a.split("=", 1)
            opt[k.strip()] = v.strip()
        else:
            pos.append(float(a))
    return pos, opt


def build(spec, shape):
    """nn.Sequential for the spec on examples of this shape (without the batch axis)."""
    layers = []
    x = torch.zeros(2, *shape)
    for name, args in tokens(spec):
        pos, opt = parse_args(args) if name != "res" else ([], {})
        if name in ("dense", "linear"):
            m = nn.Linear(x.shape[-1], int(pos[0]), bias=opt.get("bias", "true") == "true")
        elif name == "conv":
            k = int(pos[1])
            m = nn.Conv2d(x.shape[1], int(pos[0]), k, stride=int(opt.get("stride", 1)), padding=int(opt.get("pad", k // 2)),
                          bias=opt.get("bias", "true") == "true")
        elif name in ("pool", "maxpool", "avgpool"):
            k = int(pos[0])
            s = int(opt.get("stride", k))
            m = nn.AvgPool2d(k, s) if name == "avgpool" else nn.MaxPool2d(k, s)
        elif name in ("bn", "batchnorm"):
            m = nn.BatchNorm2d(x.shape[1]) if x.dim() == 4 else nn.BatchNorm1d(x.shape[1])
        elif name in ("ln", "layernorm"):
            m = nn.LayerNorm(list(x.shape[1:]) if x.dim() == 4 else x.shape[-1])
        elif name == "gap":
            m = nn.AdaptiveAvgPool2d(1)
        elif name == "flatten":
            m = nn.Flatten()
        elif name == "relu":
            m = nn.ReLU()
        elif name == "tanh":
            m = nn.Tanh()
        elif name == "sigmoid":
            m = nn.Sigmoid()
        elif name == "dropout":
            m = nn.Dropout(pos[0])
        elif name == "res":
            body = build(args, list(x.shape[1:]))
            with torch.no_grad():
                y = body.eval()(x)
            proj = None
            if y.shape != x.shape:
                if x.dim() == 4:
                    proj = nn.Conv2d(x.shape[1], y.shape[1], 1, stride=x.shape[2] // y.shape[2], padding=0)
                else:
                    proj = nn.Linear(x.shape[1], y.shape[1])
            m = Residual(body, proj)
        else:
            sys.exit(f"torch_load: layer '{name}' is not mapped here (text models: embed/lstm/rnn are not covered)")
        layers.append(m)
        with torch.no_grad():
            x = m.eval()(x)
    return nn.Sequential(*layers)


def idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data[4 + 4 * dims:], dtype=np.uint8).reshape(shape)


def find(folder, stem):
    for n in os.listdir(folder):
        if n.startswith(stem):
            return os.path.join(folder, n)
    sys.exit(f"torch_load: no {stem}* in {folder}")


def explicit_spec(model):
    """The spec with every implicit layer written out, as `ldnn info` lists the layers (the file keeps the
    spec as the user wrote it, where ReLUs, flattens and biases follow ldnn's rules)."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = subprocess.run([os.path.join(root, "ldnn"), "info", model], capture_output=True, text=True, check=True).stdout
    layers = []
    for line in out.splitlines():
        m = re.match(r"^\s+\d+\s+(.+?)\s+[\d,]+$", line)
        if m:
            layers.append(m.group(1))
    return " ".join(layers)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    a = ap.parse_args()
    meta, tensors = read_safetensors(a.model)
    if meta.get("ldnn.members", "1") != "1":
        sys.exit("torch_load: an ensemble file; load one member at a time")
    shape = json.loads(meta["ldnn.input_shape"])
    spec = explicit_spec(a.model)
    model = build(spec, shape)
    pre = {k: v for k, v in tensors.items() if not re.match(r"^\d", k)}
    weights = {k: v for k, v in tensors.items() if re.match(r"^\d", k)}
    for k, v in list(weights.items()):
        if k.endswith("num_batches_tracked"):
            weights[k] = v.reshape(()).long()
    missing = model.load_state_dict(weights, strict=True)
    print(f"loaded {len(weights)} tensors into {type(model).__name__} with strict=True: {missing}")
    model.eval()
    x = torch.from_numpy(idx(find(a.data, "t10k-images")).astype(np.float32)).reshape(-1, *shape)
    y = torch.from_numpy(idx(find(a.data, "t10k-labels")).astype(np.int64))
    kind = meta.get("ldnn.preprocess.kind")
    if kind == "image-standardize":
        mean = next(v for k, v in pre.items() if k.endswith("mean"))
        std = next(v for k, v in pre.items() if k.endswith("std"))
        x = (x - mean.reshape(1, *mean.shape[:1], *([1] * (x.dim() - 2)) if mean.dim() == 1 else mean)) / (
            std.reshape(1, *std.shape[:1], *([1] * (x.dim() - 2))) if std.dim() == 1 else std)
    elif kind is not None:
        sys.exit(f"torch_load: preprocessing '{kind}' is not mapped here")
    with torch.no_grad():
        p = torch.cat([model(x[i:i + 1000]).softmax(-1) for i in range(0, len(x), 1000)])
        pm = torch.cat([model(x[i:i + 1000].flip(-1)).softmax(-1) for i in range(0, len(x), 1000)])
    acc = (p.argmax(-1) == y).float().mean().item()
    accm = (((p + pm) / 2).argmax(-1) == y).float().mean().item()
    print(json.dumps({"test_accuracy_image_alone": round(acc, 5), "test_accuracy_mirror_averaged": round(accm, 5),
                      "test_images": len(y), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
