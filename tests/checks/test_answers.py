"""Exercise answers: right within tolerance, helpful when wrong, never reveal the answer."""

from __future__ import annotations

import math

import pytest

from backprop_core.checks.answers import check_answer, check_answers
from backprop_core.engine.examples import exercise_graph
from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    BackpropError,
    UnknownAnswerError,
)


def test_right_answer_within_relative_tolerance() -> None:
    g = exercise_graph(a=2.0, b=1.0)  # ∂e/∂b = a + 2b + 1 = 5
    assert check_answer(5.0, g["b"].grad)
    assert check_answer(5.000001, g["b"].grad, rel_tol=1e-6)
    assert check_answer(5 + 1e-9, 5.0).message == "your answer = 5: right"


@pytest.mark.parametrize(
    ("given", "fragment"),
    [(None, "not answered yet"), ("five", "is not a number"), (math.nan, "not a finite"),
     (6.0, "too large"), (4.0, "too small")],
)
def test_wrong_or_missing_answers_say_why_without_the_answer(given: object, fragment: str) -> None:
    check = check_answer(given, 5.0, name="de/db")  # type: ignore[arg-type]
    assert not check
    assert fragment in repr(check)
    assert "5.0" not in check.message and " 5:" not in check.message


def test_several_answers_and_unknown_names() -> None:
    checks = check_answers({"de/da": 2.0, "de/db": 4.0}, {"de/da": 2.0, "de/db": 5.0})
    assert [bool(c) for c in checks] == [True, False]
    with pytest.raises(KeyError, match=r"no exercise answer is called \['de/dx'\]"):
        check_answers({"de/dx": 1.0}, {"de/da": 2.0})


def test_a_bad_expected_value_or_tolerance_is_an_error_not_a_hint() -> None:
    # the expected value comes from the package: NaN there is a bug, not the learner's fault
    with pytest.raises(ArgumentError, match=r"^expected must be a finite number, got nan$"):
        check_answer(1.0, math.nan)
    with pytest.raises(ArgumentError, match=r"^rel_tol must be >= 0, got -1$"):
        check_answer(1.0, 1.0, rel_tol=-1)
    assert not check_answer(10**400, 1.0)  # an int too large for a float is not a number
    with pytest.raises(UnknownAnswerError) as info:
        check_answers({"x": 1.0}, {"y": 1.0})
    assert isinstance(info.value, KeyError) and isinstance(info.value, BackpropError)
    assert str(info.value).startswith("no exercise answer")  # not in KeyError's quotes
    with pytest.raises(ArgumentTypeError, match=r"^given must be a dict of named answers, got "
                                                r"list"):
        check_answers([1.0], {"y": 1.0})  # type: ignore[arg-type]
