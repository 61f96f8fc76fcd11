"""Specs of backprop_core.practice's checker helpers (see support/contract.py): the finite
differences exercise's checker, the bug report's reading, the report's texts. (The
exercises' own checkers are in top.py; the bug hunt's specs may live in practice.py.)"""

from __future__ import annotations

import math
from typing import Any

from backprop_core.formatting import fmt
from backprop_core.practice import finite_differences, report
from support.contract import Spec


def centred_difference(f: Any, x: Any, i: int, h: float) -> float:
    """A right solution: (f(x + h·e_i) − f(x − h·e_i)) / 2h, x left as it was."""
    up, down = x.copy(), x.copy()
    up[i] += h
    down[i] -= h
    return float((f(up) - f(down)) / (2 * h))


def relative_error(a: float, n: float, floor: float = 1e-8) -> float:
    """A right solution: |a − n| / max(|a| + |n|, floor)."""
    return abs(a - n) / max(abs(a) + abs(n), floor)


def _check_fd(args: dict[str, Any], result: report.Report) -> None:
    right = (args["centred_difference"] is centred_difference
             and args["relative_error"] is relative_error)
    assert result.ok == right, str(result)


def _check_texts(args: dict[str, Any], result: tuple[str, ...]) -> None:
    text = repr(args["value"])
    assert result[0] == (text if len(text) <= 40 else text[:39] + "\u2026")
    shown = fmt(args["x"])
    assert result[1] == (f"({shown})" if shown.startswith("-") else shown)


SPECS: list[Spec] = [
    Spec("finite_differences.check_finite_differences",
         (finite_differences.check_finite_differences,
          finite_differences.check_centred_difference,
          finite_differences.check_relative_error, finite_differences.f_test),
         lambda centred_difference, relative_error: finite_differences.check_finite_differences(
             centred_difference, relative_error, quiet=True),
         lambda: {"centred_difference": centred_difference, "relative_error": relative_error},
         {"centred_difference": "callable", "relative_error": "callable"}, check=_check_fd,
         extra={"centred_difference": (lambda f, x, i, h: (f(x + h) - f(x - h)) / (2 * h),
                                       lambda f, x, i, h: None, math.exp),
                "relative_error": (lambda a, n: abs(a - n) / abs(a + n),
                                   lambda a, n: abs(a - n), lambda a, n: [a, n])}),
    Spec("report.texts", (report.short, report.factor, report.label, report.is_stub),
         lambda value, x, fn: (report.short(value), report.factor(x), report.label(fn, "f"),
                               report.is_stub(fn)),
         lambda: {"value": [1.5] * 30, "x": -2.0, "fn": centred_difference},
         {"value": "object", "x": "custom", "fn": "object"}, says={"x": ("x",)},
         check=_check_texts,
         extra={"x": (None, math.nan, 0.5, 1e308, "1", True, -0.0, math.inf),
                "fn": (lambda: ..., len, print)}),
]
