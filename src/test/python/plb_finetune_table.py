#!/usr/bin/env python3
"""Per-target Spearman of several predictors on plb-vina with paired bootstrap intervals (docs/guide/training.md,
"Fine-tuning gnina's pretrained models", the real-data table).

Not a test-literal script: it produces a table of docs/guide/training.md from run directories. Each --row is LABEL=RUN, where RUN may
hold {target} (a leave-one-target-out run per target, scored on its held-out target) or not (one run scored on every
target, e.g. zero-shot). For each target it keeps the compounds of that target with an exact label (qualifier '=' or
empty), in every run, and computes Spearman rho of predicted_pk against label_pk; the baselines come from the first
row's predictions.csv: minus the top-ranked pose's docking score (Vina; lower = tighter) and the heavy-atom count.

Intervals: percentile bootstrap, 2000 resamples of the target's compounds, the same resampled compounds for every
predictor (paired), numpy default_rng(0); a resample in which any predictor or the label is constant is skipped
(Spearman undefined). The mean over targets uses a stratified bootstrap (each target resampled on its own, the
per-target values averaged). --diff A,B prints A - B per target and for the mean with the paired interval; an
interval that excludes 0 is marked *.

    python3 src/test/python/plb_finetune_table.py --row 'zero-shot=runs/zs' --row 'tuned=runs/ft-{target}' \\
        --diff tuned,zero-shot --diff tuned,Vina
"""
import argparse
import csv

import numpy as np
from scipy.stats import spearmanr

TARGETS = ["tyk2", "p38", "mcl1", "ptp1b", "cdk2"]
RESAMPLES = 2000


def read(run, target):
    rows = {}
    with open(f"{run}/predictions.csv") as f:
        for r in csv.DictReader(f):
            if r["target"] == target and r["label_pk"] and r["qualifier"] in ("", "="):
                rows[r["compound_id"]] = r
    return rows


def rho(a, b):
    return float(spearmanr(a, b).statistic)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--row", action="append", required=True, help="LABEL=RUN ({target} allowed)")
    ap.add_argument("--diff", action="append", default=[], help="A,B: paired difference A - B")
    args = ap.parse_args()
    rows = [r.split("=", 1) for r in args.row]
    labels = [label for label, _ in rows] + ["Vina", "heavy atoms"]
    rng = np.random.default_rng(0)
    point = {}  # target -> label -> rho
    boots = {}  # target -> label -> array of resampled rho (NaN when skipped)
    sizes = {}
    for t in TARGETS:
        tables = [read(run.replace("{target}", t), t) for _, run in rows]
        ids = sorted(set.intersection(*(set(tab) for tab in tables)))
        first = tables[0]
        y = np.array([float(first[i]["label_pk"]) for i in ids])
        preds = [np.array([float(tab[i]["predicted_pk"]) for i in ids]) for tab in tables]
        preds.append(np.array([-float(first[i]["dock_score"]) for i in ids]))
        preds.append(np.array([float(first[i]["heavy_atoms"]) for i in ids]))
        n = len(ids)
        sizes[t] = n
        point[t] = {lab: rho(p, y) for lab, p in zip(labels, preds)}
        b = np.full((RESAMPLES, len(labels)), np.nan)
        for k in range(RESAMPLES):
            i = rng.integers(0, n, n)
            if np.ptp(y[i]) == 0 or any(np.ptp(p[i]) == 0 for p in preds):
                continue
            b[k] = [rho(p[i], y[i]) for p in preds]
        boots[t] = {lab: b[:, j] for j, lab in enumerate(labels)}

    def ci(values):
        v = values[~np.isnan(values)]
        lo, hi = np.percentile(v, [2.5, 97.5])
        return lo, hi

    def mean_boot(f):
        # stratified: resample k of every target together (their draws are independent), average over targets
        m = np.mean([f(t) for t in TARGETS], axis=0)
        return m

    print("| predictor | " + " | ".join(f"{t} (n={sizes[t]})" for t in TARGETS) + " | mean of 5 |")
    print("|---|" + "---|" * (len(TARGETS) + 1))
    for lab in labels:
        cells = []
        for t in TARGETS:
            lo, hi = ci(boots[t][lab])
            cells.append(f"{point[t][lab]:.2f} [{lo:.2f}, {hi:.2f}]")
        m = np.mean([point[t][lab] for t in TARGETS])
        lo, hi = ci(mean_boot(lambda t: boots[t][lab]))
        cells.append(f"{m:.2f} [{lo:.2f}, {hi:.2f}]")
        print(f"| {lab} | " + " | ".join(cells) + " |")
    if args.diff:
        print()
        print("| difference | " + " | ".join(TARGETS) + " | mean of 5 |")
        print("|---|" + "---|" * (len(TARGETS) + 1))
        for d in args.diff:
            a, b = d.split(",")
            cells = []
            for t in TARGETS:
                diff = boots[t][a] - boots[t][b]
                lo, hi = ci(diff)
                star = "*" if lo > 0 or hi < 0 else ""
                cells.append(f"{point[t][a] - point[t][b]:+.2f} [{lo:+.2f}, {hi:+.2f}]{star}")
            m = np.mean([point[t][a] - point[t][b] for t in TARGETS])
            lo, hi = ci(mean_boot(lambda t: boots[t][a] - boots[t][b]))
            star = "*" if lo > 0 or hi < 0 else ""
            cells.append(f"{m:+.2f} [{lo:+.2f}, {hi:+.2f}]{star}")
            print(f"| {a} − {b} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
