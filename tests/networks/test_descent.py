"""descent.py: full-batch gradient descent walks downhill; the cost surface of one neuron."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.errors import ArgumentError, ArgumentTypeError, BackpropError
from backprop_core.networks.descent import cost_surface, walk_downhill
from backprop_core.networks.network import Network


def test_walk_lowers_the_cost_and_each_step_is_minus_eta_times_the_gradient() -> None:
    net = Network.from_sizes([1, 1], "sigmoid")
    X, Y = np.array([[-2.0, -1.0, 1.0, 2.0]]), np.array([[0.0, 0.0, 1.0, 1.0]])
    probe = net.copy()
    walk = walk_downhill(net, X, Y, learning_rate=2.0, steps=10)
    assert len(walk.params) == len(walk.costs) == 11
    assert all(b < a for a, b in zip(walk.costs, walk.costs[1:], strict=False))
    for before, after in zip(walk.params, walk.params[1:], strict=False):
        probe.set_params(before)
        np.testing.assert_allclose(after, before - 2.0 * probe.gradients(X, Y).flat())
    np.testing.assert_array_equal(net.get_params(), walk.params[-1])
    with pytest.raises(ArgumentError, match="learning_rate must be > 0, got 0"):
        walk_downhill(net, X, Y, learning_rate=0.0, steps=1)


@pytest.mark.parametrize(("learning_rate", "steps", "error", "words"), [
    (float("nan"), 1, ArgumentError, "learning_rate must be a finite number, got nan"),
    (float("inf"), 1, ArgumentError, "learning_rate must be a finite number, got inf"),
    ("0.1", 1, ArgumentTypeError, "learning_rate must be a real number, got str '0.1'"),
    (0.1, -1, ArgumentError, "steps must be an integer >= 0, got -1"),
    (0.1, 2.7, ArgumentError, "steps must be an integer, got 2.7"),
])
def test_walk_downhill_names_a_bad_argument(learning_rate: object, steps: object,
                                            error: type[ArgumentError], words: str) -> None:
    net = Network.from_sizes([1, 1], "sigmoid", seed=0)
    keep = net.get_params()
    X, Y = np.array([[1.0, -1.0]]), np.array([[1.0, 0.0]])
    with pytest.raises(error, match=words) as info:
        walk_downhill(net, X, Y, learning_rate=learning_rate, steps=steps)  # type: ignore[arg-type]
    assert isinstance(info.value, BackpropError) and isinstance(info.value, ValueError)
    np.testing.assert_array_equal(net.get_params(), keep)  # refused before any step


def test_cost_surface_layout_and_restores_the_network() -> None:
    net = Network.from_sizes([1, 1], "sigmoid")
    X, Y = np.array([[1.0, -1.0]]), np.array([[1.0, 0.0]])
    keep = net.get_params()
    ws, bs = np.linspace(-2, 2, 5), np.linspace(-1, 1, 3)
    surface = cost_surface(net, X, Y, ws, bs)
    assert surface.shape == (3, 5)
    probe = net.copy()
    probe.set_params([ws[4], bs[0]])
    assert surface[0, 4] == pytest.approx(probe.cost(X, Y))
    np.testing.assert_array_equal(net.get_params(), keep)
    with pytest.raises(ArgumentError, match="two parameters"):
        cost_surface(Network.from_sizes([2, 1], "sigmoid"), X, Y, ws, bs)
