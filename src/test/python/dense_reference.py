#!/usr/bin/env python3
"""Independent numpy forward pass of gnina's Dense network (DenseNetBlock), eval-mode BatchNorm.

Produces the literals in DenseNetBlockTest.forwardMatchesIndependentNumpyNetwork: the outputs y [2] (kT, from an
affinity head in pK: y = -ln(10) * head) and the pose logits [2, 2] of a tiny Dense network: 5 input channels, 8^3
grid, initial width 4, growth 3, 2 convolutions per block, 2 blocks, pose head. Weights and input follow closed-form
patterns that the Java test rebuilds:

  parameter k (0-based, DenseNetBlock's stable order), element j: float32(0.35 * sin(1.7 * j + 0.9 * k + 0.1))
  buffer b (0-based, stable order: per BN layer running_mean then running_var), element j:
      running_mean float32(0.2 * cos(0.9 * j + 0.4 * b)),  running_var float32(0.5 + 0.3 * sin(0.7 * j + b) ** 2)
  grid element j (row-major over [2, 5, 8, 8, 8]):        float32(cos(0.37 * j) + 0.25)

Layers (gnina's models repository, pytorch/dense_model.py): max-pool 2 -> init conv3 pad1 -> relu -> per block:
for each conv: x = cat(x, relu(conv3(bn(x)))) -> (between blocks) conv1 bottleneck -> relu -> max-pool 2 -> after
the last block a global max pool over all points -> linear heads. BatchNorm: (x - mean) / sqrt(var + 1e-5) * g + b.
Convolution is cross-correlation (PyTorch's convention). Computed in float64 from the float32-rounded values.
"""
import math
import numpy as np

C, N, W, G, K, L, B = 5, 8, 4, 3, 2, 2, 2


def f32(v):
    return np.float32(v).astype(np.float64)


def pattern(shape, k):
    j = np.arange(int(np.prod(shape)), dtype=np.float64)
    return f32(0.35 * np.sin(1.7 * j + 0.9 * k + 0.1)).reshape(shape)


def maxpool2(x):
    b, c, n = x.shape[0], x.shape[1], x.shape[2] // 2
    return x[:, :, : 2 * n, : 2 * n, : 2 * n].reshape(b, c, n, 2, n, 2, n, 2).max(axis=(3, 5, 7))


def conv3d(x, w, bias, pad):
    b, cin, n = x.shape[0], x.shape[1], x.shape[2]
    cout, k = w.shape[0], w.shape[2]
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad), (pad, pad)))
    m = n + 2 * pad - k + 1
    out = np.zeros((b, cout, m, m, m)) + bias[None, :, None, None, None]
    for dx in range(k):
        for dy in range(k):
            for dz in range(k):
                out += np.einsum("oi,bixyz->boxyz", w[:, :, dx, dy, dz], xp[:, :, dx:dx + m, dy:dy + m, dz:dz + m])
    return out


def main():
    shapes = [(W, C, 3, 3, 3), (W,)]
    bn_channels = []
    cin = W
    for level in range(L):
        for j in range(K):
            c = cin + j * G
            shapes += [(c,), (c,), (G, c, 3, 3, 3), (G,)]
            bn_channels.append(c)
        cin += K * G
        if level < L - 1:
            shapes += [(cin, cin, 1, 1, 1), (cin,)]
    shapes += [(1, cin), (1,), (2, cin), (2,)]
    params = [pattern(s, k) for k, s in enumerate(shapes)]
    means, variances = [], []
    for i, c in enumerate(bn_channels):
        j = np.arange(c, dtype=np.float64)
        means.append(f32(0.2 * np.cos(0.9 * j + 0.4 * (2 * i))))
        variances.append(f32(0.5 + 0.3 * np.sin(0.7 * j + (2 * i + 1)) ** 2))

    j = np.arange(B * C * N ** 3, dtype=np.float64)
    x = f32(np.cos(0.37 * j) + 0.25).reshape(B, C, N, N, N)

    p = iter(params)
    x = maxpool2(x)
    x = np.maximum(conv3d(x, next(p), next(p), 1), 0.0)
    bn = 0
    for level in range(L):
        for _ in range(K):
            g, b = next(p), next(p)
            h = (x - means[bn][None, :, None, None, None]) / np.sqrt(variances[bn][None, :, None, None, None] + f32(1e-5))
            h = h * g[None, :, None, None, None] + b[None, :, None, None, None]
            bn += 1
            h = np.maximum(conv3d(h, next(p), next(p), 1), 0.0)
            x = np.concatenate([x, h], axis=1)
        if level < L - 1:
            x = np.maximum(conv3d(x, next(p), next(p), 0), 0.0)
            x = maxpool2(x)
    f = x.reshape(B, x.shape[1], -1).max(axis=2)
    aw, ab, pw, pb = next(p), next(p), next(p), next(p)
    affinity_pk = f @ aw.T + ab
    y = -math.log(10.0) * affinity_pk
    pose = f @ pw.T + pb
    print("y (kT)", repr(y.reshape(-1).tolist()))
    print("pose", repr(pose.reshape(-1).tolist()))
    print("trainable parameter count", sum(int(np.prod(s)) for s in shapes))
    print("features", cin)


if __name__ == "__main__":
    main()
