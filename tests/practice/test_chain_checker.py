"""The chain-rule checker's points: where finite differences agree, and where none can."""

from __future__ import annotations

import numpy as np

from backprop_core.checks.gradcheck import check_gradient
from backprop_core.practice import check_chain_derivative
from backprop_core.practice.chain import POINTS, RTOL, chain_derivative, chain_function


def test_the_exact_derivative_agrees_with_finite_differences() -> None:
    for x in POINTS[:-1]:
        f = lambda v: chain_function(float(v[0]))  # noqa: E731
        assert check_gradient(f, [x], [chain_derivative(x)]).ok


def test_no_finite_difference_reaches_the_tolerance_at_the_last_point() -> None:
    x = POINTS[-1]
    exact = chain_derivative(x)
    for h in np.logspace(-11, -2, 37):
        central = (chain_function(x + h) - chain_function(x - h)) / (2 * h)
        assert abs(central - exact) > 10 * RTOL * abs(exact), h


def test_a_numpy_scalar_or_zero_dimensional_array_is_a_number() -> None:
    assert check_chain_derivative(lambda x: np.array(chain_derivative(x)), quiet=True).ok
    report = check_chain_derivative(lambda x: True, quiet=True)
    assert report.mistake == "not-numbers" and "returned bool True" in str(report)


def test_an_infinite_value_and_an_unknown_mistake() -> None:
    report = check_chain_derivative(lambda x: float("inf"), quiet=True)
    assert report.mistake == "not-finite" and "returned inf" in str(report)
    report = check_chain_derivative(lambda x: 3 * x, quiet=True)
    assert report.mistake == "wrong-value"
    assert "yours is 0.9, the right value is 0.6538" in str(report)
