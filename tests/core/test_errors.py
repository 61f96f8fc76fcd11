"""errors.py: messages that name the array, the shapes and the valid choices."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.errors import (
    BackpropError,
    NonFiniteError,
    ShapeError,
    UnknownNameError,
    as_float_array,
    check_finite,
    unknown_name,
)


def test_error_classes_are_value_errors_and_backprop_errors() -> None:
    for cls in (ShapeError, NonFiniteError, UnknownNameError):
        assert issubclass(cls, ValueError)
        assert issubclass(cls, BackpropError)


def test_unknown_name_lists_the_valid_names_sorted() -> None:
    err = unknown_name("loss", "mse", ["squared_error", "binary_cross_entropy"])
    assert isinstance(err, UnknownNameError)
    assert str(err) == ("unknown loss 'mse'; valid loss names: 'binary_cross_entropy', "
                        "'squared_error'")


def test_as_float_array_converts_lists_and_names_the_array_on_failure() -> None:
    arr = as_float_array([[1, 2], [3, 4]], "W^1")
    assert arr.dtype == np.float64 and arr.shape == (2, 2)
    with pytest.raises(ValueError, match=r"^W\^1 must be an array of real "
                                          r"numbers, got list: it holds text"):
        as_float_array([["a", "b"]], "W^1")


def test_check_finite_accepts_finite_arrays() -> None:
    check_finite(np.array([[0.0, -1e300], [1e-300, 5.0]]), "x")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_check_finite_names_the_array_and_the_first_bad_index(bad: float) -> None:
    x = np.zeros((2, 3))
    x[1, 2] = bad
    x[1, 1] = bad
    with pytest.raises(NonFiniteError, match=r"^b\^2 contains .* at index \(1, 1\) "
                                             r"\(2 non-finite entries of 6\)"):
        check_finite(x, "b^2")


def test_check_finite_on_a_scalar_has_no_index() -> None:
    with pytest.raises(NonFiniteError, match=r"^cost contains nan \(1 non-finite"):
        check_finite(np.array(np.nan), "cost")
