"""What a figure accepts as numbers to draw: finite, and at most ``MAX_DRAWN`` in size.

matplotlib maps data to the page by multiplying coordinates by scales and offsets; near
1e300 those products overflow float64 (with numpy's warnings and an empty or broken
figure). Numbers up to 1e150 leave room for any scale a figure uses.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import ArgumentError, check_array, check_real

MAX_DRAWN = 1e150


def drawn(values: ArrayLike, name: str, *, ndim: int | None = None,
          positive: bool = False) -> NDArray[np.float64]:
    """``values`` as a finite float array (``errors.check_array``: ``ndim`` axes, not empty,
    > 0 with ``positive``, for a log axis) of numbers at most ``MAX_DRAWN`` in size."""
    arr = check_array(values, name, ndim=ndim, positive=positive)
    largest = float(np.abs(arr).max())
    if largest > MAX_DRAWN:
        raise ArgumentError(f"{name} holds {largest:.3g}, more than the {MAX_DRAWN:g} a "
                            f"figure can draw (its coordinate transforms would overflow)")
    return arr


def drawn_number(value: object, name: str) -> float:
    """One number to draw: finite and at most ``MAX_DRAWN`` in size."""
    number = check_real(value, name)
    if abs(number) > MAX_DRAWN:
        raise ArgumentError(f"{name} is {number:.3g}, more than the {MAX_DRAWN:g} a figure "
                            f"can draw (its coordinate transforms would overflow)")
    return number
