"""Checking a learner's answer to an exercise, without giving the answer away.

The expected value is always computed by the package (reverse mode, forward mode, ...),
never typed into the notebook; the learner's number is compared with a relative tolerance,
so 10.5 and 10.50000001 both count, and the message never prints the expected value.
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


def check_answer(
    given: float | None, expected: float, *, name: str = "your answer", rel_tol: float = 1e-6
) -> AnswerCheck:
    """Compare ``given`` with ``expected``: |given - expected| ≤ rel_tol·max(1, |expected|).

    ``None`` (the placeholder in an exercise cell) is not an error: it asks for an answer.
    The returned object prints as a one-line message.
    """
    # the expected value comes from the package: a bad one is a bug to report, not a hint
    expected_value = check_real(expected, "expected")
    rel_tol = check_real(rel_tol, "rel_tol", nonnegative=True)
    if given is None:
        return AnswerCheck(name, False, f"{name}: not answered yet (replace None by a number)")
    try:
        value = float(given)
    except (TypeError, ValueError, OverflowError):
        return AnswerCheck(name, False, f"{name}: {given!r} is not a number")
    if not math.isfinite(value):
        return AnswerCheck(name, False, f"{name}: {value} is not a finite number")
    if abs(value - expected_value) <= rel_tol * max(1.0, abs(expected_value)):
        return AnswerCheck(name, True, f"{name} = {value:g}: right")
    hint = "too large" if value > expected_value else "too small"
    return AnswerCheck(name, False, f"{name} = {value:g}: not yet ({hint}); try again")


def check_answers(
    given: dict[str, float | None], expected: dict[str, float], *, rel_tol: float = 1e-6
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
    return [check_answer(given.get(k), v, name=k, rel_tol=rel_tol) for k, v in expected.items()]
