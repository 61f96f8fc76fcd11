r"""Exercise: the derivative of a chain of three functions.

y = exp(sin(x²)): with u = x² and v = sin u, the chain rule gives

    dy/dx = dy/dv · dv/du · du/dx = exp(v) · cos(u) · 2x,

each derivative taken at its own input (cos at u = x², not at x).

The checker compares the reader's value with this product, exact up to rounding
(relative 1e-12: any order of the three factors, math or numpy, is within 1e-15), at a few
points and at x = 250, where y oscillates so fast that no finite difference gets within
1e-10 of the derivative.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from numbers import Real
from typing import Any

import numpy as np

from ..errors import ArgumentError, check_real
from ..formatting import fmt
from .report import (
    NUMERICAL,
    NUMERICAL_HINT,
    PASS,
    Report,
    Verdict,
    call,
    label,
    returned_nothing,
    run,
    sentence,
    short,
)

POINTS = (0.3, -0.8, 1.1, 1.7, 250.0)
RTOL = 1e-12


def chain_function(x: float) -> float:
    """y = exp(sin(x²))."""
    return math.exp(math.sin(x * x))


def chain_derivative(x: float) -> float:
    """dy/dx = exp(sin(x²)) · cos(x²) · 2x, for a real x whose square x² is finite."""
    x = check_real(x, "x")
    u = x * x
    if not math.isfinite(u):
        raise ArgumentError(f"x must be at most 1.3e154 in size, so that u = x² fits in "
                            f"float64, got {x:g}")
    return math.exp(math.sin(u)) * math.cos(u) * 2 * x


def _e(x: float) -> float:
    return math.exp(math.sin(x * x))


MISTAKES: list[tuple[str, Callable[[float], float], str]] = [
    ("missing-inner", lambda x: _e(x) * math.cos(x * x),
     "the factor du/dx = 2x is missing: every link of the chain contributes its derivative."),
    ("half-inner", lambda x: _e(x) * math.cos(x * x) * x,
     "the inner derivative is d(x²)/dx = 2x, not x."),
    ("inner-no-x", lambda x: _e(x) * math.cos(x * x) * 2,
     "the inner derivative is d(x²)/dx = 2x, not 2."),
    ("missing-middle", lambda x: _e(x) * 2 * x,
     "the factor dv/du = cos(u) is missing: every link of the chain contributes its "
     "derivative."),
    ("missing-outer", lambda x: math.cos(x * x) * 2 * x,
     "the factor dy/dv = exp(v) is missing: the outer function's derivative, exp(v) with "
     "v = sin(x²), multiplies the rest."),
    ("sin-not-cos", lambda x: _e(x) * math.sin(x * x) * 2 * x,
     "the derivative of sin is cos: dv/du = cos(u), not sin(u)."),
    ("minus-sin", lambda x: -_e(x) * math.sin(x * x) * 2 * x,
     "the derivative of sin is cos (−sin is the derivative of cos): dv/du = cos(u)."),
    ("wrong-point", lambda x: _e(x) * math.cos(x) * 2 * x,
     "the derivative of sin is taken at x, but sin is applied to u = x²: its derivative "
     "is cos(u) = cos(x²), each derivative at its own input."),
    ("outer-at-x", lambda x: math.exp(math.sin(x)) * math.cos(x * x) * 2 * x,
     "the outer derivative exp is taken at sin(x), but its input is v = sin(x²)."),
    ("sum-not-product", lambda x: _e(x) + math.cos(x * x) + 2 * x,
     "the three derivatives are added; along a chain they multiply."),
    ("returns-y", _e, "this is y itself, not its derivative dy/dx."),
]


def _number(given: Any, what: str, x: float) -> float:
    if isinstance(given, np.ndarray) and given.shape == ():
        given = given[()]
    if isinstance(given, bool) or not isinstance(given, Real):
        raise Verdict("not-numbers", f"{what}({x}) returned {type(given).__name__} "
                      f"{short(given)}, not a number: return dy/dx at x, one float.")
    try:
        value = float(given)
    except OverflowError:  # an int beyond float64, 10**400
        value = math.inf
    if not math.isfinite(value):
        raise Verdict("not-finite", f"{what}({x}) returned {short(given)}.")
    return value


def check_chain_derivative(fn: Callable[[float], Any], *, quiet: bool = False) -> Report:
    """Check ``fn(x) = dy/dx`` for y = exp(sin(x²)) at a few points."""
    what = label(fn, "dy_dx")

    def body(report: Report) -> None:
        for x in POINTS:
            given = call(f"{what}({x})", fn, x)
            if given is None or given is Ellipsis:
                raise returned_nothing(fn, what, "return a number", given)
            value = _number(given, what, x)
            right = chain_derivative(x)
            if abs(value - right) <= RTOL * abs(right):
                continue
            for code, wrong, hint in MISTAKES:
                if math.isclose(value, wrong(x), rel_tol=1e-9, abs_tol=1e-300):
                    raise Verdict(code, f"at x = {x}: yours is {fmt(value)}, the right value "
                                  f"is {fmt(right)}. {sentence(hint)}")
            off = abs(value - right) / abs(right)
            if off <= NUMERICAL:
                digits = max(0, int(-math.log10(max(off, 1e-16))))
                raise Verdict("numerical", f"at x = {x}: yours is {fmt(value, 12)}, the "
                              f"exact value is {fmt(right, 12)}: it agrees to about "
                              f"{digits} significant digits only; {NUMERICAL_HINT}")
            raise Verdict("wrong-value", f"at x = {x}: yours is {fmt(value)}, the right value "
                          f"is {fmt(right)}. The chain rule gives dy/dx = exp(v)·cos(u)·2x "
                          "with u = x², v = sin(u).")
        report.lines.append(f"x = {', '.join(map(str, POINTS))}: dy/dx is exact.")

    return run(what, body, quiet, success=f"{PASS} {what}: right.")
