#!/usr/bin/env python3
"""Independent implementation of Seeds.derive (SplitMix64 mixing), for the literals in SeedsTest.

Prints derive(runSeed, purpose, *indices) as signed 64-bit Java long literals, and the first nextLong() of
java.util.SplittableRandom seeded with it (SplittableRandom: seed += GOLDEN; return mix64(seed), where mix64 is
the same variant-13 finaliser).
"""
M = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def mix(z):
    z &= M
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return z ^ (z >> 31)


def fnv1a64(s):
    h = 0xCBF29CE484222325
    for b in s.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & M
    return h


def derive(run_seed, purpose, *indices):
    h = mix(run_seed + GOLDEN)
    h = mix(h ^ mix(fnv1a64(purpose) + GOLDEN))
    for i in indices:
        h = mix(h ^ mix((i & M) + GOLDEN))
    return h


def signed(x):
    return x - (1 << 64) if x >= 1 << 63 else x


def main():
    cases = [(0, "init"), (42, "augment", 3, 17), (42, "augment", 17, 3), (42, "shuffle", 3), (-1, "ünïcode", -5)]
    for c in cases:
        d = derive(c[0], c[1], *c[2:])
        first = mix(d + GOLDEN)
        print(c, f"{signed(d)}L", "first nextLong", f"{signed(first)}L")


if __name__ == "__main__":
    main()
