"""Forward mode on a dense network: JVPs against backprop and autograd, the Jacobian both ways
with its counts."""

from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import jacobian

from backprop_core.errors import ArgumentError, ShapeError
from backprop_core.networks.network import Network
from backprop_core.networks.vjp.forward import (
    gradient_by_jvps,
    network_jvp,
    output_jacobian,
    split_params,
)


@pytest.mark.parametrize(("sizes", "acts", "loss"), [
    ([2, 4, 4, 3], "sigmoid", "squared_error"),
    ([3, 5, 4], ["tanh", "softmax"], "softmax_cross_entropy"),
    ([2, 3, 1], ["relu", "sigmoid"], "binary_cross_entropy"),
])
def test_one_jvp_per_parameter_gives_backprops_gradient(sizes, acts, loss) -> None:  # type: ignore[no-untyped-def]
    net = Network.from_sizes(sizes, acts, loss=loss, seed=3)
    rng = np.random.default_rng(1)
    X = rng.normal(size=(sizes[0], 5))
    if loss == "softmax_cross_entropy":
        Y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], 5)]
    else:
        Y = rng.uniform(size=(sizes[-1], 5))
    grads = net.gradients(X, Y)
    np.testing.assert_allclose(gradient_by_jvps(net, X, Y), grads.flat(), rtol=1e-10,
                               atol=1e-14)
    direction = rng.normal(size=net.n_params)
    cost, cost_dot = network_jvp(net, X, Y, direction)
    assert cost == pytest.approx(grads.cost, rel=1e-14)
    assert cost_dot == pytest.approx(grads.flat() @ direction, rel=1e-10)


def test_the_output_jacobian_both_ways_agrees_with_autograd_and_is_counted() -> None:
    net = Network.from_sizes([3, 5, 4], ["tanh", "softmax"], loss="softmax_cross_entropy",
                             seed=2)
    x = np.array([[0.3], [-1.0], [0.8]])
    W1, b1, W2, b2 = (net.layer(1).W, net.layer(1).b, net.layer(2).W, net.layer(2).b)

    def f(v):  # type: ignore[no-untyped-def]
        z = anp.dot(W2, anp.tanh(anp.dot(W1, v) + b1)) + b2
        e = anp.exp(z - anp.max(z))
        return e / anp.sum(e)

    expected = jacobian(f)(x[:, 0])
    fwd, rev = output_jacobian(net, x, "forward"), output_jacobian(net, x, "reverse")
    np.testing.assert_allclose(fwd.jacobian, expected, atol=1e-14)
    np.testing.assert_allclose(rev.jacobian, expected, atol=1e-14)
    per_pass = 5 * 3 + 4 * 5
    assert (fwd.passes, fwd.multiplications) == (3, 3 * 2 * per_pass)
    assert (rev.passes, rev.multiplications) == (4, per_pass + 4 * per_pass)


def test_forward_mode_refuses_what_it_cannot_do() -> None:
    net = Network.from_sizes([2, 3, 1], "sigmoid", seed=0)
    with pytest.raises(ShapeError, match=r"θ̇ must have shape \(13,\)"):
        network_jvp(net, np.ones((2, 1)), np.ones((1, 1)), np.ones(12))
    with pytest.raises(ShapeError, match="x must be one sample"):
        output_jacobian(net, np.ones((2, 2)), "forward")
    with pytest.raises(ArgumentError, match="mode must be 'forward' or 'reverse'"):
        output_jacobian(net, np.ones((2, 1)), "sideways")  # type: ignore[arg-type]
    pairs = split_params(net, net.get_params())
    assert [p[0].shape for p in pairs] == [(3, 2), (1, 3)]
