"""checkpointing.py: the same gradient to the last bit, for every spacing k; what is kept and
recomputed; a reader's recompute that returns the wrong number of records is refused."""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

import math

import numpy as np
import pytest

from backprop_core.checks.gradcheck import check_gradient
from backprop_core.errors import ArgumentError
from backprop_core.networks.checkpointing import (
    checkpoint_layers,
    checkpointed_gradients,
    recompute_segment,
)
from backprop_core.networks.cost_functions import cost_of_params
from backprop_core.networks.initialisation import deep_network
from backprop_core.networks.memory import measure
from backprop_core.networks.network import Network


@pytest.fixture(scope="module")
def deep() -> tuple[Network, np.ndarray, np.ndarray]:
    net = deep_network(15, 8, "tanh", "glorot", n_in=3, n_out=2, output_activation="identity",
                       seed=0)
    rng = np.random.default_rng(0)
    return net, rng.normal(size=(3, 6)), rng.normal(size=(2, 6))


@pytest.mark.parametrize("k", range(1, 17))
def test_every_spacing_gives_backprops_gradient_bit_for_bit(deep, k: int) -> None:  # type: ignore[no-untyped-def]
    net, X, Y = deep
    L = net.L
    run = checkpointed_gradients(net, X, Y, k)
    plain = net.gradients(X, Y)
    assert np.array_equal(run.gradients.flat(), plain.flat())
    assert run.gradients.cost == plain.cost
    kept = set(range(0, L + 1, k)) | {L}
    assert run.checkpoints == tuple(sorted(kept))
    assert run.recomputed == L - (len(kept) - 1) and run.layer_evaluations == L + run.recomputed
    products = [layer.W.size * X.shape[1] for layer in net.layers]  # one product per layer
    again = sum(p for layer, p in zip(net.layers, products, strict=True)
                if layer.index not in kept)
    assert run.multiplications == 3 * sum(products) - products[0] + again
    assert run.peak_records <= len(kept) - 1 + k - 1


def test_k_equal_to_root_L_holds_the_fewest_records(deep) -> None:  # type: ignore[no-untyped-def]
    net, X, Y = deep
    peaks = {k: checkpointed_gradients(net, X, Y, k).peak_records for k in range(1, 17)}
    assert peaks[math.isqrt(net.L)] == min(peaks.values()) < peaks[1] / 2
    assert peaks[1] == net.L and peaks[net.L] == net.L - 1


def test_the_gradient_passes_the_books_gradient_check(deep) -> None:  # type: ignore[no-untyped-def]
    net, X, Y = deep
    cost = cost_of_params(net, X, Y)
    assert check_gradient(cost, cost.theta, checkpointed_gradients(net, X, Y, 4).gradients.flat()
                          ).ok


def test_the_peak_measured_falls_with_checkpoints() -> None:
    net = deep_network(15, 32, "tanh", "glorot", n_in=3, n_out=2, output_activation="identity",
                       seed=0)
    X, Y = np.ones((3, 256)), np.zeros((2, 256))
    peak = {k: measure(checkpointed_gradients, net, X, Y, k).peak for k in (1, 4)}
    counted = {k: checkpointed_gradients(net, X, Y, k).peak_record_bytes for k in (1, 4)}
    # the drop is the records' drop; what is not records (the step's temporaries, about six
    # arrays of one layer's width) stays, so the peak falls to about half, not below it
    assert peak[1] - peak[4] == pytest.approx(counted[1] - counted[4], rel=0.1)
    assert peak[4] < 0.55 * peak[1]


def test_checkpoints_and_recompute() -> None:
    assert checkpoint_layers(10, 3) == [0, 3, 6, 9, 10]
    assert checkpoint_layers(4, 4) == [0, 4]
    with pytest.raises(ArgumentError, match="every = 5 is more than the L = 4 layers"):
        checkpoint_layers(4, 5)
    net = Network.from_sizes([2, 3, 3, 1], "tanh", seed=1)
    x = np.ones((2, 2))
    records = recompute_segment(net.layers, x)
    cache = net.forward(x)
    for l, (z, a) in enumerate(records, start=1):
        assert np.array_equal(z, cache.z[l]) and np.array_equal(a, cache.a[l])
    with pytest.raises(ArgumentError, match="recompute returned 1 records for the 2 layers 1..2"):
        checkpointed_gradients(net, x, np.ones((1, 2)), 3, lambda layers, a: [(a, a)])
