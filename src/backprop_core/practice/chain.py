r"""Exercise: the derivative of a chain of three functions.

y = exp(sin(x²)): with u = x² and v = sin u, the chain rule gives

    dy/dx = dy/dv · dv/du · du/dx = exp(v) · cos(u) · 2x,

each derivative taken at its own input (cos at u = x², not at x).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ..checks.gradcheck import check_gradient
from ..formatting import fmt
from .report import Report, Verdict, call, run

POINTS = (0.3, -0.8, 1.1, 1.7)


def chain_function(x: float) -> float:
    """y = exp(sin(x²))."""
    return math.exp(math.sin(x * x))


MISTAKES: list[tuple[str, Callable[[float], float], str]] = [
    ("missing-inner", lambda x: math.exp(math.sin(x * x)) * math.cos(x * x),
     "the factor du/dx = 2x is missing: every link of the chain contributes its derivative."),
    ("wrong-point", lambda x: math.exp(math.sin(x * x)) * math.cos(x) * 2 * x,
     "cos is taken at x, but sin is applied to u = x²: its derivative is cos(u) = cos(x²), "
     "each derivative at its own input."),
    ("outer-at-x", lambda x: math.exp(math.sin(x)) * math.cos(x * x) * 2 * x,
     "the outer derivative exp is taken at sin(x), but its input is v = sin(x²)."),
    ("sum-not-product", lambda x: math.exp(math.sin(x * x)) + math.cos(x * x) + 2 * x,
     "the three derivatives are added; along a chain they multiply."),
]


def check_chain_derivative(fn: Callable[[float], Any], *, quiet: bool = False) -> Report:
    """Check ``fn(x) = dy/dx`` for y = exp(sin(x²)) at a few points."""

    def body(report: Report) -> None:
        label = getattr(fn, "__name__", "dy_dx")
        for x in POINTS:
            given = call(label, fn, x)
            if given is Ellipsis or given is None:
                raise Verdict("not-written", f"{label} is not written yet: replace the `...` "
                              "and return a number.")
            try:
                value = float(given)
            except (TypeError, ValueError):
                raise Verdict("not-numbers", f"{label}({x}) returned {given!r}, not a "
                              "number.") from None
            result = check_gradient(lambda v: chain_function(float(v[0])), [x], [value])
            if not result.ok:
                for code, wrong, hint in MISTAKES:
                    if math.isclose(value, wrong(x), rel_tol=1e-7, abs_tol=1e-12):
                        raise Verdict(code, f"at x = {x}: {hint}")
                raise Verdict("gradcheck", f"at x = {x}: yours is {fmt(value)}, finite "
                              f"differences give {fmt(result.worst.numeric)}.")
        report.lines.append(f"x = {', '.join(map(str, POINTS))}: dy/dx agrees with finite "
                            "differences.")

    return run("dy_dx", body, quiet)
