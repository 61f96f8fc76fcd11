"""What a checker tells the reader: a verdict, the first mistake found, and a hint."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

PASS = "\u2714"  # ✔
FAIL = "\u2718"  # ✘


@dataclass
class Report:
    """The outcome of a checker: ``ok`` and the lines printed for the reader.

    ``mistake`` is a short code for the mistake recognised (``"missing-transpose"``,
    ``"sum-not-mean"``, ...), empty when all is right or the mistake is not one the checker
    knows; tests use it, readers read ``lines``.
    """

    exercise: str
    ok: bool = False
    mistake: str = ""
    lines: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(self.lines)

    def __bool__(self) -> bool:
        return self.ok


class Verdict(Exception):
    """Raised inside a checker to stop at the first mistake found."""

    def __init__(self, mistake: str, message: str) -> None:
        super().__init__(message)
        self.mistake = mistake
        self.message = message


def not_written(result: Any) -> bool:
    """True for the placeholder bodies ``...`` and ``pass`` (which return Ellipsis / None)."""
    if result is Ellipsis or result is None:
        return True
    if isinstance(result, tuple):
        return any(r is Ellipsis or r is None for r in result)
    return False


def call(what: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Call the reader's function; turn a crash into a Verdict that says where."""
    try:
        return fn(*args)
    except NotImplementedError:
        raise Verdict("not-written", f"{what} is not written yet: replace the `...` "
                      "(or `raise NotImplementedError`) by your code.") from None
    except Exception as err:  # the reader's code may raise anything
        raise Verdict("crash", f"{what} raised {type(err).__name__}: {err}") from None


def same(a: Any, b: Any, tol: float = 1e-7) -> bool:
    """Same shape and the same numbers, up to rounding."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=tol, atol=tol))


def as_array(value: Any, name: str) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Verdict("not-numbers", f"{name} is {type(value).__name__}, not an array of "
                      "numbers.") from None
    if not np.all(np.isfinite(arr)):
        raise Verdict("not-finite", f"{name} holds NaN or infinity.")
    return arr


def run(exercise: str, body: Callable[[Report], None], quiet: bool = False,
        success: str | None = None) -> Report:
    """Run a checker's ``body``, collect its verdict, print the report (unless quiet)."""
    report = Report(exercise)
    try:
        body(report)
        report.ok = True
    except Verdict as v:
        report.mistake = v.mistake
        report.lines.append(f"{FAIL} {v.message}")
    if report.ok:
        report.lines.insert(0, success or f"{PASS} {exercise}: right. Every gradient agrees with "
                            "finite differences (backprop_core.checks.gradcheck).")
    if not quiet:
        print(report)
    return report


