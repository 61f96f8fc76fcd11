r"""How the error of a finite difference depends on the step h, in float64 and float32.

For a smooth f, Taylor's theorem gives the truncation error of the two differences:

    one-sided  (f(x + h) - f(x))/h         = f'(x) + (h/2)·f''(ξ)      error ≈ h|f''|/2
    centred    (f(x + h) - f(x - h))/(2h)  = f'(x) + (h²/6)·f'''(ξ)    error ≈ h²|f'''|/6

Each value of f is rounded, to a relative error of about ε (``np.finfo(dtype).eps``:
2.2e-16 in float64, 1.2e-7 in float32), and so is x + h. The difference of two nearly equal
values keeps that absolute error, about ε|f|, and dividing by h makes it ε|f|/h. The total
is smallest where the two terms balance:

    one-sided  h* = sqrt(2ε|f|/|f''|)        centred  h* = (3ε|f|/|f'''|)^(1/3)

so in float64 h* is about 1e-8 (one-sided) and 1e-5 (centred), in float32 about 3e-4 and
5e-3: the U shape of the error against h on log-log axes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import ArgumentError, as_float_array, check_real

Array = NDArray[np.float64]
Scheme = Literal["one-sided", "centred"]
SCHEMES: tuple[Scheme, ...] = ("one-sided", "centred")
DTYPES: dict[str, Any] = {"float64": np.float64, "float32": np.float32}


def epsilon(dtype: str) -> float:
    """Machine epsilon of ``"float64"`` or ``"float32"``: the gap between 1 and the next
    number."""
    if dtype not in DTYPES:
        raise ArgumentError(f"dtype must be 'float64' or 'float32', got {dtype!r}")
    return float(np.finfo(DTYPES[dtype]).eps)


def difference(f: Callable[[Any], Any], x: float, h: float, scheme: Scheme,
               dtype: str = "float64") -> float:
    """The one-sided or centred difference of f at x with step h, every number (x, x ± h,
    f's values, their difference) held in ``dtype``."""
    epsilon(dtype)
    kind: Any = DTYPES[dtype]
    xd, hd = kind(x), kind(h)
    if scheme == "one-sided":
        return float(kind(f(xd + hd) - f(xd)) / hd)
    if scheme == "centred":
        return float(kind(f(xd + hd) - f(xd - hd)) / (kind(2) * hd))
    raise ArgumentError(f"scheme must be 'one-sided' or 'centred', got {scheme!r}")


def step_errors(f: Callable[[Any], Any], slope: float, x: float,
                steps: ArrayLike, scheme: Scheme, dtype: str = "float64") -> Array:
    """|difference(h) - f'(x)| / |f'(x)| for every h of ``steps``; ``slope`` is the exact
    f'(x)."""
    slope = check_real(slope, "slope (the exact f'(x))")
    if slope == 0:
        raise ArgumentError("slope is 0: the relative error needs f'(x) ≠ 0")
    hs = as_float_array(steps, "steps")
    return np.array([abs(difference(f, x, float(h), scheme, dtype) - slope) / abs(slope)
                     for h in hs])


def model_error(steps: ArrayLike, scheme: Scheme, *, eps: float, size: float,
                curvature: float, slope: float) -> Array:
    """The model of the relative error: truncation (h|f''|/2 or h²|f'''|/6) plus rounding
    ε|f|/h, over |f'|. ``size`` is |f(x)|, ``curvature`` |f''(x)| (one-sided) or |f'''(x)|
    (centred)."""
    hs = as_float_array(steps, "steps")
    truncation = hs * curvature / 2 if scheme == "one-sided" else hs**2 * curvature / 6
    result: Array = (truncation + eps * size / hs) / abs(slope)
    return result


def best_step(scheme: Scheme, *, eps: float, size: float, curvature: float) -> float:
    """The h that minimises the model: sqrt(2ε|f|/|f''|) or (3ε|f|/|f'''|)^(1/3)."""
    if scheme == "one-sided":
        return float(np.sqrt(2 * eps * size / curvature))
    if scheme == "centred":
        return float(np.cbrt(3 * eps * size / curvature))
    raise ArgumentError(f"scheme must be 'one-sided' or 'centred', got {scheme!r}")
