"""Independent reference values for org.multipose.eval.MetricsTest (numpy / scipy).

Run: python3 src/test/python/metrics_reference.py
It prints the literals used in MetricsTest: MAE, RMSE, Pearson r, Spearman rho and Kendall tau-b
(scipy.stats.kendalltau's default variant is tau-b) for three fixtures (A: ties in the predictions,
B: ties in both and joint ties, C: negative correlation without ties), scipy.stats.rankdata average ranks,
numpy.percentile (default "linear" method) quantiles, and the population values of Spearman and Kendall for
a bivariate normal used by the coverage test.
"""
import numpy as np
from scipy import stats

FIXTURES = {
    "A": ([5.1, 6.3, 4.8, 7.2, 6.3, 5.9, 8.0, 4.8], [5.0, 6.0, 5.5, 7.5, 6.1, 5.2, 7.9, 4.0]),
    "B": ([1, 2, 2, 3, 3, 3, 4, 5], [1, 1, 2, 2, 3, 3, 3, 2]),
    "C": ([0.3, -1.2, 2.5, 0.9, -0.4, 1.7], [2.0, 3.1, -0.5, 1.1, 2.2, 0.4]),
}

for name, (p, m) in FIXTURES.items():
    p = np.array(p, dtype=float)
    m = np.array(m, dtype=float)
    print(name, "mae", repr(float(np.mean(np.abs(p - m)))))
    print(name, "rmse", repr(float(np.sqrt(np.mean((p - m) ** 2)))))
    print(name, "pearson", repr(float(stats.pearsonr(p, m).statistic)))
    print(name, "spearman", repr(float(stats.spearmanr(p, m).statistic)))
    print(name, "kendall_tau_b", repr(float(stats.kendalltau(p, m).statistic)))

print("ranks", [float(r) for r in stats.rankdata([3, 1, 4, 1, 5, 9, 2, 6, 5], method="average")])

v = np.array([0.3, -1.2, 2.5, 0.9, -0.4, 1.7, 3.3, 0.0, 1.1])
for q in (2.5, 97.5, 50, 10):
    print("percentile", q, repr(float(np.percentile(v, q))))

rho = 0.6
print("bivariate normal rho", rho, "spearman", repr(float(6 / np.pi * np.arcsin(rho / 2))),
      "kendall", repr(float(2 / np.pi * np.arcsin(rho))),
      "mae(x-y)", repr(float(np.sqrt(2 * (1 - rho)) * np.sqrt(2 / np.pi))), "rmse(x-y)", repr(float(np.sqrt(2 * (1 - rho)))))
