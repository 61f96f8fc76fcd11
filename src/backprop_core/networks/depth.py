"""How the error signal changes with depth, and why all-equal weights stay equal.

mean|δ^l| is averaged over the n_l neurons and the m samples of a batch. Going down one
layer, BP2 multiplies by (W^{l+1})ᵀ and by σ'(z^l): δ^l = (W^{l+1})ᵀ δ^{l+1} ⊙ σ'(z^l).
Over many layers these factors compound: |δ^1| / |δ^L| shrinks (vanishing gradient) or
grows (exploding gradient) geometrically unless the weights' spread matches σ.
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import ArgumentError, ShapeError
from backprop_core.networks.initialisation import deep_network
from backprop_core.networks.network import Network

Array = NDArray[np.float64]


def delta_profile(net: Network, X: ArrayLike, Y: ArrayLike) -> Array:
    """mean|δ^l| for l = 1..L (entry l-1), over neurons and the samples in the columns."""
    grads = net.gradients(X, Y)
    return np.array([float(np.abs(grads.delta[l]).mean()) for l in range(1, net.L + 1)])


def relative_profile(profile: ArrayLike) -> Array:
    """mean|δ^l| / mean|δ^L|: what the backward pass did to the output layer's signal."""
    p = np.asarray(profile, dtype=np.float64)
    if p.ndim != 1 or p.size == 0:
        raise ShapeError(f"a profile is a non-empty vector, got shape {p.shape}")
    if p[-1] == 0:
        raise ArgumentError("mean|δ^L| is 0: the output layer sends no signal back to compare with")
    result: Array = p / p[-1]
    return result


def delta_sweep(
    activations: Sequence[str],
    schemes: Sequence[str],
    X: ArrayLike,
    Y: ArrayLike,
    *,
    depth: int,
    width: int,
    seed: int = 0,
) -> dict[tuple[str, str], Array]:
    """``delta_profile`` of a ``deep_network(depth, width, act, scheme)`` with a linear
    output, for every (activation, scheme) pair; the same seed for all."""
    X_arr, Y_arr = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    result = {}
    for act in activations:
        for scheme in schemes:
            net = deep_network(depth, width, act, scheme, n_in=X_arr.shape[0],
                               n_out=Y_arr.shape[0], output_activation="identity", seed=seed)
            result[(act, scheme)] = delta_profile(net, X_arr, Y_arr)
    return result


def row_spread(M: ArrayLike) -> float:
    """max_j max_k |M[j, k] - M[0, k]|: 0 exactly when every row of M is the same.

    For W^l (or ∂C/∂W^l) a row belongs to one neuron of layer l, so 0 means all neurons of
    the layer have the same incoming weights (or get the same update)."""
    arr = np.asarray(M, dtype=np.float64)
    if arr.ndim != 2:
        raise ShapeError(f"row_spread takes a matrix, got shape {arr.shape}")
    return float(np.abs(arr - arr[:1]).max())


def layer_spreads(net: Network, X: ArrayLike | None = None,
                  Y: ArrayLike | None = None) -> dict[int, float]:
    """``row_spread`` of W^l for every layer l = 1..L, or of ∂C/∂W^l when X and Y are given."""
    if X is None or Y is None:
        return {l: row_spread(net.layer(l).W) for l in range(1, net.L + 1)}
    grads = net.gradients(X, Y)
    return {l: row_spread(grads.dW[l]) for l in range(1, net.L + 1)}
