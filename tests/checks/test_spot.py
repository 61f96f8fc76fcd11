"""spot.py: spot checks of a sample of parameters, per block or uniform."""

from __future__ import annotations

from math import comb

import numpy as np
import pytest

from backprop_core.checks.spot import (
    blocks,
    miss_probability,
    per_block_indices,
    spot_check,
    uniform_indices,
)
from backprop_core.errors import ArgumentError, ShapeError
from backprop_core.networks.network import Network

NET = Network.from_sizes([2, 5, 3, 1], "tanh", loss="squared_error", seed=0)
RNG = np.random.default_rng(0)
X, Y = RNG.normal(size=(2, 6)), RNG.normal(size=(1, 6))


def test_blocks_cover_get_params_in_order() -> None:
    found = blocks(NET)
    assert list(found) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    np.testing.assert_array_equal(np.concatenate(list(found.values())), np.arange(NET.n_params))
    assert [found[k].size for k in found] == [10, 5, 15, 3, 3, 1]


def test_per_block_takes_k_from_each_block_or_all_of_a_small_one() -> None:
    chosen = per_block_indices(NET, 4, seed=1)
    for name, idx in blocks(NET).items():
        assert np.isin(chosen, idx).sum() == min(4, idx.size), name
    assert len(set(chosen.tolist())) == chosen.size


def test_uniform_indices_are_distinct_and_seeded() -> None:
    a, b = uniform_indices(50, 10, seed=2), uniform_indices(50, 10, seed=2)
    np.testing.assert_array_equal(a, b)
    assert len(set(a.tolist())) == 10 and a.max() < 50
    with pytest.raises(ArgumentError, match="k = 60 indices cannot be distinct among 50"):
        uniform_indices(50, 60)


def test_miss_probability_is_the_hypergeometric_one() -> None:
    assert miss_probability(100, 7, 12) == pytest.approx(comb(93, 12) / comb(100, 12))
    assert miss_probability(100, 0, 12) == 1.0
    assert miss_probability(100, 7, 0) == 1.0
    assert miss_probability(10, 1, 10) == 0.0
    with pytest.raises(ArgumentError, match="n_wrong ≤ n_params"):
        miss_probability(10, 11, 1)


def test_spot_check_passes_backprop_and_finds_a_planted_bug() -> None:
    right = spot_check(NET, X, Y, per_block_indices(NET, 2))
    assert right.ok and right.rel_errors.max() < 1e-7
    claimed = NET.gradients(X, Y).flat()
    claimed[blocks(NET)["b2"]] *= 2
    wrong = spot_check(NET, X, Y, per_block_indices(NET, 2), claimed)
    assert not wrong.ok and wrong.worst in blocks(NET)["b2"]
    assert wrong.rel_errors.max() == pytest.approx(1 / 3, rel=1e-6)


def test_spot_check_refuses_bad_indices_and_shapes() -> None:
    with pytest.raises(ArgumentError, match=r"indices\[0\] must be an integer from 0 to 36"):
        spot_check(NET, X, Y, [37])
    with pytest.raises(ShapeError, match="analytic has shape \\(3,\\)"):
        spot_check(NET, X, Y, [0], np.zeros(3))
