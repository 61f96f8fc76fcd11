"""The network of the dense benchmarks (bench_dense.py, bench_batching.py, profile_dense.py).

784-256-256-10 (an MNIST-sized classifier): relu, relu, softmax output, softmax
cross-entropy, mean over the batch. Samples are columns, as in backprop_core.
"""

from __future__ import annotations

import numpy as np

from backprop_core.networks.layers import Dense
from backprop_core.networks.network import Network

SIZES = [784, 256, 256, 10]
ACTS = ["relu", "relu", "softmax"]
LOSS = "softmax_cross_entropy"


def flops(m: int) -> int:
    """FLOPs of the gradient's matrix products (multiply-add = 2): forward W^l a^{l-1}, and
    backward δ^l (a^{l-1})ᵀ for every layer and (W^l)ᵀ δ^l for l >= 2."""
    pairs = list(zip(SIZES[:-1], SIZES[1:], strict=True))
    fwd = sum(2 * m * a * b for a, b in pairs)
    dW = sum(2 * m * a * b for a, b in pairs)
    dA = sum(2 * m * a * b for a, b in pairs[1:])
    return fwd + dW + dA


def make_data(m: int, dtype: type, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """x (784, m) and one-hot y (10, m), samples as columns."""
    x = rng.standard_normal((SIZES[0], m)).astype(dtype)
    labels = rng.integers(0, SIZES[-1], size=m)
    y = np.zeros((SIZES[-1], m), dtype=dtype)
    y[labels, np.arange(m)] = 1
    return x, y


def core_network(net: Network, dtype: type) -> Network:
    """The same network with its parameters given to backprop_core in ``dtype``.

    (Whether backprop_core keeps that dtype is its business: the table shows what it
    computed in.)
    """
    layers = [Dense(layer.W.astype(dtype), layer.b.astype(dtype), layer.activation, layer.index)
              for layer in net.layers]
    return Network(layers, net.loss)
