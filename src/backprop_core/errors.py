"""Exceptions with messages a reader can act on, and the checks that raise them.

Bad input is caught at the door (a layer, a loss, a name lookup) so that nobody sees a
traceback from deep inside numpy: the message names the array, its shape and the layer.
"""

from __future__ import annotations

from collections.abc import Iterable

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


def unknown_name(kind: str, name: object, valid: Iterable[str]) -> UnknownNameError:
    """The error for a failed look-up, e.g. "unknown activation 'sigmod'; valid: ..."."""
    listed = ", ".join(repr(v) for v in sorted(valid))
    return UnknownNameError(f"unknown {kind} {name!r}; valid {kind} names: {listed}")


def as_float_array(x: ArrayLike, name: str) -> NDArray[np.float64]:
    """``x`` as a float array (float32 stays float32, anything else becomes float64), or a
    ValueError naming ``name`` if it holds no numbers."""
    try:
        arr = np.asarray(x)
        if arr.dtype in (np.float32, np.float64):
            return arr  # keep float32: converting would double the cost of every product
        return arr.astype(np.float64)
    except (TypeError, ValueError) as exc:
        # numpy's own message ("could not convert string to float") does not say which array.
        raise ValueError(
            f"{name} must be an array of numbers, got {type(x).__name__}: {exc}"
        ) from None


def check_finite(array: NDArray[np.float64], name: str) -> None:
    """Raise NonFiniteError naming ``name`` and the first bad index if ``array`` has NaN/inf."""
    finite = np.isfinite(array)
    if finite.all():
        return
    index = tuple(int(i) for i in np.argwhere(~finite)[0])
    bad = array[index]
    where = f" at index {index}" if index else ""
    raise NonFiniteError(
        f"{name} contains {bad}{where} ({int((~finite).sum())} non-finite entries of "
        f"{array.size}); every entry must be a finite number"
    )
