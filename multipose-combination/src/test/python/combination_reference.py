#!/usr/bin/env python3
"""Independent reference values for CombinationLiteralsTest and ReadoutTest
(src/test/java/org/multipose/combination/).

Uses numpy/scipy (scipy.special.logsumexp, softmax), not the Java code under test. The Boltzmann coefficients
c_i = dŷ/dy_i are computed here by complex-step differentiation of the Boltzmann average (exact to rounding),
not from the closed form the Java code uses. Run: python3 src/test/python/combination_reference.py
"""
import numpy as np
from scipy.special import logsumexp, softmax


def smooth_max(y, negate, t):
    s = -1.0 if negate else 1.0
    a = s * t * np.asarray(y, dtype=np.float64)
    return s * logsumexp(a) / t, softmax(a)


def boltzmann(y, kT):
    y = np.asarray(y, dtype=np.float64)
    w = softmax(-y / kT)
    return float(np.dot(w, y)), w


def boltzmann_complex(y, kT):
    # softmax written out for complex input (shifted by the real minimum, exact for complex steps)
    y = np.asarray(y, dtype=np.complex128)
    a = -y / kT
    a = a - np.max(a.real)
    e = np.exp(a)
    w = e / e.sum()
    return np.dot(w, y)


def boltzmann_coefficients(y, kT, h=1e-30):
    y = np.asarray(y, dtype=np.float64)
    c = np.empty_like(y)
    for i in range(len(y)):
        z = y.astype(np.complex128)
        z[i] += 1j * h
        c[i] = boltzmann_complex(z, kT).imag / h
    return c


def arr(name, xs):
    vals = [repr(float(x)) for x in xs]
    if len(vals) <= 2:
        print(f"    static final double[] {name} = {{{', '.join(vals)}}};")
        return
    print(f"    static final double[] {name} = {{")
    for i in range(0, len(vals), 4):
        print("        " + ", ".join(vals[i:i + 4]) + ("," if i + 4 < len(vals) else ""))
    print("    };")


def val(name, x):
    print(f"    static final double {name} = {float(x)!r};")


Y5 = [-3.2, -1.1, -4.7, 0.5, -4.6]
print("    // five poses, y =", Y5)
val("MEAN5", np.mean(Y5))
v, w = smooth_max(Y5, True, 1.0)
val("MIN5_T1", v); arr("MIN5_T1_W", w)
v, w = smooth_max(Y5, True, 1000.0)
val("MIN5_T1000", v); arr("MIN5_T1000_W", w)
v, w = smooth_max(Y5, False, 2.0)
val("MAX5_T2", v); arr("MAX5_T2_W", w)
for kT, tag in ((1.0, "KT1"), (0.6, "KT06")):
    v, w = boltzmann(Y5, kT)
    val(f"BOLTZ5_{tag}", v); arr(f"BOLTZ5_{tag}_W", w); arr(f"BOLTZ5_{tag}_C", boltzmann_coefficients(Y5, kT))

# 1000 poses, exact rationals so Java builds the same inputs: y_i = -5 + 10 * ((i * 7919) % 1000) / 1000
Y1000 = np.array([-5.0 + 10.0 * ((i * 7919) % 1000) / 1000.0 for i in range(1000)])
print("    // 1000 poses, y_i = -5 + 10 * ((i * 7919) % 1000) / 1000; weights/coefficients of poses 0, 1, 999")
idx = [0, 1, 999]
val("MEAN1000", np.mean(Y1000))
v, w = smooth_max(Y1000, True, 1.0)
val("MIN1000_T1", v); arr("MIN1000_T1_W", w[idx])
v, w = smooth_max(Y1000, True, 1000.0)
val("MIN1000_T1000", v); arr("MIN1000_T1000_W", w[idx])
v, w = boltzmann(Y1000, 1.0)
val("BOLTZ1000", v); arr("BOLTZ1000_W", w[idx]); arr("BOLTZ1000_C", boltzmann_coefficients(Y1000, 1.0)[idx])

print("    // readouts")
LN10 = np.log(10.0)
val("PK_OF_M9_5", 9.5 / LN10)
val("PIC50_CP_OF_M9_5", 9.5 / LN10 - np.log10(1.0 + 10.0 / 5.0))   # [S] = 10, Km = 5
val("KCAL_OF_M9_5_298", 1.987204e-3 * 298.15 * -9.5)
val("KCAL_OF_M9_5_310", 1.987204e-3 * 310.0 * -9.5)
