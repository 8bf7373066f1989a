#!/usr/bin/env python3
"""Independent numpy forward pass of the default2018-family network (PoseNetBlock).

Produces the literals in PoseModelTest.forwardMatchesIndependentNumpyNetwork: the affinity outputs [2] and the
pose logits [2, 2] of a tiny network (2 input channels, 16^3 grid, widths 3,2,3,2,2, pose head) whose weights and
input follow closed-form patterns that the Java test rebuilds:

  parameter k (0-based in stable order), element j (row-major): float32(0.35 * sin(1.7 * j + 0.9 * k + 0.1))
  grid element j (row-major over [2, 2, 16, 16, 16]):            float32(cos(0.37 * j) + 0.25)

Layers follow gnina's default2018 (PyTorch port): avg-pool 2 -> conv3 pad1 -> relu -> conv1 -> relu -> avg-pool 2 ->
conv3 pad1 -> relu -> conv1 -> relu -> avg-pool 2 -> conv3 pad1 -> relu -> flatten (channel-major) -> linear heads.
Convolution is cross-correlation (PyTorch's convention). Computed in float64 from the float32-rounded values.
"""
import numpy as np

C, N, WIDTHS, B = 2, 16, [3, 2, 3, 2, 2], 2


def pattern(shape, k):
    j = np.arange(int(np.prod(shape)), dtype=np.float64)
    return np.float32(0.35 * np.sin(1.7 * j + 0.9 * k + 0.1)).astype(np.float64).reshape(shape)


def avgpool2(x):
    b, c, n = x.shape[0], x.shape[1], x.shape[2] // 2
    x = x[:, :, : 2 * n, : 2 * n, : 2 * n]
    return x.reshape(b, c, n, 2, n, 2, n, 2).mean(axis=(3, 5, 7))


def conv3d(x, w, bias, pad):
    b, cin, n = x.shape[0], x.shape[1], x.shape[2]
    cout, k = w.shape[0], w.shape[2]
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad), (pad, pad)))
    m = n + 2 * pad - k + 1
    out = np.zeros((b, cout, m, m, m)) + bias[None, :, None, None, None]
    for dx in range(k):
        for dy in range(k):
            for dz in range(k):
                patch = xp[:, :, dx:dx + m, dy:dy + m, dz:dz + m]
                out += np.einsum("oi,bixyz->boxyz", w[:, :, dx, dy, dz], patch)
    return out


def main():
    shapes = []
    cin = C
    for i, cout in enumerate(WIDTHS):
        k = 3 if i % 2 == 0 else 1
        shapes += [(cout, cin, k, k, k), (cout,)]
        cin = cout
    flat = WIDTHS[4] * (N // 8) ** 3
    shapes += [(1, flat), (1,), (2, flat), (2,)]
    params = [pattern(s, k) for k, s in enumerate(shapes)]

    j = np.arange(B * C * N ** 3, dtype=np.float64)
    x = np.float32(np.cos(0.37 * j) + 0.25).astype(np.float64).reshape(B, C, N, N, N)

    for i in range(5):
        if i % 2 == 0:
            x = avgpool2(x)
        x = np.maximum(conv3d(x, params[2 * i], params[2 * i + 1], 1 if i % 2 == 0 else 0), 0.0)
    f = x.reshape(B, -1)
    affinity = f @ params[10].T + params[11]
    pose = f @ params[12].T + params[13]
    print("affinity", repr(affinity.reshape(-1).tolist()))
    print("pose", repr(pose.reshape(-1).tolist()))
    print("parameter count", sum(int(np.prod(s)) for s in shapes))


if __name__ == "__main__":
    main()
