"""Independent reference values for org.multipose.eval.EvaluationReportTest and PairedBootstrapTest (numpy/scipy).

Run: python3 src/test/python/report_reference.py
Prints:
  - for the hand-made predictions table of EvaluationReportTest (same values as ReportFixture.java): the model's
    MAE, RMSE, Pearson, Spearman, Kendall tau-b on the test split's exact labels (all targets, target A, target B);
    the train-mean baseline (mean of the train split's exact labels) MAE and RMSE; the heavy-atom baseline's
    correlations; the docking baseline's correlations with -dock_score on the compounds that have a score, and
    the model's Spearman on that subset and the difference;
  - for PairedBootstrapTest's hand case: metric(a) - metric(b) on three given resamples and numpy.percentile's
    2.5 / 97.5 percentiles of those three differences;
  - the population values used by PairedBootstrapTest's coverage test.
"""
import numpy as np
from scipy import stats


def metrics(p, y):
    p = np.asarray(p, float)
    y = np.asarray(y, float)
    return {
        "mae": float(np.mean(np.abs(p - y))),
        "rmse": float(np.sqrt(np.mean((p - y) ** 2))),
        "pearson": float(stats.pearsonr(p, y).statistic),
        "spearman": float(stats.spearmanr(p, y).statistic),
        "kendall": float(stats.kendalltau(p, y).statistic),
    }


# (target, id, split, qualifier, label, predicted, heavy atoms, dock score or None); label None = unlabelled
TABLE = [
    ("A", "t1", "train", "=", 5.0, 5.5, 20, -7.0),
    ("A", "t2", "train", "=", 6.0, 6.2, 24, -8.0),
    ("B", "t3", "train", "=", 7.0, 6.6, 28, -8.5),
    ("B", "t4", "train", "=", 8.0, 7.4, 30, -9.0),
    ("B", "t5", "train", ">", 9.0, 8.0, 34, -9.5),
    ("A", "a1", "test", "=", 5.2, 5.6, 18, -7.1),
    ("A", "a2", "test", "=", 6.1, 5.9, 25, -8.4),
    ("A", "a3", "test", "=", 6.8, 7.1, 22, -7.9),
    ("A", "a4", "test", "=", 7.5, 7.0, 31, -9.3),
    ("A", "a5", "test", "=", 8.3, 7.9, 27, -8.0),
    ("A", "a6", "test", "<", 4.9, 5.5, 16, -6.5),
    ("A", "a7", "test", "", None, 6.0, 21, -7.5),
    ("B", "b1", "test", "=", 5.5, 6.3, 22, -8.8),
    ("B", "b2", "test", "=", 6.4, 6.0, 22, -7.2),
    ("B", "b3", "test", "=", 7.2, 7.3, 35, None),
    ("B", "b4", "test", "=", 7.9, 7.0, 29, -9.6),
    ("B", "b5", "test", "=", 8.8, 8.1, 33, -9.1),
    ("B", "b6", "test", ">", 6.0, 6.8, 26, -8.1),
    ("C", "n1", "none", "=", 6.6, 6.9, 23, -8.2),
]

train_mean = np.mean([r[4] for r in TABLE if r[2] == "train" and r[3] == "="])
print("train_mean", repr(float(train_mean)))


def exact(split, target=None):
    return [r for r in TABLE if r[2] == split and r[3] == "=" and (target is None or r[0] == target)]


for target in (None, "A", "B"):
    rows = exact("test", target)
    name = target or "all"
    y = [r[4] for r in rows]
    print(name, "n", len(rows))
    print(name, "model", metrics([r[5] for r in rows], y))
    if target is None:
        e = np.asarray(y) - train_mean
        print(name, "train_mean mae", repr(float(np.mean(np.abs(e)))), "rmse", repr(float(np.sqrt(np.mean(e ** 2)))))
        print(name, "heavy_atoms", metrics([r[6] for r in rows], y))
    docked = [r for r in rows if r[7] is not None]
    yd = [r[4] for r in docked]
    dm = metrics([-r[7] for r in docked], yd)
    mm = metrics([r[5] for r in docked], yd)
    print(name, "dock n", len(docked), "dock(-score)", dm)
    print(name, "model on docked spearman", repr(mm["spearman"]), "difference", repr(mm["spearman"] - dm["spearman"]))

# PairedBootstrapTest hand case: three known resamples
y = np.array([5.0, 6.2, 7.1, 5.8, 8.0])
a = np.array([5.4, 6.0, 6.9, 6.1, 7.5])
b = np.array([6.0, 5.5, 7.3, 6.8, 7.0])
resamples = [[0, 1, 2, 3, 4], [0, 0, 2, 4, 4], [1, 3, 3, 2, 0]]
for key in ("spearman", "rmse", "kendall"):
    d = []
    for idx in resamples:
        d.append(metrics(a[idx], y[idx])[key] - metrics(b[idx], y[idx])[key])
    print("hand", key, "differences", [repr(float(x)) for x in d], "interval",
          repr(float(np.percentile(d, 2.5))), repr(float(np.percentile(d, 97.5))))
    print("hand", key, "point", repr(metrics(a, y)[key] - metrics(b, y)[key]))

# Coverage: y ~ N(0,1); a = ra*y + sqrt(1-ra^2)*e1, b = rb*y + sqrt(1-rb^2)*e2 (e1, e2 independent N(0,1)).
ra, rb = 0.8, 0.5
sp = lambda r: 6 / np.pi * np.arcsin(r / 2)
print("coverage truth pearson", repr(ra - rb), "spearman", repr(float(sp(ra) - sp(rb))),
      "rmse", repr(float(np.sqrt(2 - 2 * ra) - np.sqrt(2 - 2 * rb))))
