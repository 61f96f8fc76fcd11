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
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from numbers import Integral, Real
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .squares import squares_finite


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


class NonFiniteArgumentError(ArgumentError, NonFiniteError):
    """An argument that must be a finite number is NaN or ±inf (both an ArgumentError and
    a NonFiniteError)."""


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


T = TypeVar("T")


def unknown_name(kind: str, name: object, valid: Iterable[str]) -> UnknownNameError:
    """The error for a failed look-up, e.g. "unknown activation 'sigmod'; valid: ..."."""
    if isinstance(valid, str) or not isinstance(valid, Iterable):
        raise ArgumentTypeError(f"valid must be the list of valid names, got {describe(valid)}")
    names = list(valid)
    try:
        names.sort()
    except TypeError:  # names of several types: ordered by how they are written
        names.sort(key=repr)
    listed = ", ".join(repr(v) for v in names)
    return UnknownNameError(f"unknown {kind} {name!r}; valid {kind} names: {listed}")


def check_choice(value: object, valid: Iterable[str], name: str) -> str:
    """One of the names ``valid`` (a scheme, a dtype), else an ArgumentError naming ``name``
    and listing them in their order: "scheme must be 'one-sided' or 'centred', got ..."."""
    options = list(valid)
    names = [repr(v) for v in options]
    listed = " or ".join(names) if len(names) <= 2 else "one of " + ", ".join(names)
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name} must be {listed}, got {describe(value)}")
    if value not in options:
        raise ArgumentError(f"{name} must be {listed}, got {value!r:.60}")
    return value


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
        raise NonFiniteArgumentError(f"{name} must be a finite number, got {number}")
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


# ---- one checker per kind of argument, the same rules in every module ---------------------
#
#   a seed              an integer >= 0                  (np.random.default_rng's rule)
#   a count or a size   an integer >= 1                  (samples, neurons, layers, repeats)
#   a number of steps   an integer >= 0                  (epochs, steps: 0 leaves the start)
#   a rate or a step    a finite real number > 0         (learning_rate, h)
#   a fraction          a real number strictly in (0, 1) (held_out)
#   an array            real numbers, all finite, of the shape the function needs
#   an index            an integer from 0 to n - 1   (a quiz of a chapter; never -1 for the
#                       last: a slip would silently pick another quiz)
#   an interval         a pair (low, high) of finite numbers, low < high (axis limits)
#   a text              a str that can be written out (no lone surrogate)
#   an object           an instance of the class needed (a Network, a Value, ...)
#   a list of names     a list or tuple of str (a bare str would be read letter by letter)
#   a list of objects   a list or tuple of instances of the class needed (a path of nodes)
#   a choice            one of a few names (a scheme, a dtype), listed when it is not
#   indices             a non-empty list of indices, each an index as above
#   layer sizes         a list of at least two counts [n_0, ..., n_L]
#   a file              a path (str or Path) of an existing file
#
# A function that needs more (a data set of at least 4 points) checks the shared rule
# first, so that every function words the same mistake the same way.


def check_seed(value: object, name: str = "seed") -> int:
    """A seed for ``np.random.default_rng``: an integer >= 0."""
    return check_integer(value, name, minimum=0)


def check_count(value: object, name: str, *, maximum: int | None = None) -> int:
    """A number of things (samples, neurons, layers, repeats): an integer >= 1, and at
    most ``maximum`` where more would not fit in memory or on a page."""
    count = check_integer(value, name, minimum=1)
    if maximum is not None and count > maximum:
        raise ArgumentError(f"{name} must be an integer <= {maximum}, got {count:.3g}")
    return count


def check_steps(value: object, name: str) -> int:
    """A number of updates (epochs, steps): an integer >= 0; 0 runs none and reports the
    start."""
    return check_integer(value, name, minimum=0)


def check_index(value: object, count: int, name: str) -> int:
    """An index into ``count`` things: an integer from 0 to count - 1 (Python's -1 for the
    last one is refused: here it is always a slip)."""
    index = check_integer(value, name)
    if not 0 <= index < count:
        span = f"from 0 to {count - 1}" if count else "(there is nothing to index)"
        raise ArgumentError(f"{name} must be an integer {span}, got {index}")
    return index


def check_indices(value: object, count: int, name: str) -> NDArray[np.intp]:
    """A non-empty list of indices into ``count`` things, each an integer from 0 to
    count - 1 (``check_index``'s rule), as an array."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise ArgumentTypeError(f"{name} must be a list of integer indices, got "
                                f"{describe(value)}")
    items = list(np.asarray(value, dtype=object).reshape(-1)) if isinstance(
        value, np.ndarray) else list(value)
    if not items:
        raise ArgumentError(f"{name} must list at least one index, got none")
    return np.array([check_index(v, count, f"{name}[{i}]") for i, v in enumerate(items)],
                    dtype=np.intp)


def check_rate(value: object, name: str) -> float:
    """A learning rate or a step size: a finite real number > 0."""
    return check_real(value, name, positive=True)


def check_fraction(value: object, name: str) -> float:
    """A fraction of a whole that must leave something on both sides: a real number
    strictly between 0 and 1."""
    number = check_real(value, name)
    if not 0.0 < number < 1.0:
        raise ArgumentError(f"{name} must be a fraction strictly between 0 and 1, got "
                            f"{number:g}")
    return number


def check_array(x: object, name: str, *, ndim: int | None = None, nonempty: bool = True,
                positive: bool = False) -> NDArray[np.float64]:
    """``x`` as a real float array with ``ndim`` axes (any if None), not empty unless
    allowed, every entry finite (and > 0 with ``positive``: values for a log axis); else a
    BackpropError naming ``name``."""
    arr = as_float_array(x, name)  # type: ignore[arg-type]
    if ndim is not None and arr.ndim != ndim:
        what = {0: "a number", 1: "a vector (1-D array)", 2: "a matrix (2-D array)"}.get(
            ndim, f"an array with {ndim} axes")
        from_shape = f"got array of shape {arr.shape}"
        raise ShapeError(f"{name} must be {what}, {from_shape}")
    if nonempty and arr.size == 0:
        raise ShapeError(f"{name} must not be empty, got array of shape {arr.shape}")
    check_finite(arr, name)
    if positive and arr.size and not (arr > 0).all():
        index = tuple(int(i) for i in np.argwhere(~(arr > 0))[0])
        raise ArgumentError(f"{name} must hold numbers > 0 (drawn on a log scale), but has "
                            f"{arr[index]:g} at index {index}")
    return arr


def check_interval(limits: object, name: str) -> tuple[float, float]:
    """(low, high): a pair of finite numbers with low < high and a finite width high - low
    (axis limits, a grid's extent)."""
    if isinstance(limits, (str, bytes)) or not isinstance(limits, Sequence) or len(limits) != 2:
        raise ArgumentTypeError(f"{name} must be a pair (low, high) of numbers, got "
                                f"{describe(limits)}")
    low = check_real(limits[0], f"{name}[0]")
    high = check_real(limits[1], f"{name}[1]")
    if not low < high:
        raise ArgumentError(f"{name} must have low < high, got ({low:g}, {high:g})")
    if not math.isfinite(high - low):
        raise ArgumentError(f"{name} spans more than float64 holds: high - low overflows, "
                            f"got ({low:g}, {high:g})")
    return low, high


def check_text(value: object, name: str) -> str:
    """A str that can be written out (no lone surrogate such as '\\ud800', which no font
    draws and UTF-8 cannot encode)."""
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name} must be a str, got {describe(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ArgumentError(f"{name} holds a lone surrogate {value[exc.start]!r} at "
                            f"position {exc.start}: it cannot be written out") from None
    return value


def check_file(value: object, name: str, what: str = "file") -> Path:
    """The path of an existing file: a non-empty str or ``os.PathLike`` naming a file (not a
    folder); a MissingFileError names ``name``, the path and the folder it is relative to."""
    if not isinstance(value, (str, os.PathLike)) or value == "":
        raise ArgumentTypeError(f"{name} must be the path of a {what} (a str or a Path), got "
                                f"{describe(value)}")
    path = Path(value)
    if not path.is_file():
        raise MissingFileError(f"{name}: no {what} {str(path)!r} (relative to "
                               f"{str(Path.cwd())!r})")
    return path


def check_instance(value: object, cls: type[T], name: str) -> T:
    """``value`` itself if it is a ``cls``, else an ArgumentTypeError naming ``name``."""
    if not isinstance(value, cls):
        raise ArgumentTypeError(f"{name} must be a {cls.__name__}, got {describe(value)}")
    return value


def check_instances(value: object, cls: type[T], name: str) -> list[T]:
    """A list (or tuple) of ``cls`` instances, as a list (a path of nodes, say)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise ArgumentTypeError(f"{name} must be a list of {cls.__name__}s, got "
                                f"{describe(value)}")
    return [check_instance(item, cls, f"{name}[{i}]") for i, item in enumerate(value)]


def check_sizes(value: object, name: str = "sizes", *, maximum: int | None = None
                ) -> list[int]:
    """Layer sizes [n_0, ..., n_L]: a list (or tuple) of at least two counts, each at most
    ``maximum`` where more would not fit (a drawing)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise ArgumentTypeError(f"{name} must be a list of layer sizes [n_0, ..., n_L], got "
                                f"{describe(value)}")
    rule = f"{name} must list at least two positive layer sizes, got {list(value)!r:.80}"
    try:
        sizes = [check_count(n, f"{name}[{i}]", maximum=maximum) for i, n in enumerate(value)]
    except ArgumentError as exc:
        raise type(exc)(f"{rule}: {exc}") from None
    if len(sizes) < 2:
        raise ArgumentError(rule)
    return sizes


def check_callable(value: object, name: str) -> Callable[..., Any]:
    """``value`` itself if it can be called, else an ArgumentTypeError naming ``name``."""
    if not callable(value):
        raise ArgumentTypeError(f"{name} must be a function, got {describe(value)}")
    return value


def check_names(value: object, name: str, *, example: str = "'tanh'") -> list[str]:
    """A list (or tuple) of str, as a list; a bare str is refused, not read letter by
    letter."""
    if isinstance(value, str):
        raise ArgumentTypeError(f"{name} must be a list of names such as [{example}], got "
                                f"the single str {value!r}: put it in a list")
    if not isinstance(value, Sequence):
        raise ArgumentTypeError(f"{name} must be a list of names such as [{example}], got "
                                f"{describe(value)}")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise ArgumentTypeError(f"{name}[{i}] must be a str, got {describe(item)}")
    return list(value)


@contextmanager
def blame(name: str) -> Iterator[None]:
    """Let a BackpropError raised inside name the argument ``name``: a message that does
    not already say it is prefixed with ``"{name}: "`` (``train(X_held=...)`` checks its
    samples with the network, whose messages say "input x")."""
    try:
        yield
    except BackpropError as exc:
        if name in str(exc):
            raise
        try:
            renamed = type(exc)(f"{name}: {exc}")
        except TypeError:  # a class with another constructor: keep the error as it is
            raise exc from None
        raise renamed from None
