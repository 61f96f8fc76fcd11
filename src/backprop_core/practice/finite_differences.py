r"""Exercise: the two halves of a gradient check, a centred difference and a relative error.

The reader writes

* ``centred_difference(f, x, i, h)``: (f(x + h e_i) - f(x - h e_i)) / (2h), for a function f
  of a float vector x, leaving x as it was;
* ``relative_error(a, n, floor=1e-8)``: |a - n| / max(|a| + |n|, floor).

Each is checked on its own. The difference is compared with the exact centred difference
of the same f at the same h (the same floats, so they agree to rounding), at two steps (so
a step of one's own shows), on a function whose every partial derivative differs; the
usual slips are recognised from the number returned: one-sided, h instead of 2h, every
coordinate moved at once, x not put back (or put back to the wrong place). The error is
tried on pairs that expose its slips: an absolute error, a denominator of |a| or
max(|a|, |n|), |a + n| (0 for opposite signs), no floor (0/0).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..formatting import fmt
from .capstone.probe import attempt, is_stub, short, show
from .report import Report, Verdict, run

X0 = np.array([0.7, -1.2, 0.4])


def f_test(x: np.ndarray) -> float:
    """f(x) = x0³ + 2·x0·x1 + e^{x2}·x1: every partial differs, and none is linear in h."""
    return float(x[0] ** 3 + 2 * x[0] * x[1] + np.exp(x[2]) * x[1])


def _moved(x: np.ndarray, i: int, step: float) -> np.ndarray:
    y = x.copy()
    y[i] += step
    return y


def _variants(i: int, h: float) -> dict[str, tuple[float, str]]:
    """What the usual slips return, with their hints."""
    up, down, here = f_test(_moved(X0, i, h)), f_test(_moved(X0, i, -h)), f_test(X0)
    every = f_test(X0 + h) - f_test(X0 - h)
    return {
        "one-sided": ((up - here) / h, "this is the one-sided difference (f(x + h·e_i) − f(x))/h, "
                      "whose error is of order h; the centred one, (f(x + h·e_i) − f(x − h·e_i))"
                      "/(2h), is of order h²."),
        "backward-difference": ((here - down) / h, "this is the one-sided difference (f(x) − "
                                "f(x − h·e_i))/h; take both sides, x + h·e_i and x − h·e_i, "
                                "and divide by 2h."),
        "h-not-2h": ((up - down) / h, "the difference is divided by h: the two points are 2h "
                     "apart, so divide by 2h."),
        "every-coordinate": (every / (2 * h), "every coordinate of x was moved, not only "
                             "x[i]: the step is h·e_i, the unit vector along coordinate i."),
        "down-by-h-only": ((up - here) / (2 * h), "after x[i] += h the second point is x[i] "
                           "-= h, which is back at x itself, not at x − h·e_i: step down by "
                           "2h, or work on copies of x."),
    }


def _difference(fn: Callable[..., Any], i: int, h: float) -> float:
    x = X0.copy()
    label = f"centred_difference(f, x, {i}, {h:g})"
    result = attempt(label, lambda: fn(f_test, x, i, h))
    if result is None or result is Ellipsis:
        raise Verdict("not-written", f"{label} returned {result!r}: return the slope along "
                      "coordinate i, one number.")
    arr = np.asarray(result)
    if arr.shape != ():
        raise Verdict("not-a-number", f"{label} returned an array of shape {arr.shape}; return "
                      "one number (shape ()), the slope along coordinate i.")
    if not np.array_equal(x, X0):
        raise Verdict("changed-input", f"{label} left x = {x.tolist()}, but it was "
                      f"{X0.tolist()}: put x back as it was (or work on copies), since f is "
                      "evaluated at x again and again.")
    return float(arr)


def check_centred_difference(fn: Callable[..., Any]) -> None:
    if is_stub(fn):
        raise Verdict("not-written", "centred_difference is not written yet: replace its `...`.")
    for h in (1e-3, 1e-5):
        for i in range(X0.size):
            mine = _difference(fn, i, h)
            up, down = f_test(_moved(X0, i, h)), f_test(_moved(X0, i, -h))
            right = (up - down) / (2 * h)
            if abs(mine - right) <= 1e-9 * max(1.0, abs(right)):
                continue
            for code, (value, hint) in _variants(i, h).items():
                if abs(mine - value) <= 1e-9 * max(1.0, abs(value)):
                    raise Verdict(code, f"centred_difference(f, x, {i}, {h:g}) gives "
                                  f"{fmt(mine, 8)}: {hint}")
            for other in (1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8):
                twin = (f_test(_moved(X0, i, other)) - f_test(_moved(X0, i, -other))) / (2 * other)
                if other != h and abs(mine - twin) <= 1e-9 * max(1.0, abs(twin)):
                    raise Verdict("ignores-h", f"centred_difference(f, x, {i}, {h:g}) is the "
                                  f"centred difference with h = {other:g}: use the argument h.")
            raise Verdict("difference", f"centred_difference(f, x, {i}, {h:g}) is {fmt(mine, 8)}, "
                          f"expected (f(x + h·e_{i}) − f(x − h·e_{i}))/(2h) = {fmt(right, 8)}.")


PAIRS = [(2.0, 2.2), (1.0, -1.0), (0.0, 0.0), (3e-12, -1e-12), (2e6, 2.2e6), (-0.5, -0.25)]


def _right_error(a: float, n: float, floor: float = 1e-8) -> float:
    return abs(a - n) / max(abs(a) + abs(n), floor)


def _error_variants(a: float, n: float) -> dict[str, tuple[float, str]]:
    big = max(abs(a), abs(n))
    return {
        "absolute": (abs(a - n), "this is the absolute error |a − n|: divide by |a| + |n|, so "
                     "that the size of the gradient does not decide the verdict."),
        "over-a": (abs(a - n) / abs(a) if a else np.inf, "this divides by |a| alone: the "
                   "book divides by |a| + |n|, symmetric in a and n."),
        "over-max": (abs(a - n) / big if big else np.inf, "this divides by max(|a|, |n|) "
                     "(cs231n's form); the book divides by |a| + |n|, so that its thresholds "
                     "read the same: use max(|a| + |n|, floor)."),
        "no-abs": ((a - n) / max(abs(a) + abs(n), 1e-8), "the error is negative: take "
                   "|a − n|, a distance."),
        "abs-of-sum": (abs(a - n) / max(abs(a + n), 1e-8), "this divides by |a + n|, which "
                       "is 0 when a and n have opposite signs: add the sizes, |a| + |n|."),
        "ignores-floor": (abs(a - n) / (abs(a) + abs(n)) if a or n else 0.0, "for numbers this "
                          "small the floor decides: divide by max(|a| + |n|, floor), with the "
                          "floor argument."),
    }


def check_relative_error(fn: Callable[..., Any]) -> None:
    if is_stub(fn):
        raise Verdict("not-written", "relative_error is not written yet: replace its `...`.")
    for a, n in PAIRS:
        label = f"relative_error({a:g}, {n:g})"
        try:
            result = fn(a, n)
        except ZeroDivisionError:
            if a == -n and a:
                raise Verdict("abs-of-sum", f"{label} divides by zero: |a + n| is 0 when a and "
                              "n have opposite signs. Add the sizes: |a| + |n|.") from None
            raise Verdict("no-floor", f"{label} divides by zero: with a = n = 0 the "
                          "denominator is 0. Divide by max(|a| + |n|, floor).") from None
        except Exception as err:  # the reader's code may raise anything
            raise Verdict("crash", f"{label} raised {type(err).__name__}: {err}") from None
        if result is None or result is Ellipsis:
            raise Verdict("not-written", f"{label} returned {result!r}: return one number.")
        arr = np.asarray(result)
        if arr.shape != () or arr.dtype.kind not in "fiu":
            raise Verdict("not-a-number", f"{label} returned {short(result)}: return one "
                          "number.")
        mine, right = float(arr), _right_error(a, n)
        if abs(mine - right) <= 1e-12 * max(1.0, right):
            continue
        if not np.isfinite(mine):
            hint = ("|a + n| is 0 when a and n have opposite signs: add the sizes, |a| + |n|."
                    if a == -n and a else "the denominator is 0: divide by max(|a| + |n|, floor).")
            raise Verdict("no-floor" if not a else "abs-of-sum", f"{label} gives {mine}: {hint}")
        for code, (value, hint) in _error_variants(a, n).items():
            if np.isfinite(value) and abs(mine - value) <= 1e-9 * max(abs(value), 1e-300):
                raise Verdict(code, f"{label} gives {fmt(mine, 6)}, expected {fmt(right, 6)}: "
                              f"{hint}")
        raise Verdict("error", f"{label} gives {fmt(mine, 6)}, expected |a − n|/max(|a| + |n|, "
                      f"1e-8) = {fmt(right, 6)}.")


SUCCESS = ("\u2714 centred_difference and relative_error are right: the centred difference "
           "along coordinate i at the step asked for, x left as it was; the relative error "
           "|a − n|/max(|a| + |n|, floor), scale free, 0 for equal numbers, 1 for opposite "
           "signs, and defined at 0.")


def check_finite_differences(centred_difference: Callable[..., Any],
                             relative_error: Callable[..., Any], *,
                             quiet: bool = False) -> Report:
    """Check the reader's ``centred_difference`` and ``relative_error``, each on its own."""

    def body(report: Report) -> None:
        check_centred_difference(centred_difference)
        check_relative_error(relative_error)

    report = run("centred_difference and relative_error", body, True, success=SUCCESS)
    return show(report, quiet)
