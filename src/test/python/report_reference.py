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

# --- Issue 10: several targets are scored per target and averaged (EvaluationReportTest.perTarget...) ---
# The headline of the test split (targets A and B, each with 5 exact labels) is the mean of per-target values.
per = {}
for target in ("A", "B"):
    rows = exact("test", target)
    y = [r[4] for r in rows]
    per[target] = {
        "model": metrics([r[5] for r in rows], y),
        "heavy": metrics([r[6] for r in rows], y),
        "mean_rmse": float(np.sqrt(np.mean((np.asarray(y) - train_mean) ** 2))),
        "pred_sd": float(np.std([r[5] for r in rows], ddof=1)),
        "label_sd": float(np.std(y, ddof=1)),
    }
    docked = [r for r in rows if r[7] is not None]
    yd = [r[4] for r in docked]
    per[target]["dock"] = metrics([-r[7] for r in docked], yd)
    per[target]["model_docked"] = metrics([r[5] for r in docked], yd)
for key in ("mae", "rmse", "pearson", "spearman", "kendall"):
    print("mean over targets model", key, repr((per["A"]["model"][key] + per["B"]["model"][key]) / 2))
print("mean over targets heavy spearman", repr((per["A"]["heavy"]["spearman"] + per["B"]["heavy"]["spearman"]) / 2))
print("mean over targets train_mean rmse", repr((per["A"]["mean_rmse"] + per["B"]["mean_rmse"]) / 2))
print("mean over targets dock spearman", repr((per["A"]["dock"]["spearman"] + per["B"]["dock"]["spearman"]) / 2))
print("mean over targets Δspearman vs dock", repr(((per["A"]["model_docked"]["spearman"] - per["A"]["dock"]["spearman"])
      + (per["B"]["model_docked"]["spearman"] - per["B"]["dock"]["spearman"])) / 2))
print("mean over targets ΔRMSE vs train mean", repr(((per["A"]["model"]["rmse"] - per["A"]["mean_rmse"])
      + (per["B"]["model"]["rmse"] - per["B"]["mean_rmse"])) / 2))
for target in ("A", "B"):
    print("spread", target, "prediction sd", repr(per[target]["pred_sd"]), "label sd", repr(per[target]["label_sd"]))

# --- Issue 10: the top-pose baseline (EvaluationReportTest.topPose...) ---
# One target, 6 test compounds: label, the model's combined prediction, and per pose (index, predicted pK).
TOP = [
    (5.0, 5.6, [(1, 6.4), (2, 5.1)]),
    (6.0, 5.9, [(1, 5.2), (2, 6.3)]),
    (6.5, 6.8, [(1, 7.0), (2, 6.2)]),
    (7.0, 6.9, [(1, 6.1), (2, 7.4)]),
    (8.0, 7.7, [(2, 7.9), (3, 6.6)]),  # pose 1 was left out by a selection: the top pose is pose 2
    (8.5, 8.1, [(1, 8.8), (2, 7.5)]),
]
ty = [r[0] for r in TOP]
tm = [r[1] for r in TOP]
tt = [min(r[2])[1] for r in TOP]
print("top pose", metrics(tt, ty))
print("top pose model", metrics(tm, ty))
for key in ("mae", "rmse", "spearman"):
    print("top pose Δ", key, repr(metrics(tm, ty)[key] - metrics(tt, ty)[key]))

# --- Issue 10: coverage of the stratified bootstrap of a mean over targets (StratifiedBootstrapTest) ---
# Three targets, (x, y) bivariate normal with correlation 0.3, 0.6 and 0.8 (offsets and scales differ by target):
# the truth is the mean of the per-target population values.
rhos = [0.3, 0.6, 0.8]
print("stratified truth pearson", repr(float(np.mean(rhos))), "spearman",
      repr(float(np.mean([6 / np.pi * np.arcsin(r / 2) for r in rhos]))))
