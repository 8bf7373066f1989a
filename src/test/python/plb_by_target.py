#!/usr/bin/env python3
"""Per-target Spearman of a leave-one-target-out training on plb-vina against the top Vina score.

Not a test-literal script: it produces the table of docs/guide/training.md, "Real data: plb-vina". Give it the run directories of
the five runs (each held out one target as its test split); for each it reads predictions.csv, keeps the test rows
with an exact label, and prints Spearman rho of predicted_pk vs label_pk and of -dock_score (the top-ranked pose's
Vina score, lower = tighter) vs label_pk, each with a paired percentile bootstrap 95 % interval (2000 resamples,
numpy default_rng(0)), and the difference model - Vina with its paired interval.

    python3 src/test/python/plb_by_target.py runs/plb-tyk2 runs/plb-p38 ...
"""
import csv
import sys

import numpy as np
from scipy.stats import spearmanr


def spearman(a, b):
    r = spearmanr(a, b).statistic
    return float(r)


def main(runs):
    rng = np.random.default_rng(0)
    print("| target | n | model Spearman [95 % CI] | top Vina Spearman [95 % CI] | model − Vina [95 % CI] |")
    print("|---|---|---|---|---|")
    for run in runs:
        rows = list(csv.DictReader(open(f"{run}/predictions.csv")))
        test = [r for r in rows if r["split"] == "test" and r["label_pk"] and r["qualifier"] in ("", "=")]
        target = test[0]["target"]
        y = np.array([float(r["label_pk"]) for r in test])
        p = np.array([float(r["predicted_pk"]) for r in test])
        v = np.array([-float(r["dock_score"]) for r in test])
        n = len(y)
        boot = []
        for _ in range(2000):
            i = rng.integers(0, n, n)
            if np.ptp(y[i]) == 0 or np.ptp(p[i]) == 0 or np.ptp(v[i]) == 0:
                continue
            a, b = spearman(p[i], y[i]), spearman(v[i], y[i])
            boot.append((a, b, a - b))
        boot = np.array(boot)
        lo, hi = np.percentile(boot, [2.5, 97.5], axis=0)
        m, d = spearman(p, y), spearman(v, y)
        print(f"| {target} | {n} | {m:.2f} [{lo[0]:.2f}, {hi[0]:.2f}] | {d:.2f} [{lo[1]:.2f}, {hi[1]:.2f}] |"
              f" {m - d:+.2f} [{lo[2]:+.2f}, {hi[2]:+.2f}] |")


if __name__ == "__main__":
    main(sys.argv[1:])
