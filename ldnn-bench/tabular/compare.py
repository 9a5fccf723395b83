#!/usr/bin/python3
"""ldnn's default on small public tabular data sets against standardized logistic regression and an
RBF-kernel SVM (issue 14), on the same fixed split.

Each set is split 75/25 (stratified, random_state=0, or 0..N-1 with --splits N, averaged) into train.csv and test.csv; the baselines fit on the
training part (StandardScaler + LogisticRegression / SVC(rbf), scikit-learn's defaults); ldnn trains on the
training part with `ldnn train train.csv --test test.csv` and whatever options are given after `--`.

    /usr/bin/python3 ldnn-bench/tabular/compare.py [--sets wine,breast_cancer,digits,iris] [-- LDNN OPTIONS]

In the ldnn options, {classes} becomes the set's number of classes (for a --model spec's last layer).

Needs Debian's python3-sklearn (for the data sets and the baselines; not a dependency of ldnn).
"""
import argparse, csv, json, os, re, subprocess, sys, tempfile, time
from sklearn import datasets
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LOADERS = {"wine": datasets.load_wine, "breast_cancer": datasets.load_breast_cancer, "digits": datasets.load_digits,
           "iris": datasets.load_iris}


def write(path, x, y, names):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([f"f{i}" for i in range(x.shape[1])] + ["label"])
        for row, label in zip(x, y):
            w.writerow([repr(float(v)) for v in row] + [names[label]])


def main():
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[:argv.index("--")] if "--" in argv else argv
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default="wine,breast_cancer,digits,iris")
    ap.add_argument("--splits", type=int, default=1, help="average over this many splits (random_state 0..N-1)")
    a = ap.parse_args(argv)
    rows = []
    for name in a.sets.split(","):
        split_rows = [one(name, seed, extra) for seed in range(a.splits)]
        row = dict(split_rows[0])
        for k in ("logreg", "svm_rbf", "ldnn", "ldnn_seconds"):
            row[k] = sum(r[k] for r in split_rows) / len(split_rows)
        row["splits"] = a.splits
        rows.append(row)
        print(json.dumps(row), flush=True)
    print(f"{'set':15s} {'rows':>5s} {'cols':>4s} {'logreg':>7s} {'svm':>7s} {'ldnn':>7s}  ({a.splits} split(s)) ldnn options:"
          f" {' '.join(extra) or '(defaults)'}")
    for r in rows:
        print(f"{r['set']:15s} {r['rows']:5d} {r['columns']:4d} {100*r['logreg']:6.2f}% {100*r['svm_rbf']:6.2f}% "
              f"{100*r['ldnn']:6.2f}%")


def one(name, seed, extra):
    """One 75/25 split (random_state=seed): the baselines' and ldnn's test accuracy."""
    d = LOADERS[name]()
    names = [f"c{k}" for k in range(len(d.target_names))]
    xtr, xte, ytr, yte = train_test_split(d.data, d.target, test_size=0.25, stratify=d.target, random_state=seed)
    row = {"set": name, "rows": len(d.target), "columns": d.data.shape[1], "classes": len(names)}
    for label, model in (("logreg", LogisticRegression(max_iter=5000)), ("svm_rbf", SVC())):
        row[label] = make_pipeline(StandardScaler(), model).fit(xtr, ytr).score(xte, yte)
    with tempfile.TemporaryDirectory() as tmp:
        write(f"{tmp}/train.csv", xtr, ytr, names)
        write(f"{tmp}/test.csv", xte, yte, names)
        t0 = time.time()
        r = subprocess.run([f"{ROOT}/ldnn", "train", f"{tmp}/train.csv", "--test", f"{tmp}/test.csv", "--run",
                            f"{tmp}/run", "-q"] + [x.replace("{classes}", str(len(names))) for x in extra],
                           capture_output=True, text=True)
        m = re.search(r"test accuracy: ([\d.]+)%", r.stdout)
        if not m:
            sys.exit(f"ldnn failed on {name}:\n{r.stdout}\n{r.stderr}")
        row["ldnn"] = float(m.group(1)) / 100
        row["ldnn_seconds"] = round(time.time() - t0, 1)
    return row


if __name__ == "__main__":
    main()
