"""Reading a typed number and judging it: the rules quiz.js mirrors (tests/browser checks it)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_core.quiz.numbers import describe_tolerance, format_value, read_number, within


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("10.5", 10.5),
        ("  10.5 ", 10.5),
        ("-0.25", -0.25),
        ("\u22120.25", -0.25),  # the typographic minus sign
        ("+3", 3.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("1e-3", 0.001),
        ("2.5E4", 25000.0),
        ("21/2", 10.5),
        ("-1/4", -0.25),
        ("1 / 8", 0.125),
        ("1e-3/2", 0.0005),
        ("-0", 0.0),
    ],
)
def test_accepted_entries(text: str, value: float) -> None:
    reading = read_number(text)
    assert reading.value == value and reading.problem == ""


def test_negative_zero_reads_as_zero() -> None:
    assert math.copysign(1.0, read_number("-0").value or 1.0) == 1.0


@pytest.mark.parametrize("text", ["10,5", "1,000", "0,25"])
def test_a_comma_is_refused_with_its_own_message(text: str) -> None:
    reading = read_number(text)
    assert reading.value is None
    assert "point" in reading.problem and "10,5" in reading.problem
    assert "cost nothing" in reading.problem


@pytest.mark.parametrize(
    "text",
    ["abc", "2*3", "1/0", "1e999", "nan", "inf", "1 000", "10.5.1", "1/2/3", "\u0663", "e5", "--1"],
)
def test_non_numbers_are_named_and_cost_nothing(text: str) -> None:
    reading = read_number(text)
    assert reading.value is None
    assert reading.problem.startswith("\u201c") and "is not a number" in reading.problem
    assert "21/2" in reading.problem and "cost nothing" in reading.problem


def test_empty_entry_asks_for_a_number() -> None:
    assert read_number("   ").problem == "Type a number first."


def test_long_entries_are_shortened_in_the_message() -> None:
    assert "\u2026" in read_number("x" * 50).problem


@pytest.mark.parametrize(
    ("value", "expected", "tol", "relative", "ok"),
    [
        (10.5, 10.5, 0.0, False, True),
        (10.6, 10.5, 0.1, False, True),  # on the bound, despite 10.6 - 10.5 > 0.1 in floats
        (10.61, 10.5, 0.1, False, False),
        (101.0, 100.0, 0.01, True, True),
        (101.01, 100.0, 0.01, True, False),
        (-0.2475, -0.25, 0.01, True, True),
        (0.25, -0.25, 0.01, True, False),
        (1e-9, 0.0, 0.01, True, False),  # relative to 0: only 0 itself
    ],
)
def test_within_tolerance(value: float, expected: float, tol: float, relative: bool,
                          ok: bool) -> None:
    assert within(value, expected, tol, relative) is ok


@given(st.floats(-1e6, 1e6), st.floats(0, 0.5))
def test_the_expected_value_itself_is_always_within(expected: float, tol: float) -> None:
    assert within(expected, expected, tol, True) and within(expected, expected, tol, False)


def test_tolerance_and_value_texts() -> None:
    assert describe_tolerance(0.01, True) == "within 1%"
    assert describe_tolerance(0.005, False) == "within \u00b10.005"
    # a tolerance of 0 is said as such, never "within ±0"
    assert describe_tolerance(0.0, False) == describe_tolerance(0.0, True) == (
        "only the exact value")
    assert format_value(10.5) == "10.5" and format_value(1 / 3) == "0.333333"
    assert format_value(1234567.0) == "1.23457e+06"
