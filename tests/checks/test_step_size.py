"""step_size.py: the error of one-sided and centred differences against h, and the model."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.checks.step_size import (
    SCHEMES,
    best_step,
    difference,
    epsilon,
    model_error,
    step_errors,
)
from backprop_core.errors import ArgumentError


def f(x: np.floating) -> np.floating:
    return np.exp(x) * np.sin(x)


X0 = 1.0
SLOPE = float(np.exp(X0) * (np.sin(X0) + np.cos(X0)))
F2 = float(abs(2 * np.exp(X0) * np.cos(X0)))
F3 = float(abs(2 * np.exp(X0) * (np.cos(X0) - np.sin(X0))))


def test_epsilon_is_numpys() -> None:
    assert epsilon("float64") == np.finfo(np.float64).eps
    assert epsilon("float32") == np.finfo(np.float32).eps
    with pytest.raises(ArgumentError, match="'float64' or 'float32', got 'float16'"):
        epsilon("float16")


def test_truncation_is_of_order_h_and_h_squared() -> None:
    """Halving h halves the one-sided error and quarters the centred one (where
    truncation rules)."""
    for scheme, order in (("one-sided", 1), ("centred", 2)):
        big, small = step_errors(f, SLOPE, X0, [1e-2, 5e-3], scheme)
        assert big / small == pytest.approx(2**order, rel=0.05)


def test_float32_holds_every_number_in_float32() -> None:
    assert difference(f, X0, 1e-9, "centred", "float32") == 0.0  # x ± h rounds to x
    assert difference(f, X0, 1e-9, "centred", "float64") == pytest.approx(SLOPE, rel=1e-6)


def test_the_measured_minimum_is_near_the_models_best_step() -> None:
    steps = np.logspace(-13, -0.5, 60)
    for dtype in ("float64", "float32"):
        for scheme in SCHEMES:
            errors = step_errors(f, SLOPE, X0, steps, scheme, dtype)
            h = best_step(scheme, eps=epsilon(dtype), size=abs(float(f(X0))),
                          curvature=F2 if scheme == "one-sided" else F3)
            assert 0.03 < steps[int(np.argmin(errors))] / h < 30, (dtype, scheme)
            modelled = model_error([h], scheme, eps=epsilon(dtype), size=abs(float(f(X0))),
                                   curvature=F2 if scheme == "one-sided" else F3, slope=SLOPE)
            assert errors.min() <= modelled[0]  # the model adds worst cases


def test_best_step_formulas() -> None:
    assert best_step("one-sided", eps=2e-16, size=1.0, curvature=2.0) == pytest.approx(
        np.sqrt(2e-16))
    assert best_step("centred", eps=1e-15, size=1.0, curvature=3.0) == pytest.approx(1e-5)


@pytest.mark.parametrize("call", [
    lambda: difference(f, X0, 1e-3, "backward"),  # type: ignore[arg-type]
    lambda: best_step("forward", eps=1e-16, size=1, curvature=1),  # type: ignore[arg-type]
])
def test_an_unknown_scheme_is_named(call: object) -> None:
    with pytest.raises(ArgumentError, match="scheme must be 'one-sided' or 'centred'"):
        call()  # type: ignore[operator]


def test_step_errors_needs_a_slope_that_is_not_zero() -> None:
    with pytest.raises(ArgumentError, match="f'\\(x\\) ≠ 0"):
        step_errors(f, 0.0, X0, [1e-3], "centred")
