"""gradients.py: the one gradient type, its layouts, its flat vector and its shape checks."""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_core.checks.gradcheck import check_gradient
from backprop_core.errors import ArgumentError, ArgumentTypeError, ShapeError
from backprop_core.networks.batching import batch_gradients, per_sample_gradients
from backprop_core.networks.forms import column_form, row_form, scalar_loop
from backprop_core.networks.gradients import Gradients
from backprop_core.networks.network import Gradients as NetworkGradients
from backprop_core.networks.network import Network


def test_every_producer_returns_the_one_type() -> None:
    net = Network.from_sizes([2, 3, 2], ["tanh", "sigmoid"], seed=0)
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(2, 4)), rng.uniform(size=(2, 4))
    made = [net.gradients(X, Y), scalar_loop(net, X, Y), column_form(net, X, Y),
            row_form(net, X.T, Y.T), batch_gradients(net, X.T, Y.T, samples_as="rows"),
            per_sample_gradients(net, X, Y), per_sample_gradients(net, X, Y).mean()]
    assert NetworkGradients is Gradients  # the old import path still works
    assert all(type(g) is Gradients for g in made)
    assert all(g.cost == pytest.approx(net.cost(X, Y), rel=1e-12) for g in made)


def test_flat_follows_get_params_from_dicts_or_lists() -> None:
    # the parameters themselves, as per-layer arrays, flatten to θ = get_params()
    net = Network.from_sizes([3, 4, 2, 2], "tanh", seed=1)
    net.set_params(np.random.default_rng(1).normal(size=net.n_params))
    as_dicts = Gradients({l: net.layer(l).W for l in (3, 1, 2)},  # any key order
                         {l: net.layer(l).b for l in (1, 2, 3)})
    as_lists = Gradients([layer.W for layer in net.layers], [layer.b for layer in net.layers])
    np.testing.assert_array_equal(as_dicts.flat(), net.get_params())
    np.testing.assert_array_equal(as_lists.flat(), net.get_params())
    assert list(as_dicts.dW) == [1, 2, 3] and as_dicts.cost is None and as_dicts.L == 3
    rows = Gradients([layer.W.T for layer in net.layers], [layer.b for layer in net.layers],
                     layout="rows")
    np.testing.assert_array_equal(rows.flat(), net.get_params())


@given(seed=st.integers(0, 10_000), m=st.integers(1, 5),
       loss=st.sampled_from(["squared_error", "binary_cross_entropy",
                             "softmax_cross_entropy"]))
def test_flat_is_the_gradient_of_the_cost_in_theta(seed: int, m: int, loss: str,
                                                   random_network: Any,
                                                   random_targets: Any) -> None:
    net = random_network([2, 3, 3], ["tanh"], loss, seed)
    rng = np.random.default_rng(seed)
    X, Y = rng.normal(size=(2, m)), random_targets(net, m, rng)
    probe = net.copy()

    def cost(theta: np.ndarray) -> float:  # written out here, independent of costs.py
        probe.set_params(theta)
        return float(probe.cost(X, Y))

    for grads in (row_form(net, X.T, Y.T), per_sample_gradients(net, X, Y).mean()):
        result = check_gradient(cost, net.get_params(), grads.flat())
        assert result.ok, result


def test_per_sample_flat_mean_sum_and_nbytes() -> None:
    net = Network.from_sizes([2, 3, 1], "sigmoid", seed=2)
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(2, 6)), rng.uniform(size=(1, 6))
    G = per_sample_gradients(net, X, Y)
    rows = G.flat()
    assert rows.shape == (6, net.n_params) and G.per_sample
    for i in range(6):
        np.testing.assert_allclose(rows[i], net.gradients(X[:, i], Y[:, i]).flat(),
                                   atol=1e-15)
    np.testing.assert_allclose(G.mean().flat(), rows.mean(axis=0), atol=1e-15)
    np.testing.assert_allclose(G.sum().flat(), rows.sum(axis=0), atol=1e-14)
    mean_cost, sum_cost = G.mean().cost, G.sum().cost
    assert mean_cost is not None and sum_cost == pytest.approx(6 * mean_cost)
    assert G.nbytes == rows.nbytes
    assert repr(G).startswith("Gradients(per sample: dW shapes (6, 3, 2), (6, 1, 3), cost ")
    assert repr(G.mean()).startswith("Gradients(batch, columns: dW shapes (3, 2), (1, 3)")


def test_in_columns_transposes_weights_and_deltas() -> None:
    rows = Gradients({1: np.ones((2, 3))}, {1: np.zeros(3)}, delta={1: np.zeros((5, 3))},
                     cost=1.5, layout="rows")
    cols = rows.in_columns()
    assert cols.dW[1].shape == (3, 2) and cols.delta[1].shape == (3, 5)
    assert cols.layout == "columns" and cols.cost == 1.5 and cols.in_columns() is cols


@pytest.mark.parametrize(("make", "error", "message"), [
    (lambda: Gradients({1: np.ones((3, 2))}, {1: np.ones(2)}), ShapeError,
     r"^db\[1\] \(∂C/∂b\^1\) must have shape \(3,\), one entry per neuron of layer 1 as in "
     r"dW\[1\] \(3, 2\), but got array of shape \(2,\)$"),
    (lambda: Gradients({1: np.ones((3, 2)), 2: np.ones((1, 4))}, {1: np.ones(3), 2: np.ones(1)}),
     ShapeError, r"^dW\[2\] of shape \(1, 4\) takes n_1 = 4 inputs, but dW\[1\] of shape "
                 r"\(3, 2\) has n_1 = 3 neurons \(columns layout\)$"),
    (lambda: Gradients({1: np.ones((3, 2))}, {1: np.ones(3), 2: np.ones(1)}), ShapeError,
     r"^dW and db must hold the same layers, but dW has layers \[1\] and db has \[1, 2\]$"),
    (lambda: Gradients({0: np.ones((3, 2))}, {0: np.ones(3)}), ArgumentError,
     r"^dW must hold the layers 1..L, numbered as in the book, but has keys \[0\]$"),
    (lambda: Gradients({}, {}), ArgumentError, r"^dW must hold the layers 1..L"),
    (lambda: Gradients(np.ones((3, 2)), [np.ones(3)]), ArgumentTypeError,  # type: ignore[arg-type]
     r"^dW must be a dict \{layer l: array\} or a list of arrays for layers 1, 2, ..., got "
     r"ndarray"),
    (lambda: Gradients([np.ones((2, 3, 2)), np.ones((1, 3))], [np.ones((2, 3)), np.ones(1)]),
     ShapeError, r"^dW\[2\] \(∂C/∂W\^2\) must have 3 axes like dW\[1\] \(2, 3, 2\) \(a leading "
                 r"one of m samples per sample\), but got array of shape \(1, 3\)$"),
    (lambda: Gradients([np.ones((2, 3, 2)), np.ones((4, 1, 3))], [np.ones((2, 3)),
                                                                   np.ones((4, 1))]),
     ShapeError, r"^dW\[2\] \(∂C/∂W\^2\) must have 3 axes like dW\[1\] \(2, 3, 2\) .* but got "
                 r"array of shape \(4, 1, 3\)$"),
    (lambda: Gradients([np.ones((3, 2))], [np.ones(3)], delta=[np.ones((2, 5))]), ShapeError,
     r"^delta\[1\] \(δ\^1\) must have shape \(3, 5\) \(one sample per column, n_1 = 3 as in "
     r"dW\[1\] \(3, 2\)\), but got array of shape \(2, 5\)$"),
    (lambda: Gradients([np.ones((2, 3, 2))], [np.ones((2, 3))], delta=[np.ones((3, 4))]),
     ShapeError, r"^delta\[1\] \(δ\^1\) must have shape \(3, 2\) .* but got array of shape "
                 r"\(3, 4\)$"),
    (lambda: Gradients([np.ones((2, 3)), np.ones((3, 1))], [np.ones(3), np.ones(1)],
                       delta=[np.ones((3, 4)), np.ones((3, 1))], layout="rows"), ShapeError,
     r"^delta\[1\] \(δ\^1\) must have shape \(3, 3\) \(one sample per row, n_1 = 3 as in "
     r"dW\[1\] \(2, 3\)\), but got array of shape \(3, 4\)$"),
    (lambda: Gradients({1: np.ones((3, 2))}, {1: np.ones(3)},
                       delta=[np.ones((3, 1)), np.ones((1, 1))]),
     ShapeError, r"^delta must hold the layers of dW, \[1\], but has \[1, 2\]$"),
    (lambda: Gradients([np.ones((3, 2))], [np.ones(3)], layout="r"), ArgumentError,  # type: ignore[arg-type]
     r"^layout must be 'columns' or 'rows', got 'r'$"),
    (lambda: Gradients([np.ones((3, 2))], [np.ones(3)]).mean(), ArgumentError,
     r"^mean\(\) reduces per-sample gradients over the samples, but these are already a "
     r"batch gradient \(dW\^1 of shape \(3, 2\), no sample axis\)$"),
    (lambda: Gradients([np.ones((0, 3, 2))], [np.ones((0, 3))]).sum(), ShapeError,
     r"^sum\(\) over the samples needs at least one, but dW\^1 has shape \(0, 3, 2\)$"),
    (lambda: Gradients([np.ones(3)], [np.ones(3)]), ShapeError,
     r"^dW\[1\] \(∂C/∂W\^1\) must be a matrix \(n_1, n_0\), or an array \(m, n_1, n_0\) of "
     r"per-sample gradients, but got array of shape \(3,\)$"),
    (lambda: Gradients([[["a"]]], [[1.0]]), ArgumentTypeError,
     r"^dW\[1\] \(∂C/∂W\^1\) must be an array of real numbers"),
])
def test_bad_per_layer_arrays_give_a_clear_error(make: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        make()
