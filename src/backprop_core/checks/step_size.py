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

from backprop_core.errors import (
    ArgumentError,
    blame,
    check_array,
    check_callable,
    check_choice,
    check_rate,
    check_real,
    check_result,
)

Array = NDArray[np.float64]
Scheme = Literal["one-sided", "centred"]
SCHEMES: tuple[Scheme, ...] = ("one-sided", "centred")
DTYPES: dict[str, Any] = {"float64": np.float64, "float32": np.float32}


def epsilon(dtype: str) -> float:
    """Machine epsilon of ``"float64"`` or ``"float32"``: the gap between 1 and the next
    number."""
    return float(np.finfo(DTYPES[check_choice(dtype, DTYPES, "dtype")]).eps)


def difference(f: Callable[[Any], Any], x: float, h: float, scheme: Scheme,
               dtype: str = "float64") -> float:
    """The one-sided or centred difference of f at x with step h, every number (x, x ± h,
    f's values, their difference) held in ``dtype``."""
    f, x, h = check_callable(f, "f"), check_real(x, "x"), check_rate(h, "h")
    check_choice(scheme, SCHEMES, "scheme")
    kind: Any = DTYPES[check_choice(dtype, DTYPES, "dtype")]
    if abs(x) + h > float(np.finfo(kind).max) / 2:
        raise ArgumentError(f"x ± h must fit in {dtype}, got x = {x:g}, h = {h:g}")
    xd, hd = kind(x), kind(h)
    with np.errstate(all="ignore"):  # an overflow of f is reported below, by name
        if scheme == "one-sided":
            value = float(kind(f(xd + hd) - f(xd)) / hd)
        else:
            value = float(kind(f(xd + hd) - f(xd - hd)) / (kind(2) * hd))
    check_result(value, "the difference", f" (f at x = {x:g} ± h = {h:g}, in {dtype})")
    return value


def step_errors(f: Callable[[Any], Any], slope: float, x: float,
                steps: ArrayLike, scheme: Scheme, dtype: str = "float64") -> Array:
    """|difference(h) - f'(x)| / |f'(x)| for every h of ``steps``; ``slope`` is the exact
    f'(x)."""
    slope = check_real(slope, "slope (the exact f'(x))")
    if slope == 0:
        raise ArgumentError("slope is 0: the relative error needs f'(x) ≠ 0")
    hs = check_array(steps, "steps", ndim=1, positive=True)
    with blame("steps"):  # each step is difference's h
        errors = np.array([abs(difference(f, x, float(h), scheme, dtype) - slope) / abs(slope)
                           for h in hs])
    check_result(errors, "the relative errors", " (dividing by a tiny slope)")
    return errors


def model_error(steps: ArrayLike, scheme: Scheme, *, eps: float, size: float,
                curvature: float, slope: float) -> Array:
    """The model of the relative error: truncation (h|f''|/2 or h²|f'''|/6) plus rounding
    ε|f|/h, over |f'|. ``size`` is |f(x)|, ``curvature`` |f''(x)| (one-sided) or |f'''(x)|
    (centred)."""
    hs = check_array(steps, "steps", ndim=1, positive=True)
    check_choice(scheme, SCHEMES, "scheme")
    eps = check_rate(eps, "eps")
    size = check_real(size, "size (|f(x)|)", nonnegative=True)
    curvature = check_real(curvature, "curvature", nonnegative=True)
    slope = check_real(slope, "slope")
    if slope == 0:
        raise ArgumentError("slope is 0: the relative error needs f'(x) ≠ 0")
    with np.errstate(all="ignore"):  # an overflow is reported below, by name
        truncation = hs * curvature / 2 if scheme == "one-sided" else hs**2 * curvature / 6
        result: Array = (truncation + eps * size / hs) / abs(slope)
    check_result(result, "the modelled error", " (steps, eps, size, curvature or slope)")
    return result


def best_step(scheme: Scheme, *, eps: float, size: float, curvature: float) -> float:
    """The h that minimises the model: sqrt(2ε|f|/|f''|) or (3ε|f|/|f'''|)^(1/3)."""
    check_choice(scheme, SCHEMES, "scheme")
    eps = check_rate(eps, "eps")
    size = check_real(size, "size (|f(x)|)", positive=True)
    curvature = check_rate(curvature, "curvature")
    with np.errstate(all="ignore"):  # an overflow is reported below, by name
        ratio = np.float64(eps) * size / curvature
        step = float(np.sqrt(2 * ratio) if scheme == "one-sided" else np.cbrt(3 * ratio))
    check_result(step, "the best step", " (eps, size or curvature)")
    return step
