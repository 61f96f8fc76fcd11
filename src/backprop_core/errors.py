"""Exceptions with messages a reader can act on, and the checks that raise them.

Bad input is caught at the door (a layer, a loss, a name lookup, an argument) so that nobody
sees a traceback from deep inside numpy, and no bad input turns into a silent NaN: the
message names the argument (or array, or graph node), what was expected and what was given.

Every error raised on purpose is a :class:`BackpropError`. Each class also derives from the
built-in exception that code written before these classes existed may catch (``ValueError``,
``TypeError``, ``IndexError``, ``KeyError``, ``FileNotFoundError``, or ``AssertionError``
for the failed check of ``assert_grad_close``, so that pytest reports it as a failure).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Integral, Real

import numpy as np
from numpy.typing import ArrayLike, NDArray


class BackpropError(Exception):
    """Base class of every error raised on purpose by backprop_core."""


class ShapeError(BackpropError, ValueError):
    """An array has the wrong shape; the message names both shapes and the layer."""


class NonFiniteError(BackpropError, ValueError):
    """An input, a parameter or a result holds NaN or ±inf; the message names the array."""


class UnknownNameError(BackpropError, ValueError):
    """An activation, loss or dataset name is not known; the message lists the valid ones."""


class ArgumentError(BackpropError, ValueError):
    """An argument has a value the function does not accept (a learning rate of 0, a batch
    size of 2.5, a loss paired with the wrong output activation, ...)."""


class ArgumentTypeError(ArgumentError, TypeError):
    """An argument has the wrong type (a string where a number is needed, ...)."""


class DomainError(BackpropError, ValueError):
    """A value lies outside the domain of a function: log of 0, division by 0, a negative
    number to a fractional power, targets a loss is not defined for."""


class LayerIndexError(BackpropError, IndexError):
    """A layer number outside 1..L."""


class UnknownKeyError(UnknownNameError, KeyError):
    """A mapping passed in lacks a name that is needed, or holds one that nothing uses
    (a quiz's computed values, a parameter block such as "W2")."""

    __str__ = BaseException.__str__  # KeyError would print the message in quotes


class UnknownAnswerError(UnknownNameError, KeyError):
    """An exercise answer under a name the exercise does not have."""

    __str__ = BaseException.__str__  # KeyError would print the message in quotes


class MissingFileError(BackpropError, FileNotFoundError):
    """A file the book reads (a chapter's quiz file) is not where it is looked for."""


class GradientCheckError(BackpropError, AssertionError):
    """``assert_grad_close`` found an analytic gradient that disagrees with finite differences."""


def unknown_name(kind: str, name: object, valid: Iterable[str]) -> UnknownNameError:
    """The error for a failed look-up, e.g. "unknown activation 'sigmod'; valid: ..."."""
    listed = ", ".join(repr(v) for v in sorted(valid))
    return UnknownNameError(f"unknown {kind} {name!r}; valid {kind} names: {listed}")


def describe(value: object) -> str:
    """How a given value is shown in a message: its type and, if short, its repr."""
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(value).__name__} {text}"


def as_float_array(x: ArrayLike, name: str) -> NDArray[np.float64]:
    """``x`` as a real float array (float32 stays float32, anything else becomes float64),
    or an ArgumentTypeError naming ``name`` if it does not hold real numbers."""
    if isinstance(x, np.ndarray) and x.dtype in (np.float32, np.float64):
        return x  # keep float32: converting would double the cost of every product
    try:
        arr = np.asarray(x)
        if arr.dtype.kind not in "biuf":  # complex, text, objects, dates: not real numbers
            kind = _KINDS.get(arr.dtype.kind, "objects")
            raise TypeError(f"it holds {kind} (dtype {arr.dtype})")
        if arr.dtype in (np.float32, np.float64):
            return arr
        return arr.astype(np.float64)
    except (TypeError, ValueError) as exc:
        # numpy's own message ("could not convert string to float") does not say which array.
        raise ArgumentTypeError(
            f"{name} must be an array of real numbers, got {type(x).__name__}: {exc}"
        ) from None


_KINDS = {"c": "complex numbers", "U": "text", "S": "bytes", "M": "dates", "m": "durations"}


def sum_of_squares(array: NDArray[np.floating] | float) -> float:
    """Σ x² over the entries of a real array, read in one pass (a dot product of its entries
    with themselves, no temporary array); its square root bounds every |entry| and the
    length of every row and column. NaN for an array of anything but real numbers.

    NaN or inf exactly when an entry is NaN or ±inf, or the sum overflows (entries beyond
    about 1e154 in float64, 1e19 in float32): a square is never negative, so nothing cancels,
    and a NaN or ±inf entry is not 0, so no matrix library skips it; its square, NaN or inf,
    is in the sum. So a finite Σ x² proves every entry finite, and a NaN or inf one says:
    look at the entries (``check_finite``, ``check_result``).
    """
    with np.errstate(over="ignore", invalid="ignore"):
        return _sum_of_squares(np.asarray(array))


def _sum_of_squares(arr: NDArray[np.floating]) -> float:
    if arr.dtype.kind != "f":
        if arr.dtype.kind not in "biu":
            return math.nan  # not real numbers (complex, objects): look at the entries
        arr = arr.astype(np.float64)
    flat = arr.ravel(order="K")  # a view of contiguous entries, else a copy
    return float(np.dot(flat, flat))


def sums_of_squares(*arrays: NDArray[np.floating] | float) -> list[float]:
    """``sum_of_squares`` of each array."""
    with np.errstate(over="ignore", invalid="ignore"):
        return [_sum_of_squares(np.asarray(array)) for array in arrays]


def squares_finite(*arrays: NDArray[np.floating] | float) -> bool:
    """True when ``sum_of_squares`` of every array is finite, so every entry is finite."""
    with np.errstate(over="ignore", invalid="ignore"):
        return all(math.isfinite(_sum_of_squares(np.asarray(array))) for array in arrays)


def check_finite(array: NDArray[np.float64], name: str) -> None:
    """Raise NonFiniteError naming ``name`` and the first bad index if ``array`` has NaN/inf."""
    if squares_finite(array):
        return
    finite = np.isfinite(array)
    if finite.all():
        return  # Σ x² overflowed, every entry is finite
    index = tuple(int(i) for i in np.argwhere(~finite)[0])
    bad = array[index]
    where = f" at index {index}" if index else ""
    raise NonFiniteError(
        f"{name} contains {bad}{where} ({int((~finite).sum())} non-finite entries of "
        f"{array.size}); every entry must be a finite number"
    )


def check_result(array: NDArray[np.float64] | float, name: str, cause: str = "") -> None:
    """Raise NonFiniteError if a RESULT computed from finite numbers is NaN or ±inf.

    The numbers went in finite, so the only ways out are overflow (|x| > 1.8e308 in
    float64, 3.4e38 in float32) or inf - inf: the message says so and names ``cause``.
    """
    arr = np.asarray(array)
    if squares_finite(arr):
        return
    finite = np.isfinite(arr)
    if finite.all():
        return  # Σ x² overflowed, every entry is finite
    index = tuple(int(i) for i in np.argwhere(~finite)[0])
    where = f" at index {index}" if index else ""
    dtype = arr.dtype.name if arr.dtype.kind == "f" else "float64"
    raise NonFiniteError(
        f"{name} is {arr[index]}{where} although every input was finite: the numbers "
        f"overflow {dtype}{cause}"
    )


def check_real(value: object, name: str, *, positive: bool = False,
               nonnegative: bool = False) -> float:
    """``value`` as a finite float, or an ArgumentError naming ``name`` and what was given.

    A bool is refused: ``learning_rate=True`` is a slip, not the number 1.
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ArgumentTypeError(f"{name} must be a real number, got {describe(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise ArgumentError(f"{name} must be a finite number, got {number}")
    if positive and number <= 0:
        raise ArgumentError(f"{name} must be > 0, got {number:g}")
    if nonnegative and number < 0:
        raise ArgumentError(f"{name} must be >= 0, got {number:g}")
    return number


def check_integer(value: object, name: str, *, minimum: int | None = None) -> int:
    """``value`` as an int, or an ArgumentError naming ``name`` and what was given.

    Python and numpy integers are accepted, and floats with an integer value (``3.0``) up
    to 2^53, where floats stop counting every integer; ``2.7`` is refused rather than
    truncated to 2, and a bool is refused.
    """
    if isinstance(value, bool) or not isinstance(value, (Integral, Real)):
        raise ArgumentTypeError(f"{name} must be an integer, got {describe(value)}")
    if not isinstance(value, Integral):
        number = float(value)
        if not number.is_integer() or abs(number) > 2.0**53:
            raise ArgumentError(f"{name} must be an integer, got {number:g}")
        value = int(number)
    integer = int(value)
    if minimum is not None and integer < minimum:
        raise ArgumentError(f"{name} must be an integer >= {minimum}, got {integer}")
    return integer
