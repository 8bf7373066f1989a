#!/usr/bin/env python3
"""Independent float32 numpy implementation of the SGD / Adam / AdamW update rules as documented for
torch.optim.SGD, torch.optim.Adam and torch.optim.AdamW (one float32 operation per line, Python-float scalars
rounded to float32 once, as PyTorch does for a float32 tensor times a Python number), plus gradient clipping as in
torch.nn.utils.clip_grad_value_ / clip_grad_norm_ (norm accumulated in float64 here).

Produces the literals in OptimizerTest: final parameter values after 4 steps for each case, and the gradient norm
of the first step. Setup shared with the Java test:
  parameters "a" [2, 3] and "b" [4] (k = 0, 1), element j: float32(((3 j + k) % 11) / 10 - 0.5)
  gradient at step t (0-based): float32((((7 j + 13 t + 5 k) % 17) - 8) / 8)
  learning rate at step t: base / (1 + t)
"""
import math

import numpy as np

f = np.float32
SHAPES = {"a": (2, 3), "b": (4,)}


def init():
    out = {}
    for k, (name, shape) in enumerate(SHAPES.items()):
        j = np.arange(int(np.prod(shape)))
        out[name] = f(((3 * j + k) % 11) / 10 - 0.5).reshape(shape)
    return out


def grads(t):
    out = {}
    for k, (name, shape) in enumerate(SHAPES.items()):
        j = np.arange(int(np.prod(shape)))
        out[name] = f((((7 * j + 13 * t + 5 * k) % 17) - 8) / 8).reshape(shape)
    return out


def clip(g, max_norm, max_value):
    norm = math.sqrt(sum(float(np.sum(x.astype(np.float64) ** 2)) for x in g.values()))
    if max_value > 0:
        g = {n: np.clip(x, f(-max_value), f(max_value)) for n, x in g.items()}
    if max_norm > 0:
        n2 = math.sqrt(sum(float(np.sum(x.astype(np.float64) ** 2)) for x in g.values())) if max_value > 0 else norm
        coef = max_norm / (n2 + 1e-6)
        if coef < 1:
            g = {n: x * f(coef) for n, x in g.items()}
    return g, norm


def sgd(lr0, momentum=0.0, dampening=0.0, nesterov=False, wd=0.0, max_norm=0.0, max_value=0.0):
    p, buf, norms = init(), {}, []
    for t in range(4):
        lr = lr0 / (1 + t)
        g, norm = clip(grads(t), max_norm, max_value)
        norms.append(norm)
        for n in p:
            d = g[n]
            if wd != 0:
                d = d + p[n] * f(wd)
            if momentum != 0:
                if n not in buf:
                    buf[n] = d.copy()
                else:
                    buf[n] = buf[n] * f(momentum) + d * f(1 - dampening)
                d = d + buf[n] * f(momentum) if nesterov else buf[n]
            p[n] = p[n] - d * f(lr)
    return p, norms


def adam(lr0, b1=0.9, b2=0.999, eps=1e-8, wd=0.0, decoupled=False, max_norm=0.0, max_value=0.0):
    p, norms = init(), []
    m = {n: np.zeros_like(x) for n, x in p.items()}
    v = {n: np.zeros_like(x) for n, x in p.items()}
    for t in range(4):
        step = t + 1
        lr = lr0 / (1 + t)
        g, norm = clip(grads(t), max_norm, max_value)
        norms.append(norm)
        for n in p:
            d = g[n]
            if wd != 0:
                if decoupled:
                    p[n] = p[n] * f(1 - lr * wd)
                else:
                    d = d + p[n] * f(wd)
            m[n] = m[n] * f(b1) + d * f(1 - b1)
            v[n] = v[n] * f(b2) + (d * d) * f(1 - b2)
            bias1 = 1 - b1 ** step
            bias2 = 1 - b2 ** step
            denom = np.sqrt(v[n]) / f(math.sqrt(bias2)) + f(eps)
            p[n] = p[n] - (m[n] / denom) * f(lr / bias1)
    return p, norms


CASES = {
    "sgdPlain": lambda: sgd(0.1),
    "sgdMomentumDampeningDecay": lambda: sgd(0.05, momentum=0.9, dampening=0.1, wd=0.01),
    "sgdNesterov": lambda: sgd(0.05, momentum=0.9, nesterov=True, wd=0.001),
    "sgdClipNorm": lambda: sgd(0.1, max_norm=0.5),
    "adamDefault": lambda: adam(0.01),
    "adamL2": lambda: adam(0.02, b1=0.8, b2=0.99, eps=1e-6, wd=0.1),
    "adamW": lambda: adam(0.01, wd=0.05, decoupled=True),
    "adamClipValueAndNorm": lambda: adam(0.01, max_norm=1.0, max_value=0.3),
}


def main():
    for name, run in CASES.items():
        p, norms = run()
        vals = ", ".join(repr(float(x)) + "f" for n in SHAPES for x in p[n].reshape(-1))
        print(f"{name}: first norm {norms[0]!r}")
        print(f"    {{{vals}}}")


if __name__ == "__main__":
    main()
