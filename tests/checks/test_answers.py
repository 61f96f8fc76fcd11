"""Exercise answers: right within a tolerance that says what it is (relative means
relative), helpful when wrong, never revealing the answer."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_core.checks.answers import (
    DEFAULT_REL_TOL,
    check_answer,
    check_answers,
    describe_tolerance,
)
from backprop_core.engine.examples import exercise_graph
from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    BackpropError,
    UnknownAnswerError,
)
from backprop_core.formatting import fmt


def test_right_answer_within_relative_tolerance() -> None:
    g = exercise_graph(a=2.0, b=1.0)  # ∂e/∂b = a + 2b + 1 = 5
    assert check_answer(5.0, g["b"].grad)
    assert check_answer(5.000001, g["b"].grad, rel_tol=1e-6)
    assert check_answer(5 + 1e-9, 5.0).message == (
        "your answer = 5: right (within 0.1% of the book's value)")


def test_a_relative_tolerance_is_relative_for_small_values_too() -> None:
    # the tester's case: δ¹₂ = 0.00282, 0.0037 (+31 %) was accepted as right
    assert not check_answer(0.0037, 0.00282, rel_tol=1e-3)
    assert not check_answer(0.00282 * 1.01, 0.00282, rel_tol=1e-3)
    assert check_answer(0.002822, 0.00282, rel_tol=1e-3)
    assert not check_answer(1e-9, 0.0)  # a relative tolerance accepts only 0 itself
    assert check_answer(1e-9, 0.0, abs_tol=1e-6)  # unless an absolute floor is given
    assert check_answer(-0.0, 0.0)


def test_the_value_printed_with_four_significant_digits_is_accepted() -> None:
    assert check_answer(1.667, 5 / 3)  # batching's 5/3, as its solution prints it
    assert not check_answer(5 / 3 * 1.1, 5 / 3) and not check_answer(5 / 3 * 0.99, 5 / 3)


# normal floats only: below 2.2e-308 a value has too few bits for 1.1·v to differ from v
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_subnormal=False)
       .filter(lambda v: v != 0))
def test_fmt_rounding_is_always_within_the_default_and_ten_percent_never(v: float) -> None:
    assert check_answer(float(fmt(v)), v)
    assert not check_answer(v * 1.1, v) and not check_answer(v * 0.99, v)


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


def test_every_message_about_a_number_states_the_tolerance() -> None:
    assert check_answer(None, 5.0, rel_tol=1e-4).message == (
        "your answer: not answered yet (replace None by a number; right within 0.01% of "
        "the book's value)")
    assert check_answer(6.0, 5.0).message == (
        "your answer = 6: not yet (too large; right means within 0.1% of the book's "
        "value); try again")
    assert describe_tolerance(0.0) == "exactly"
    assert describe_tolerance(1e-3, 1e-9) == "within 0.1% of the book's value or ±1e-09"
    assert DEFAULT_REL_TOL == 1e-3


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
    with pytest.raises(ArgumentError, match=r"^abs_tol must be a finite number, got inf$"):
        check_answer(1.0, 1.0, abs_tol=math.inf)
    assert not check_answer(10**400, 1.0)  # an int too large for a float is not a number
    with pytest.raises(UnknownAnswerError) as info:
        check_answers({"x": 1.0}, {"y": 1.0})
    assert isinstance(info.value, KeyError) and isinstance(info.value, BackpropError)
    assert str(info.value).startswith("no exercise answer")  # not in KeyError's quotes
    with pytest.raises(ArgumentTypeError, match=r"^given must be a dict of named answers, got "
                                                r"list"):
        check_answers([1.0], {"y": 1.0})  # type: ignore[arg-type]
