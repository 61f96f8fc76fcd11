"""batching.py: rows vs columns, batched vs per sample: the same mean gradient."""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_core.errors import ArgumentError, ArgumentTypeError, ShapeError
from backprop_core.networks.batching import (
    MemoryRow,
    batch_gradients,
    measured_bytes,
    memory_report,
    per_sample_gradients,
)
from backprop_core.networks.network import Network


@given(seed=st.integers(0, 10_000), m=st.integers(1, 8),
       loss=st.sampled_from(["squared_error", "softmax_cross_entropy"]))
def test_rows_columns_batched_and_per_sample_agree(seed: int, m: int, loss: str,
                                                   random_network: Any,
                                                   random_targets: Any) -> None:
    net = random_network([2, 4, 4, 3], ["tanh", "relu"], loss, seed)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(2, m))
    Y = random_targets(net, m, rng)
    cols = batch_gradients(net, X, Y, samples_as="columns")
    rows = batch_gradients(net, X.T, Y.T, samples_as="rows")
    per_sample = per_sample_gradients(net, X, Y)
    mean = per_sample.mean()
    assert per_sample.per_sample and not mean.per_sample and rows.layout == "columns"
    for l in (1, 2, 3):
        assert per_sample.dW[l].shape == (m, net.sizes[l], net.sizes[l - 1])
        np.testing.assert_allclose(rows.dW[l], cols.dW[l], rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(mean.dW[l], cols.dW[l], rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(rows.db[l], cols.db[l], rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(mean.db[l], cols.db[l], rtol=1e-10, atol=1e-14)
    # all four are the one gradient type: same flat vector, same cost
    for other in (rows, mean):
        np.testing.assert_allclose(other.flat(), cols.flat(), rtol=1e-10, atol=1e-14)
        assert other.cost == pytest.approx(cols.cost, rel=1e-12)
    # per sample, flat() has one row per sample: that sample's gradient alone
    assert per_sample.flat().shape == (m, net.n_params)
    np.testing.assert_allclose(per_sample.flat()[m - 1],
                               net.gradients(X[:, m - 1], Y[:, m - 1]).flat(), atol=1e-14)


def test_each_slice_of_the_tensor_is_one_samples_gradient() -> None:
    net = Network.from_sizes([3, 4, 2], "sigmoid", seed=1)
    rng = np.random.default_rng(2)
    X, Y = rng.normal(size=(3, 5)), rng.normal(size=(2, 5))
    G = per_sample_gradients(net, X, Y)
    for i in range(5):
        alone = net.gradients(X[:, i], Y[:, i])
        np.testing.assert_allclose(G.dW[2][i], alone.dW[2], atol=1e-15)
        np.testing.assert_allclose(G.db[1][i], alone.db[1], atol=1e-15)


def test_summing_the_tensor_over_samples_gives_m_times_the_mean_cost_gradient() -> None:
    # source 002 reduces with a sum: that is the gradient of the SUM of the losses
    net = Network.from_sizes([2, 3, 1], "tanh", seed=0)
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(2, 8)), rng.normal(size=(1, 8))
    summed = per_sample_gradients(net, X, Y).sum()
    batched = batch_gradients(net, X, Y)
    np.testing.assert_allclose(summed.dW[1], 8 * batched.dW[1])
    np.testing.assert_allclose(summed.flat(), 8 * batched.flat())
    assert summed.cost == pytest.approx(8 * net.cost(X, Y), rel=1e-12)  # Σ_x C_x = m·C


def test_memory_report_and_measured_bytes() -> None:
    rows = memory_report([2, 4, 4, 3], batch_size=1000)
    assert rows[0] == MemoryRow(1, (4, 2), 64, 64_000)
    assert [r.per_sample_bytes // r.batched_bytes for r in rows] == [1000] * 3
    net = Network.from_sizes([2, 4, 4, 3], "sigmoid")
    X, Y = np.zeros((2, 10)), np.zeros((3, 10))
    measured = measured_bytes(net, X, Y)
    assert measured["batched"] == sum(r.batched_bytes for r in memory_report(net.sizes, 10))
    assert measured["per_sample"] == 10 * measured["batched"]
    G = per_sample_gradients(net, X, Y)
    assert G.nbytes == measured["per_sample"] + 8 * 10 * (4 + 4 + 3)


def test_bad_arguments() -> None:
    net = Network.from_sizes([2, 1], "sigmoid")
    with pytest.raises(ValueError, match="samples_as must be 'columns' or 'rows', got 'x'"):
        batch_gradients(net, np.zeros((2, 1)), np.zeros((1, 1)), samples_as="x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1, got 0"):
        memory_report([2, 1], 0)


def test_memory_report_and_per_sample_gradients_check_their_arguments() -> None:
    with pytest.raises(ArgumentError, match=r"^batch_size must be an integer, got 2.5$"):
        memory_report([2, 3], 2.5)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"^sizes\[1\] must be an integer, got str 'a'$"):
        memory_report([2, "a"], 2)  # type: ignore[list-item]
    with pytest.raises(ArgumentTypeError, match=r"^sizes must be a list \[n_0, ..., n_L\]"):
        memory_report([2], 2)
    with pytest.raises(ArgumentError, match=r"^itemsize \(bytes per number\) must be an integer "
                                            r">= 1, got 0$"):
        memory_report([2, 3], 2, itemsize=0)
    net = Network.from_sizes([3, 2, 1], "sigmoid")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ShapeError, match=r"^input x has no samples"):
            per_sample_gradients(net, np.zeros((3, 0)), np.zeros((1, 0)))
        with pytest.raises(ShapeError, match=r"^X_rows must have shape \(m, 3\)"):
            batch_gradients(net, np.zeros((0, 3)), np.zeros((0, 1)), samples_as="rows")
