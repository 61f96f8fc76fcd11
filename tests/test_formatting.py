"""formatting.fmt: the one number format of labels, traces, tables and checkers' messages."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_core.errors import BackpropError
from backprop_core.formatting import fmt


@pytest.mark.parametrize(("x", "text"), [
    (2.0, "2"), (1 / 3, "0.3333"), (-0.5, "-0.5"), (10.5, "10.5"), (1e-9, "1e-09"),
    (-0.0, "0"), (0.0, "0"), (123456.0, "1.235e+05"),
    (math.inf, "inf"), (-math.inf, "-inf"), (math.nan, "nan"),
])
def test_four_significant_digits_and_the_special_values(x: float, text: str) -> None:
    assert fmt(x) == text


def test_digits_and_integers() -> None:
    assert fmt(-0.00001, 2) == "-1e-05"
    assert fmt(3) == "3" and fmt(True) == "1"
    assert fmt(2 / 3, 6) == "0.666667"


@pytest.mark.parametrize(("x", "digits", "message"), [
    (None, 4, r"^fmt formats a real number x, got NoneType None$"),
    ("1.5", 4, r"^fmt formats a real number x, got str '1.5'$"),
    (1.5, 0, r"^digits must be an integer >= 1, got 0$"),
    (1.5, 2.5, r"^digits must be an integer, got 2.5$"),
    (1.5, 18, r"^digits must be at most 17, got 18$"),
])
def test_what_is_not_a_number_or_a_digit_count_is_refused_by_name(x: object, digits: object,
                                                                  message: str) -> None:
    with pytest.raises(BackpropError, match=message):
        fmt(x, digits)  # type: ignore[arg-type]


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_the_text_reads_back_within_its_rounding(x: float) -> None:
    back = float(fmt(x, 6))
    assert back == pytest.approx(x, rel=1e-5, abs=0.0) or x == 0
    assert not fmt(x).startswith("-0") or abs(x) > 0
