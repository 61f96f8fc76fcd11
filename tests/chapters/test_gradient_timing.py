"""gradient_cost.py: finite differences cost 2P forward passes; timings are measured."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.chapters.gradient_timing import finite_difference_gradient, time_gradients
from backprop_core.checks.gradcheck import check_gradient
from backprop_core.errors import ArgumentError
from backprop_core.networks.network import Network


@pytest.fixture
def setup() -> tuple[Network, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    net = Network.from_sizes([2, 4, 4, 3], "sigmoid", seed=1)
    return net, rng.normal(size=(2, 5)), rng.uniform(size=(3, 5))


def test_finite_differences_take_two_passes_per_parameter_and_agree(setup) -> None:
    net, X, Y = setup
    before = net.get_params()
    grad, passes = finite_difference_gradient(net, X, Y)
    assert passes == 2 * net.n_params
    np.testing.assert_array_equal(net.get_params(), before)

    def cost(t: np.ndarray) -> float:
        probe = net.copy()
        probe.set_params(t)
        return probe.cost(X, Y)

    assert check_gradient(cost, before, grad, tolerance=1e-6).ok
    np.testing.assert_allclose(grad, net.gradients(X, Y).flat(), rtol=1e-6, atol=1e-10)


def test_timing_reports_positive_times_and_backprop_wins(setup) -> None:
    net, X, Y = setup
    timing = time_gradients(net, X, Y, repeats=2)
    assert timing.n_params == 47 and timing.finite_difference_passes == 94
    assert min(timing.backprop_seconds, timing.forward_seconds) > 0
    # 94 forward passes against one forward and one backward: a wide margin
    assert timing.ratio > 5
    with pytest.raises(ArgumentError, match="repeats must be an integer >= 1, got 0"):
        time_gradients(net, X, Y, repeats=0)
    with pytest.raises(ArgumentError, match="repeats must be an integer, got 2.5"):
        time_gradients(net, X, Y, repeats=2.5)  # type: ignore[arg-type]
