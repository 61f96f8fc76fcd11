"""bounds.py: the bounds hold, and they say "look closer" whenever a number may not be finite."""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_core.networks import bounds
from backprop_core.networks.bounds import (
    far_below_overflow,
    forward_bounds,
    gradients_finite,
    parameter_norms,
)
from backprop_core.networks.layers import Dense
from backprop_core.networks.network import Network, column_backward, column_forward
from backprop_core.squares import sum_of_squares


def _passes(net: Network, X: np.ndarray, Y: np.ndarray) -> Any:
    norms = parameter_norms(net.layers)
    with np.errstate(all="ignore"):
        z, a = column_forward(net.layers, X)
        delta, dW, db = column_backward(net.layers, net.loss, z, a, Y)
    return norms, z, a, delta, dW, db


@given(sizes=st.lists(st.integers(1, 6), min_size=2, max_size=4),
       hidden=st.sampled_from(["identity", "sigmoid", "tanh", "relu", "softmax"]),
       loss=st.sampled_from(["squared_error", "binary_cross_entropy", "softmax_cross_entropy"]),
       seed=st.integers(0, 10_000), m=st.integers(1, 5), scale=st.sampled_from([0.1, 1.0, 30.0]))
def test_the_bounds_bound_what_the_passes_make(
    sizes: list[int], hidden: str, loss: str, seed: int, m: int, scale: float,
    random_network: Any, random_targets: Any,
) -> None:
    net = random_network(sizes, [hidden] * (len(sizes) - 2), loss, seed)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(sizes[0], m)) * scale
    norms, z, a, delta, dW, db = _passes(net, X, random_targets(net, m, rng))
    found = forward_bounds(net.layers, norms, sum_of_squares(X), z, a)
    assert found is not None
    for l, layer in enumerate(net.layers, start=1):
        assert found.weights[l] == pytest.approx(np.linalg.norm(layer.W))
        assert np.linalg.norm(a[l - 1]) <= found.activations[l - 1] * (1 + 1e-12)
    # the backward bounds: ‖δ^l‖ ≤ 2 ‖W^{l+1}‖ ‖δ^{l+1}‖, so the chain from ‖δ^L‖ holds
    norm = np.linalg.norm(delta[net.L])
    for l in range(net.L - 1, 0, -1):
        norm *= 2 * found.weights[l + 1]
        assert np.linalg.norm(delta[l]) <= norm * (1 + 1e-12)
        assert np.abs(dW[l]).max() * m <= norm * found.activations[l - 1] * (1 + 1e-12)
    assert gradients_finite(net.layers, a, delta, dW, db, found)


def test_a_bad_parameter_or_an_overflow_is_never_bounded() -> None:
    net = Network.from_sizes([3, 4, 2], ["relu", "identity"], seed=1)
    X = np.ones((3, 2))
    for value in (np.nan, np.inf, -np.inf):
        net.layers[1].b[0] = value
        norms, z, a, *_ = _passes(net, X, np.zeros((2, 2)))
        assert forward_bounds(net.layers, norms, sum_of_squares(X), z, a) is None
    net.layers[1].b[0] = 0.0
    net.layers[0].W *= 1e300  # Σ w² overflows: "look closer", and Dense.forward will
    norms, z, a, *_ = _passes(net, X, np.zeros((2, 2)))
    assert forward_bounds(net.layers, norms, sum_of_squares(X), z, a) is None


def test_where_the_bound_is_too_large_z_is_read() -> None:
    # ‖W^1‖·‖x‖ = 2^1023 is beyond the room left for rounding, but the two terms of z^1
    # cancel exactly (powers of two): z^1 = 0 is read, and fine
    big = 2.0**511
    net = Network([Dense([[big, -big]], [0.0], "identity")])
    X = np.full((2, 1), big)
    norms, z, a, *_ = _passes(net, X, np.zeros((1, 1)))
    assert z[1][0, 0] == 0.0
    assert forward_bounds(net.layers, norms, sum_of_squares(X), z, a) is not None
    X[1, 0] = 0.0  # z^1 = 2^1022: finite, but Σ z² overflows: "look closer"
    norms, z, a, *_ = _passes(net, X, np.zeros((1, 1)))
    assert forward_bounds(net.layers, norms, sum_of_squares(X), z, a) is None
    assert net.gradients(X, [[2.0**1022]]).dW[1].tolist() == [[0.0, 0.0]]  # the closer look


def test_a_finite_bias_gradient_vouches_for_its_delta() -> None:
    # the direct test reads ∂C/∂b^l, n_l numbers, not the n_l·m of δ^l: a NaN or ±inf in
    # δ^l makes the sum over the samples NaN or ±inf (inf - inf = NaN)
    rng = np.random.default_rng(0)
    for bad in ([np.inf], [np.nan], [np.inf, -np.inf], [-np.inf, 1e308]):
        delta = rng.normal(size=(3, 5))
        delta[1, : len(bad)] = bad
        with np.errstate(invalid="ignore"):
            assert not np.isfinite(delta.sum(axis=1) / 5).all()


def test_gradients_finite_reads_what_the_bounds_cannot_show(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    net = Network.from_sizes([3, 4, 2], ["tanh", "identity"], seed=1)
    X, Y = np.ones((3, 6)), np.zeros((2, 6))
    norms, z, a, delta, dW, db = _passes(net, X, Y)
    found = forward_bounds(net.layers, norms, sum_of_squares(X), z, a)
    read: list[Any] = []
    real = bounds.squares_finite

    def counted(*arrays: Any) -> bool:
        read.extend(arrays)
        return real(*arrays)

    monkeypatch.setattr(bounds, "squares_finite", counted)
    assert gradients_finite(net.layers, a, delta, dW, db, found)
    assert read == []  # the forward pass's bounds were enough: nothing read
    assert gradients_finite(net.layers, a, delta, dW, db, None)
    assert len(read) == 2 + 2  # the cache came from outside: ∂C/∂b^l and ∂C/∂W^l are read
    dW[1][0, 0] = np.inf
    assert not gradients_finite(net.layers, a, delta, dW, db, None)
    db[2][1] = np.nan
    assert not gradients_finite(net.layers, a, delta, dW, db, None)


def test_far_below_overflow_leaves_room_for_rounding() -> None:
    assert far_below_overflow(np.zeros(1)) == pytest.approx(np.finfo(np.float64).max / 16)
    assert far_below_overflow(np.zeros(1, np.float32)) == pytest.approx(3.4028235e38 / 16)
    with np.errstate(over="ignore"):
        assert math.isinf(float(np.float32(3.4028235e38) * np.float32(2)))  # what it guards
