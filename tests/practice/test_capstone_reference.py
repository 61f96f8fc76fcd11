"""The book's own capstone engine (practice/capstone/reference.py) refuses bad input by name,
as the package's core does: no bare OverflowError, ZeroDivisionError or complex number."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from backprop_core.errors import ArgumentTypeError, DomainError, NonFiniteError
from backprop_core.practice.capstone.reference import Value

CASES: list[tuple[Callable[[], Any], type, str]] = [
    # before: accepted, and every later node was nan
    (lambda: Value(float("nan")), NonFiniteError, r"^the data of a Value must be a finite"),
    # before: a complex Value from a real one
    (lambda: Value(-2) ** 0.5, DomainError, r"a = -2, n = 0\.5"),
    (lambda: Value(1j), ArgumentTypeError, r"^the data of a Value must be a real number"),
    # before: Python's bare 'math range error' / 'float division by zero'
    (lambda: Value(1000).exp(), NonFiniteError, r"^exp\(a\) overflows float64 at a = 1000"),
    (lambda: Value(0) ** -1, DomainError, r"a = 0, n = -1"),
    (lambda: Value(1e200) ** 2, NonFiniteError, r"overflows float64 at a = 1e\+200, n = 2"),
    (lambda: Value(2) ** "3", ArgumentTypeError, r"^the exponent n must be a real number"),
]


@pytest.mark.parametrize(("make", "error", "message"), CASES)
def test_bad_input_is_refused_by_name(make: Callable[[], Any], error: type,
                                      message: str) -> None:
    with pytest.raises(error, match=message):
        make()


def test_good_input_keeps_its_gradient() -> None:
    v = Value(0.5)
    o = (2 - v) ** 3 + (v * 2).exp() / v
    o.backward()
    # do/dv = -3(2 - v)^2 + e^{2v}(2v - 1)/v^2 = -6.75 + 0 at v = 0.5
    assert v.grad == pytest.approx(-6.75, abs=1e-12)
