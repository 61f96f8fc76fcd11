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


@pytest.mark.parametrize(("h", "message"), [
    (1e-300, r"^h \(the step\) = 1e-300 is too small for x of size up to 1.35558: below 3e-13 "
             r"the rounding of x ± h and of f\(x ± h\) swamps the difference"),
    (1e-13, r"^h \(the step\) = 1e-13 is too small"),
    (0.0, r"^h \(the step\) must be > 0, got 0$"),
])
def test_a_step_the_differences_cannot_resolve_is_refused_not_a_zero_gradient(
        setup, h: float, message: str) -> None:
    net, X, Y = setup
    # before: h = 1e-300 returned a gradient of exactly 0 (x ± h rounds to x, or f(x ± h)
    # to f(x))
    with pytest.raises(ArgumentError, match=message):
        finite_difference_gradient(net, X, Y, h=h)


@pytest.mark.parametrize("h", [1e300, 1e308])
def test_a_large_step_that_fits_is_the_centred_difference_it_asks_for(setup, h: float) -> None:
    # x ± h fits; the difference of two far-away costs over 2h: tiny, and exact (before,
    # h = 1e308 divided by 2h = inf and gave 0)
    net, X, Y = setup
    grad = finite_difference_gradient(net, X, Y, h=h)[0]
    assert np.all(grad != 0)
    theta, probe = net.get_params(), net.copy()
    for i in range(0, net.n_params, 7):
        e = np.zeros_like(theta)
        e[i] = h
        probe.set_params(theta + e)
        up = probe.cost(X, Y)
        probe.set_params(theta - e)
        assert grad[i] == (up - probe.cost(X, Y)) / h / 2


def test_the_network_must_be_a_network(setup) -> None:
    _, X, Y = setup
    with pytest.raises(ArgumentError, match=r"^net must be a Network, got NoneType None$"):
        finite_difference_gradient(None, X, Y)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match=r"^repeats must be an integer >= 1, got 0$"):
        time_gradients(setup[0], X, Y, repeats=0)
