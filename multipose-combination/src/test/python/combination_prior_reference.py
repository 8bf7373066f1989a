#!/usr/bin/env python3
"""Independent reference values for CombinationPriorTest (src/test/java/org/multipose/combination/).

The combinations with a per-pose prior pi_i = sigmoid(d_i) written directly from their definitions in numpy/scipy
(README, "A pose prior from the pose head"): the weights multiply exp(logit) by pi_i. The derivatives
c_i = dyhat/dy_i and e_i = dyhat/dd_i come from complex-step differentiation of those definitions (exact to
rounding), not from the closed forms the Java code uses. Run: python3 src/test/python/combination_prior_reference.py
"""
import numpy as np

Y = [-3.2, -1.1, -4.7, 0.5, -4.6]
D = [2.0, -0.7, 0.3, 4.1, -2.5]


def sigmoid(d):
    return 1.0 / (1.0 + np.exp(-d))


def mean_prior(y, d):
    p = sigmoid(d)
    p = p / p.sum()
    return np.dot(p, y), p


def lse_prior(y, d, negate, t):
    s = -1.0 if negate else 1.0
    a = s * t * y + np.log(sigmoid(d))
    m = np.max(a.real)
    e = np.exp(a - m)
    return s * (m + np.log(e.sum())) / t, e / e.sum()


def boltzmann_prior(y, d, kt):
    a = -y / kt + np.log(sigmoid(d))
    e = np.exp(a - np.max(a.real))
    w = e / e.sum()
    return np.dot(w, y), w


def derivatives(f, y, d, h=1e-30):
    n = len(y)
    c = np.empty(n)
    e = np.empty(n)
    for i in range(n):
        z = np.asarray(y, dtype=np.complex128).copy()
        z[i] += 1j * h
        c[i] = f(z, np.asarray(d, dtype=np.complex128))[0].imag / h
        z = np.asarray(d, dtype=np.complex128).copy()
        z[i] += 1j * h
        e[i] = f(np.asarray(y, dtype=np.complex128), z)[0].imag / h
    return c, e


def arr(name, xs):
    vals = [repr(float(x)) for x in xs]
    print(f"    static final double[] {name} = {{")
    for i in range(0, len(vals), 3):
        print("        " + ", ".join(vals[i:i + 3]) + ("," if i + 3 < len(vals) else ""))
    print("    };")


def case(label, f):
    y = np.array(Y)
    d = np.array(D)
    yhat, w = f(y, d)
    c, e = derivatives(f, Y, D)
    print(f"    // {label}")
    print(f"    static final double {label}_COMBINED = {float(yhat.real)!r};")
    arr(f"{label}_WEIGHTS", np.real(w))
    arr(f"{label}_COEFFICIENTS", c)
    arr(f"{label}_PRIOR_COEFFICIENTS", e)


case("MEAN", mean_prior)
case("LSE_MIN_T1", lambda y, d: lse_prior(y, d, True, 1.0))
case("LSE_MAX_T2", lambda y, d: lse_prior(y, d, False, 2.0))
case("BOLTZMANN_KT06", lambda y, d: boltzmann_prior(y, d, 0.6))
