#!/usr/bin/env python3
"""Independent values of the per-compound losses (MATH.md section 4) for the literals in LossTest.

Free energies y in kT; pK readout p = -y / ln 10. Each line prints the loss value and its derivatives with respect
to the combined free energy (dL/dy_hat) or the per-pose free energies (dL/dy_i), written out from the formulas,
not from the Java code.
"""
import math

import numpy as np

LN10 = math.log(10)


def pk(y):
    return -np.asarray(y, dtype=np.float64) / LN10


def main():
    # Gaussian NLL: y_hat = -6 ln 10 (p = 6), label 6.5, sigma 0.5.
    p, v, s = 6.0, 6.5, 0.5
    print("gaussian", 0.5 * ((p - v) ** 2 / s**2 + math.log(s**2) + math.log(2 * math.pi)),
          (p - v) / s**2 * (-1 / LN10))
    print("sigma ci95 [1e-7, 1e-6] M", (-math.log10(1e-7) - -math.log10(1e-6)) / 3.92)
    print("sigma from error 1e-7 on 1e-6", 1e-7 / (1e-6 * LN10))

    # Pose cross-entropy, T = 1 and T = 2: y = [-10, -9, -12], RMSD [1.5, 0.8, 3.0].
    y = np.array([-10.0, -9.0, -12.0])
    rmsd = np.array([1.5, 0.8, 3.0])
    for T in (1.0, 2.0):
        z = -y / T
        logp = z - np.log(np.sum(np.exp(z)))
        prob = np.exp(logp)
        q1 = np.array([0.0, 1.0, 0.0])
        qi = (1 / rmsd) / np.sum(1 / rmsd)
        for name, q in (("one-hot", q1), ("inverse", qi)):
            print(f"pose CE T={T} {name}", -np.sum(q * logp), repr((-(prob - q) / T).tolist()))

    # Hinge, threshold 2: y = [-14, -16, -12], RMSD [1.0, 2.5, 3.0], label pK 6.
    y = np.array([-14.0, -16.0, -12.0])
    rmsd = np.array([1.0, 2.5, 3.0])
    pi = pk(y)
    bad = rmsd > 2.0
    tighter = pi > 6.0
    terms = np.where(bad & tighter, (pi - 6.0) ** 2, 0.0)
    grads = np.where(bad & tighter, 2 * (pi - 6.0) * (-1 / LN10) / bad.sum(), 0.0)
    print("hinge", terms.sum() / bad.sum(), repr(grads.tolist()))

    # gnina's pose classification, threshold 2 Å: pose logits (l0, l1) = (0.4, 0.4 + d) with d = [2.0, -1.5, 0.3],
    # RMSD [1.5, 0.8, 3.0] (classes good, good, bad): the mean two-class cross-entropy of softmax(l), and its
    # derivative with respect to each d_i by complex steps.
    def pose_class(d):
        l0 = np.full(3, 0.4, dtype=np.complex128)
        l1 = l0 + d
        good = np.array([1, 1, 0])
        m = np.maximum(l0.real, l1.real)
        lse = m + np.log(np.exp(l0 - m) + np.exp(l1 - m))
        return np.mean(lse - np.where(good == 1, l1, l0))
    d = np.array([2.0, -1.5, 0.3])
    grads = []
    for i in range(3):
        z = d.astype(np.complex128)
        z[i] += 1e-30j
        grads.append(pose_class(z).imag / 1e-30)
    print("pose class", pose_class(d.astype(np.complex128)).real, repr(grads))


if __name__ == "__main__":
    main()
