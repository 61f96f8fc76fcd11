"""costs.py: C as a function of θ and of z^l; their gradients are backprop's, the logit
losses read z^L, and the network is never changed."""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

from typing import Any

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad
from hypothesis import given
from hypothesis import strategies as st

from backprop_core.checks.gradcheck import check_gradient
from backprop_core.errors import (
    ArgumentError,
    LayerIndexError,
    NonFiniteError,
    ShapeError,
)
from backprop_core.networks.activations import softmax
from backprop_core.networks.cost_functions import cost_of_params, cost_of_z
from backprop_core.networks.losses import softmax_cross_entropy
from backprop_core.networks.network import Network

LOSSES = ["squared_error", "binary_cross_entropy", "softmax_cross_entropy"]


@given(seed=st.integers(0, 10_000), m=st.integers(1, 4), loss=st.sampled_from(LOSSES),
       hidden=st.sampled_from(["sigmoid", "tanh", "relu"]))
def test_finite_differences_of_cost_of_z_give_delta_over_m(
    seed: int, m: int, loss: str, hidden: str, random_network: Any, random_targets: Any,
) -> None:
    net = random_network([2, 3, 4, 3], [hidden, hidden], loss, seed)
    rng = np.random.default_rng(seed)
    X, Y = rng.normal(size=(2, m)), random_targets(net, m, rng)
    grads = net.gradients(X, Y)
    for l in range(1, net.L + 1):
        C = cost_of_z(net, l, X, Y)
        assert C(C.z) == pytest.approx(grads.cost, rel=1e-12, abs=1e-300)
        # column x of δ^l is ∂C_x/∂z^l; the mean C = (1/m) Σ_x C_x has gradient δ^l / m
        result = check_gradient(C, C.z.ravel(), grads.delta[l].ravel() / m)
        assert result.ok, (l, result)


def test_cost_of_z_agrees_with_autograd_on_softmax_cross_entropy() -> None:
    # independent: the cost written out with autograd's numpy, softmax + log on the logits
    net = Network.from_sizes([2, 4, 3], ["tanh", "softmax"], loss="softmax_cross_entropy",
                             seed=3)
    rng = np.random.default_rng(4)
    X, Y = rng.normal(size=(2, 5)), np.eye(3)[:, rng.integers(0, 3, size=5)]
    grads = net.gradients(X, Y)
    W2, b2 = net.layer(2).W, net.layer(2).b

    def from_logits(z: Any) -> Any:
        log_p = z - anp.log(anp.sum(anp.exp(z), axis=0))
        return anp.mean(-anp.sum(Y * log_p, axis=0))

    def from_z1(z: Any) -> Any:
        return from_logits(anp.dot(W2, anp.tanh(z)) + b2[:, None])

    for l, independent in ((2, from_logits), (1, from_z1)):
        C = cost_of_z(net, l, X, Y)
        assert C(C.z) == pytest.approx(float(independent(C.z)), rel=1e-12)
        np.testing.assert_allclose(grad(independent)(C.z), grads.delta[l] / 5, rtol=1e-9,
                                   atol=1e-14)


def test_a_logit_loss_is_applied_to_z_not_to_a() -> None:
    net = Network.from_sizes([2, 3], "softmax", loss="softmax_cross_entropy", seed=0)
    x, y = np.array([0.5, -1.0]), np.array([0.0, 1.0, 0.0])
    C = cost_of_z(net, 1, x, y)
    z = C.z
    assert C(z) == pytest.approx(float(softmax_cross_entropy(z, y[:, None])[0]), rel=1e-14)
    wrong = float(softmax_cross_entropy(softmax(z), y[:, None])[0])  # the loss on a = σ(z)
    assert abs(C(z) - wrong) > 0.1
    assert C(z.ravel()) == C(z)  # one sample: z^l as a vector


def test_cost_of_params_is_the_networks_cost_and_backprop_is_its_gradient() -> None:
    net = Network.from_sizes([2, 3, 2], ["relu", "sigmoid"], seed=5)
    rng = np.random.default_rng(5)
    X, Y = rng.normal(size=(2, 6)), rng.uniform(size=(2, 6))
    theta = net.get_params()
    J = cost_of_params(net, X, Y)
    np.testing.assert_array_equal(J.theta, theta)
    moved = theta + 0.1
    assert J(moved) != J(theta)
    np.testing.assert_array_equal(net.get_params(), theta)  # the network is never changed
    twin = net.copy()
    twin.set_params(moved)
    assert J(moved) == twin.cost(X, Y)
    np.testing.assert_array_equal(J.gradient(moved), twin.gradients(X, Y).flat())
    assert check_gradient(J, theta, J.gradient(theta)).ok
    net.set_params(moved)  # made before: J keeps the parameters it was made with
    np.testing.assert_array_equal(J.theta, theta)


@pytest.mark.parametrize(("layer", "part", "size"), [
    (None, "W", 6 + 6), (None, "b", 3 + 2), (2, "all", 6 + 2), (1, "W", 6), (2, "b", 2),
])
def test_cost_of_params_takes_some_of_the_parameters(layer: int | None, part: Any,
                                                    size: int) -> None:
    net = Network.from_sizes([2, 3, 2], ["tanh", "sigmoid"], seed=6)
    net.set_params(np.random.default_rng(6).normal(size=net.n_params))
    rng = np.random.default_rng(7)
    X, Y = rng.normal(size=(2, 4)), rng.uniform(size=(2, 4))
    J = cost_of_params(net, X, Y, layer=layer, part=part)
    assert J.theta.shape == (size,)
    full = net.gradients(X, Y)
    layers = [1, 2] if layer is None else [layer]
    expected = np.concatenate([np.concatenate(
        ([full.dW[l].ravel()] if part in ("all", "W") else [])
        + ([full.db[l]] if part in ("all", "b") else [])) for l in layers])
    np.testing.assert_allclose(J.gradient(J.theta), expected, rtol=1e-14, atol=1e-16)
    assert check_gradient(J, J.theta, expected).ok


def test_cost_of_params_takes_one_weight_counted_as_in_the_book() -> None:
    net = Network.from_sizes([2, 3, 2], ["tanh", "sigmoid"], seed=8)
    rng = np.random.default_rng(8)
    X, Y = rng.normal(size=(2, 3)), rng.uniform(size=(2, 3))
    C = cost_of_params(net, X, Y, layer=2, weight=(2, 3))  # w^2_23: neuron 2 from neuron 3
    assert C.theta.tolist() == [net.layer(2).W[1, 2]] and C.what == "the one weight w^2_23"
    twin = net.copy()
    twin.layer(2).W[1, 2] = 0.25
    assert C([0.25]) == twin.cost(X, Y)
    assert C.gradient(C.theta)[0] == net.gradients(X, Y).dW[2][1, 2]
    assert check_gradient(C, C.theta, C.gradient(C.theta)).ok
    with pytest.raises(ArgumentError, match=r"^weight \(j, k\) = \(3, 1\) is not in layer 2: "
                                            r"w\^2_jk needs 1 <= j <= 2 and 1 <= k <= 3 "
                                            r"\(W\^2 has shape \(2, 3\)\)$"):
        cost_of_params(net, X, Y, layer=2, weight=(3, 1))
    with pytest.raises(ArgumentError, match=r"^weight=\(1, 1\) names w\^l_jk of one layer: "
                                            r"give layer=l"):
        cost_of_params(net, X, Y, weight=(1, 1))
    with pytest.raises(ArgumentError, match=r"^weight k \(the neuron of layer l-1\) must be an "
                                            r"integer >= 1, got 0$"):
        cost_of_params(net, X, Y, layer=1, weight=(1, 0))
    with pytest.raises(ArgumentError, match=r"^weight must be a pair \(j, k\), got 3$"):
        cost_of_params(net, X, Y, layer=1, weight=3)  # type: ignore[arg-type]


def test_bad_arguments_give_a_clear_error() -> None:
    net = Network.from_sizes([2, 3, 2], "sigmoid", seed=0)
    X, Y = np.zeros((2, 4)), np.zeros((2, 4))
    J = cost_of_params(net, X, Y, layer=1, part="W")
    with pytest.raises(ShapeError, match=r"^theta must have shape \(6,\), the weights of layer "
                                         r"1, row by row, but got array of shape \(17,\)$"):
        J(net.get_params())
    with pytest.raises(NonFiniteError, match=r"^theta contains nan"):
        J.gradient(np.full(6, np.nan))
    with pytest.raises(ArgumentError, match=r"^part must be 'all', 'W' or 'b', got 'w'$"):
        cost_of_params(net, X, Y, part="w")  # type: ignore[arg-type]
    with pytest.raises(LayerIndexError, match=r"^layers are numbered 1..2, got 3$"):
        cost_of_params(net, X, Y, layer=3)
    with pytest.raises(LayerIndexError, match=r"^layers are numbered 1..2, got 0$"):
        cost_of_z(net, 0, X, Y)
    with pytest.raises(ShapeError, match=r"^targets y must have shape \(2, 4\)"):
        cost_of_z(net, 1, X, Y[:, :3])
    C = cost_of_z(net, 2, X, Y)
    with pytest.raises(ShapeError, match=r"^z\^2 must have shape \(2, 4\) \(n_2 = 2 neurons, m = "
                                         r"4 samples\), or its 8 entries as one vector, but got "
                                         r"array of shape \(4, 2\)$"):
        C(np.zeros((4, 2)))
    with pytest.raises(ShapeError, match=r"got array of shape \(7,\)$"):
        C(np.zeros(7))
    with pytest.raises(NonFiniteError, match=r"^z\^2 contains inf"):
        C(np.full(8, np.inf))
