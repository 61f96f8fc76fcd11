"""Σ x² of an array, read in one pass: the cheap proof that every entry is finite.

The checks of the network's passes (``networks.bounds``) and of a result (``errors``) test
one reduction instead of every entry: a finite Σ x² proves every x finite.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray


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
