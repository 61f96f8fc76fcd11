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

from backprop_core.errors import (
    ArgumentError,
    ShapeError,
    check_array,
    check_instance,
    check_names,
    check_result,
)
from backprop_core.networks.initialisation import deep_network
from backprop_core.networks.network import Network

Array = NDArray[np.float64]


def delta_profile(net: Network, X: ArrayLike, Y: ArrayLike) -> Array:
    """mean|δ^l| for l = 1..L (entry l-1), over neurons and the samples in the columns."""
    check_instance(net, Network, "net")
    grads = net.gradients(X, Y)
    return np.array([float(np.abs(grads.delta[l]).mean()) for l in range(1, net.L + 1)])


def relative_profile(profile: ArrayLike) -> Array:
    """mean|δ^l| / mean|δ^L|: what the backward pass did to the output layer's signal."""
    p = check_array(profile, "profile (mean|δ^l| for l = 1..L)", ndim=1)
    if p[-1] == 0:
        raise ArgumentError("the profile ends in 0: mean|δ^L| is 0, the output layer sends "
                            "no signal back to compare with")
    with np.errstate(over="ignore"):  # reported below, in words
        result: Array = p / p[-1]
    check_result(result, "the profile relative to mean|δ^L|")
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
    output, for every (activation, scheme) pair; the same seed for all.

    ``activations`` and ``schemes`` are lists of names (``["tanh"]``, ``["he"]``)."""
    acts = check_names(activations, "activations")
    names = check_names(schemes, "schemes", example="'he'")
    X_arr = check_array(X, "input x", ndim=2)
    Y_arr = check_array(Y, "targets y", ndim=2)
    if X_arr.shape[1] != Y_arr.shape[1]:
        raise ShapeError(f"input x and targets y must have one column per sample, as many "
                         f"in each, got shapes {X_arr.shape} and {Y_arr.shape}")
    result = {}
    for act in acts:
        for scheme in names:
            net = deep_network(depth, width, act, scheme, n_in=X_arr.shape[0],
                               n_out=Y_arr.shape[0], output_activation="identity", seed=seed)
            result[(act, scheme)] = delta_profile(net, X_arr, Y_arr)
    return result


def row_spread(M: ArrayLike) -> float:
    """max_j max_k |M[j, k] - M[0, k]|: 0 exactly when every row of M is the same.

    For W^l (or ∂C/∂W^l) a row belongs to one neuron of layer l, so 0 means all neurons of
    the layer have the same incoming weights (or get the same update)."""
    arr = check_array(M, "M", ndim=2)
    with np.errstate(over="ignore"):  # reported below, in words
        spread = float(np.abs(arr - arr[:1]).max())
    check_result(spread, "the row spread max |M[j, k] - M[0, k]|")
    return spread


def layer_spreads(net: Network, X: ArrayLike | None = None,
                  Y: ArrayLike | None = None) -> dict[int, float]:
    """``row_spread`` of W^l for every layer l = 1..L, or of ∂C/∂W^l when X and Y are given
    (both, or neither)."""
    check_instance(net, Network, "net")
    if X is None and Y is None:
        return {l: row_spread(net.layer(l).W) for l in range(1, net.L + 1)}
    if X is None or Y is None:
        given, missing = ("X", "Y (the targets)") if Y is None else ("Y", "X (the inputs)")
        raise ArgumentError(f"layer_spreads got {given} but no {missing}: give both for the "
                            f"spreads of the gradients ∂C/∂W^l, or neither for those of W^l")
    grads = net.gradients(X, Y)
    return {l: row_spread(grads.dW[l]) for l in range(1, net.L + 1)}
