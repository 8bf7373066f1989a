"""Independent reference values for AffinityTableTest / AffinityConversionTest (literals copied into the tests).

Run: python3 src/test/python/affinity_literals.py
Constants: R = 8.314462618e-3 kJ/(mol K) (CODATA 2018), 1 kcal = 4.184 kJ, T = 298.15 K unless stated.
"""
import math
import numpy as np

R_KJ = 8.314462618e-3
R_KCAL = R_KJ / 4.184
T = 298.15
LN10 = math.log(10.0)

def show(name, v):
    print(f"{name:55s} {v!r}")

# unit conversions
show("Ki 10 nM -> pK", -math.log10(10e-9))
show("IC50 250 uM -> pK", -math.log10(250e-6))
show("Kd 3 pM -> pK", -math.log10(3e-12))
show("IC50 2 mM -> pK", -math.log10(2e-3))
show("Ki 0.5 M -> pK", -math.log10(0.5))
show("dG -10 kcal/mol -> pK (298.15 K)", 10.0 / (R_KCAL * T * LN10))
show("dG -40 kJ/mol -> pK (298.15 K)", 40.0 / (R_KJ * T * LN10))
show("dG -10 kcal/mol -> pK (310 K)", 10.0 / (R_KCAL * 310.0 * LN10))
show("dG -20 kT -> pK", 20.0 / LN10)
show("pK 8 -> dG in kT", -8.0 * LN10)
# qualifier bound values
show("IC50 > 99.5 uM -> pK bound", -math.log10(99.5e-6))
show("IC50 < 0.05 uM -> pK bound", -math.log10(0.05e-6))
show("dG < -12 kcal/mol -> pK bound", 12.0 / (R_KCAL * T * LN10))
# sigma
show("sigma: IC50 0.096 uM err 0.029", 0.029 / (0.096 * LN10))
show("sigma: CI [32.7, 43.8] uM", (math.log10(43.8) - math.log10(32.7)) / 3.92)
show("sigma: pIC50 CI [6.1, 6.9]", (6.9 - 6.1) / 3.92)
show("sigma: dG err 0.5 kcal/mol", 0.5 / (R_KCAL * T * LN10))
show("sigma: dG CI [-11, -9] kJ/mol", 2.0 / (3.92 * R_KJ * T * LN10))
# replicates: IC50 100 nM and 400 nM, each sigma 0.1 pK (given as pIC50 7 +- 0.1 and 6.39794.. +- 0.1)
a, b = -math.log10(100e-9), -math.log10(400e-9)
show("replicate mean pK (100 nM, 400 nM)", (a + b) / 2)
x = np.array([a, b])
show("replicate spread s/sqrt(n)", x.std(ddof=1) / math.sqrt(2))
# three exact pIC50 replicates 6.0, 6.2, 6.1 with sigma 0.3 each: propagated sqrt(3*0.09)/3 vs spread
x = np.array([6.0, 6.2, 6.1])
show("3 replicates mean", x.mean())
show("3 replicates spread s/sqrt(3)", x.std(ddof=1) / math.sqrt(3))
show("3 replicates propagated sqrt(3*0.3^2)/3", math.sqrt(3 * 0.09) / 3)
# real data (AffinityTableRealDataTest): moonshot AAR-POS-8a4e0f60-7, IC50 37.8 uM
show("IC50 37.8 uM -> pK", -math.log10(37.8e-6))
