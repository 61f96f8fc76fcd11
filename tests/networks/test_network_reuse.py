"""Network.gradients writes each call's z^l and a^l over the last call's, which it kept to
itself: what it returns, and what ``forward`` returns, must never be written over."""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from backprop_core.errors import NonFiniteError
from backprop_core.networks.gradients import Gradients
from backprop_core.networks.memory import measure
from backprop_core.networks.network import Network

NETWORKS = [
    ([5, 7, 6, 3], ["relu", "relu", "softmax"], "softmax_cross_entropy"),
    ([4, 6, 2], ["tanh", "sigmoid"], "binary_cross_entropy"),
    ([3, 5, 4, 2], ["sigmoid", "relu", "identity"], "squared_error"),
]


def _data(sizes: list[int], m: int, dtype: Any, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(sizes[0], m)).astype(dtype)
    y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], size=m)].astype(dtype)
    return x, y


def _arrays(g: Gradients) -> list[np.ndarray]:
    return [*g.dW.values(), *g.db.values(), *g.delta.values()]


def _snapshot(g: Gradients) -> tuple[list[np.ndarray], float]:
    return [arr.copy() for arr in _arrays(g)], g.cost


@pytest.mark.parametrize(("sizes", "acts", "loss"), NETWORKS)
def test_every_call_gives_what_a_fresh_network_gives_and_keeps_what_it_gave(
    sizes: list[int], acts: list[str], loss: str
) -> None:
    # batches of several sizes and dtypes in turn, repeated: each call equals, bit for bit,
    # the same call on a network that never ran; earlier results are never written over
    net = Network.from_sizes(sizes, acts, loss, seed=3)
    kept: list[tuple[Gradients, tuple[list[np.ndarray], float]]] = []
    for step, (m, dtype) in enumerate([(4, np.float64), (4, np.float64), (1, np.float64),
                                       (4, np.float32), (4, np.float32), (4, np.float64),
                                       (9, np.float64), (9, np.float64)]):
        x, y = _data(sizes, m, dtype, seed=step)
        got = net.gradients(x, y)
        fresh = net.copy().gradients(x, y)
        assert got.cost == fresh.cost
        for ours, theirs in zip(_arrays(got), _arrays(fresh), strict=True):
            assert ours.dtype == theirs.dtype
            np.testing.assert_array_equal(ours, theirs, strict=True)
            assert not np.shares_memory(ours, x)
        for earlier, (arrays, cost) in kept:
            assert earlier.cost == cost
            for now, then in zip(_arrays(earlier), arrays, strict=True):
                np.testing.assert_array_equal(now, then, strict=True)
                assert not any(np.shares_memory(now, new) for new in _arrays(got))
        kept.append((got, _snapshot(got)))


def test_the_arrays_forward_returns_are_never_written_over() -> None:
    net = Network.from_sizes([5, 7, 6, 3], ["relu", "relu", "softmax"],
                             "softmax_cross_entropy", seed=1)
    x, y = _data([5, 7, 6, 3], 4, np.float64, seed=1)
    cache = net.forward(x)
    before = {k: {l: v.copy() for l, v in arrays.items()}
              for k, arrays in (("z", cache.z), ("a", cache.a))}
    for seed in range(3):
        net.gradients(*_data([5, 7, 6, 3], 4, np.float64, seed=seed + 10))
    for k, arrays in (("z", cache.z), ("a", cache.a)):
        for l, v in arrays.items():
            np.testing.assert_array_equal(v, before[k][l], strict=True)


def test_a_second_call_of_the_same_shape_makes_no_new_z_or_relu_a() -> None:
    # the first call allocates z^l and a^l; the next one, with the same batch, writes over
    # them: its peak is lower by at least the z^l and relu a^l of the big layers
    sizes, m = [50, 400, 400, 3], 64
    net = Network.from_sizes(sizes, ["relu", "relu", "softmax"], "softmax_cross_entropy")
    x, y = _data(sizes, m, np.float64, seed=0)
    first = measure(net.gradients, x, y).peak
    second = measure(net.gradients, x, y).peak
    saved = 4 * 400 * m * 8  # z^1, a^1, z^2, a^2
    assert second <= first - saved
    assert measure(net.forward, x).peak >= saved  # forward makes its own arrays, every call


def test_a_failed_call_leaves_the_next_one_right() -> None:
    net = Network.from_sizes([3, 4, 2], ["relu", "softmax"], "softmax_cross_entropy")
    x, y = _data([3, 4, 2], 5, np.float64, seed=0)
    expected = net.copy().gradients(x, y)
    net.gradients(x, y)
    bad = x.copy()
    bad[0, 0] = np.nan
    with pytest.raises(NonFiniteError, match="input x contains nan"):
        net.gradients(bad, y)  # found before the pass
    w = net.layers[1].W[0, 0]
    net.layers[1].W[0, 0] = np.inf
    with pytest.raises(NonFiniteError, match=r"W\^2 contains inf"), \
            np.errstate(all="ignore"):
        net.gradients(x, y)  # found after the pass wrote its z^l and a^l
    net.layers[1].W[0, 0] = w
    got = net.gradients(x, y)
    for ours, theirs in zip(_arrays(got), _arrays(expected), strict=True):
        np.testing.assert_array_equal(ours, theirs, strict=True)
