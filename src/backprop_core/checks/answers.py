"""Checking a learner's answer to an exercise, without giving the answer away.

The expected value is always computed by the package (reverse mode, forward mode, ...),
never typed into the notebook.  An answer ``x`` is right for the expected value ``v`` when

    |x − v| ≤ rel_tol · |v|          (relative: 1e-3 accepts four significant digits)
    or |x − v| ≤ abs_tol             (an absolute floor, 0 unless the caller gives one)

The floor is for answers whose expected value can be 0 (a dead relu's δ, say), where a
relative tolerance accepts only 0 itself; give it only there.  Every message states the
tolerance, and none prints the expected value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from backprop_core.errors import (
    ArgumentTypeError,
    UnknownAnswerError,
    check_real,
    describe,
)

DEFAULT_REL_TOL = 1e-3
"""Four significant digits are enough: the value rounded as the book prints it (``fmt``,
four significant digits) is within 5·10⁻⁴ of the exact one."""


@dataclass(frozen=True)
class AnswerCheck:
    """The outcome of one check: ``right`` and the message shown to the learner."""

    name: str
    right: bool
    message: str

    def __bool__(self) -> bool:
        return self.right

    def __repr__(self) -> str:
        return self.message


def describe_tolerance(rel_tol: float, abs_tol: float = 0.0) -> str:
    """How a learner reads the tolerance: ``within 0.1% of the book's value`` (a relative
    tolerance as a percentage), ``... or ±1e-09`` with a floor, ``exactly`` for none."""
    rel_tol = check_real(rel_tol, "rel_tol", nonnegative=True)
    abs_tol = check_real(abs_tol, "abs_tol", nonnegative=True)
    parts = []
    if rel_tol:
        parts.append(f"{rel_tol * 100:g}% of the book's value")
    if abs_tol:
        parts.append(f"±{abs_tol:g}")
    return "within " + " or ".join(parts) if parts else "exactly"


def within(value: float, expected: float, rel_tol: float, abs_tol: float = 0.0) -> bool:
    """|value − expected| ≤ max(rel_tol·|expected|, abs_tol)."""
    value, expected = check_real(value, "value"), check_real(expected, "expected")
    rel_tol = check_real(rel_tol, "rel_tol", nonnegative=True)
    abs_tol = check_real(abs_tol, "abs_tol", nonnegative=True)
    return abs(value - expected) <= max(rel_tol * abs(expected), abs_tol)


def check_answer(
    given: float | None, expected: float, *, name: str = "your answer",
    rel_tol: float = DEFAULT_REL_TOL, abs_tol: float = 0.0,
) -> AnswerCheck:
    """Compare ``given`` with ``expected`` (the rule in the module docstring).

    ``None`` (the placeholder in an exercise cell) is not an error: it asks for an answer.
    The returned object prints as a one-line message that states the tolerance.
    """
    # the expected value comes from the package: a bad one is a bug to report, not a hint
    expected_value = check_real(expected, "expected")
    rel_tol = check_real(rel_tol, "rel_tol", nonnegative=True)
    abs_tol = check_real(abs_tol, "abs_tol", nonnegative=True)
    tolerance = describe_tolerance(rel_tol, abs_tol)
    if given is None:
        return AnswerCheck(name, False, f"{name}: not answered yet (replace None by a "
                           f"number; right {tolerance})")
    try:
        value = float(given)
    except (TypeError, ValueError, OverflowError):
        return AnswerCheck(name, False, f"{name}: {given!r} is not a number")
    if not math.isfinite(value):
        return AnswerCheck(name, False, f"{name}: {value} is not a finite number")
    if within(value, expected_value, rel_tol, abs_tol):
        return AnswerCheck(name, True, f"{name} = {value:g}: right ({tolerance})")
    hint = "too large" if value > expected_value else "too small"
    return AnswerCheck(name, False, f"{name} = {value:g}: not yet ({hint}; right means "
                       f"{tolerance}); try again")


def check_answers(
    given: dict[str, float | None], expected: dict[str, float], *,
    rel_tol: float = DEFAULT_REL_TOL, abs_tol: float = 0.0,
) -> list[AnswerCheck]:
    """``check_answer`` for several named answers; unknown names are reported, not ignored."""
    for arg, value in (("given", given), ("expected", expected)):
        if not isinstance(value, dict):
            raise ArgumentTypeError(f"{arg} must be a dict of named answers, got "
                                    f"{describe(value)}")
    unknown = sorted(set(given) - set(expected))
    if unknown:
        raise UnknownAnswerError(f"no exercise answer is called {unknown}; expected names: "
                                 f"{sorted(expected)}")
    return [check_answer(given.get(k), v, name=k, rel_tol=rel_tol, abs_tol=abs_tol)
            for k, v in expected.items()]
