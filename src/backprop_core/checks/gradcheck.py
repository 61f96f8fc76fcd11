"""One gradient checker: analytic gradients against centred finite differences.

numeric_i = (f(x + h e_i) - f(x - h e_i)) / (2h), whose error is O(h²) (plus rounding of
about ε_machine·|f|/h), against O(h) for a one-sided difference.

Relative error of element i:  |a_i - n_i| / max(|a_i| + |n_i|, floor),
with floor = tiny · max(1, |f(x)|). It is scale free (0 = identical, 1 = opposite signs).
The floor keeps it meaningful for tiny derivatives: rounding f to float64 makes n_i wrong
by about 1e-16·|f(x)|/h, so derivatives below the floor are compared in absolute terms,
|a_i - n_i| / floor, instead of against their own (noise-sized) magnitude.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.engine.value import Scalar, Value
from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    GradientCheckError,
    NonFiniteError,
    ShapeError,
    as_float_array,
    check_callable,
    check_finite,
    check_instance,
    check_rate,
    check_real,
    check_result,
    describe,
)
from backprop_core.networks.cost_functions import cost_of_params
from backprop_core.networks.network import Network

Array = NDArray[np.float64]

# h = 1e-5 balances truncation (~h²) against rounding (~1e-16·|f|/h), see above.
DEFAULT_STEP = 1e-5
DEFAULT_TOLERANCE = 1e-5
TINY = 1e-4


def _value(f: Callable[[Array], float], x: Array, where: str) -> float:
    """f(x) as a finite float, or an error saying what f returned and where (an overflow
    inside f is reported so, in words, not as numpy's warning)."""
    with np.errstate(over="ignore", invalid="ignore"):
        result = f(x)
    try:
        value = float(result)
    except (TypeError, ValueError):
        raise ArgumentTypeError(f"f must return one number, but f({where}) returned "
                                f"{describe(result)}") from None
    if not np.isfinite(value):
        raise NonFiniteError(f"f({where}) = {value}: f must be finite near the point where "
                             f"the gradient is checked")
    return value


def numerical_gradient(
    f: Callable[[Array], float], x: ArrayLike, h: float = DEFAULT_STEP
) -> Array:
    """∂f/∂x_i ≈ (f(x + h e_i) - f(x - h e_i)) / (2h) for every element of x.

    h must be large enough for x ± h and f(x ± h) to tell the two points apart: at least
    about 1000 ε·max(1, |x_i|) (2e-13 for |x_i| <= 1 in float64), else an ArgumentError."""
    check_callable(f, "f")
    h = check_rate(h, "h (the step)")
    x = as_float_array(x, "x").copy()
    check_finite(x, "x")
    _check_step(h, x)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        keep = x[i]
        e_i = f"e_{i[0]}" if len(i) == 1 else f"e_{i}"  # the unit vector along element i
        x[i] = keep + h
        up = _value(f, x, f"x + h·{e_i}")
        x[i] = keep - h
        down = _value(f, x, f"x - h·{e_i}")
        x[i] = keep  # restore, so f always sees the original x elsewhere
        with np.errstate(over="ignore"):  # reported below, in words
            grad[i] = (up - down) / h / 2  # not / (2h): 2h overflows for h > 9e307
    check_result(grad, "the finite-difference gradient")
    return grad


def _check_step(h: float, x: Array) -> None:
    """Refuse a step that x ± h cannot take (x + h overflows, or rounds to x - h), or
    that is so small that the rounding of f(x ± h), about ε·|f|/h, swamps the difference
    (h = 1e-300 gave a gradient of exactly 0)."""
    if x.size == 0:
        return
    scale = max(1.0, float(np.abs(x).max()))
    with np.errstate(over="ignore"):
        up, down = x + x.dtype.type(h), x - x.dtype.type(h)
    if not (np.isfinite(up).all() and np.isfinite(down).all()):
        raise ArgumentError(f"h (the step) = {h:g} is too large: x ± h overflows "
                            f"{x.dtype.name} for x of size up to {scale:g}")
    smallest = 1000 * float(np.finfo(np.float64).eps) * scale
    if h < smallest or np.any(up == down):
        raise ArgumentError(
            f"h (the step) = {h:g} is too small for x of size up to {scale:g}: below "
            f"{smallest:.2g} the rounding of x ± h and of f(x ± h) swamps the difference "
            f"f(x + h) - f(x - h), and the gradient comes out as noise or 0; h = "
            f"{DEFAULT_STEP:g} balances rounding against truncation")


def relative_error(analytic: ArrayLike, numeric: ArrayLike, floor: float = TINY) -> Array:
    """|a - n| / max(|a| + |n|, floor), elementwise; inf where a or n is NaN or inf (a
    non-finite gradient is as wrong as can be)."""
    a = as_float_array(analytic, "analytic").astype(np.float64)
    n = as_float_array(numeric, "numeric").astype(np.float64)
    if a.shape != n.shape:
        raise ShapeError(f"analytic has shape {a.shape} but numeric has shape {n.shape}; "
                         f"they must match")
    floor = check_real(floor, "floor", positive=True)
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf, inf/inf: handled below
        err: Array = np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), floor)
    return np.where(np.isfinite(a) & np.isfinite(n), err, np.inf)


@dataclass(frozen=True)
class Worst:
    """The element with the largest relative error."""

    index: tuple[int, ...]
    analytic: float
    numeric: float
    rel_error: float


@dataclass(frozen=True)
class GradCheckResult:
    """Outcome of a gradient check: ``ok`` if every element's relative error ≤ tolerance."""

    ok: bool
    max_rel_error: float
    worst: Worst
    tolerance: float
    n_checked: int
    # the element with the largest |analytic|: where every error is rounding noise, which
    # element is ``worst`` depends on the machine; this one does not (checks.table shows it)
    largest: Worst | None = None

    def __repr__(self) -> str:
        verdict = "ok" if self.ok else "FAILED"
        w = self.worst
        return (f"GradCheckResult({verdict}: max relative error {self.max_rel_error:.2e} "
                f"(tolerance {self.tolerance:.0e}) over {self.n_checked} elements; worst at "
                f"index {w.index}: analytic {w.analytic:.10g}, numeric {w.numeric:.10g})")


def check_gradient(
    f: Callable[[Array], float],
    x: ArrayLike,
    analytic: ArrayLike,
    *,
    h: float = DEFAULT_STEP,
    tolerance: float = DEFAULT_TOLERANCE,
    tiny: float = TINY,
) -> GradCheckResult:
    """Compare ``analytic`` (the claimed ∇f at x) with centred differences of f at x.

    A NaN or inf in ``analytic`` is not an error of the call: it is a wrong gradient, and the
    result says so (``ok`` False, relative error inf at that element).
    """
    x = as_float_array(x, "x")
    a = as_float_array(analytic, "analytic gradient")
    if a.shape != x.shape:
        raise ShapeError(f"the analytic gradient has shape {a.shape} but x has shape "
                         f"{x.shape}; they must match")
    if x.size == 0:
        raise ArgumentError("x is empty: there is no gradient to check")
    tolerance = check_real(tolerance, "tolerance", nonnegative=True)
    tiny = check_real(tiny, "tiny", positive=True)
    n = numerical_gradient(f, x, h)
    err = relative_error(a, n, floor=tiny * max(1.0, abs(_value(f, x, "x"))))
    index = tuple(int(i) for i in np.unravel_index(int(np.argmax(err)), err.shape))
    worst = Worst(index, float(a[index]), float(n[index]), float(err[index]))
    big = tuple(int(i) for i in np.unravel_index(int(np.argmax(np.abs(a))), a.shape))
    largest = Worst(big, float(a[big]), float(n[big]), float(err[big]))
    return GradCheckResult(bool(worst.rel_error <= tolerance), worst.rel_error, worst,
                           tolerance, int(x.size), largest)


def assert_grad_close(
    f: Callable[[Array], float],
    x: ArrayLike,
    analytic: ArrayLike,
    *,
    h: float = DEFAULT_STEP,
    tolerance: float = DEFAULT_TOLERANCE,
    tiny: float = TINY,
) -> GradCheckResult:
    """``check_gradient``, raising GradientCheckError (an AssertionError) with the worst
    element if it fails."""
    result = check_gradient(f, x, analytic, h=h, tolerance=tolerance, tiny=tiny)
    if not result.ok:
        w = result.worst
        raise GradientCheckError(
            f"gradient check failed: element {w.index} has analytic {w.analytic:.10g} but "
            f"numeric {w.numeric:.10g} (relative error {w.rel_error:.2e} > tolerance "
            f"{tolerance:.0e})"
        )
    return result


def check_network(
    net: Network, X: ArrayLike, Y: ArrayLike, *, h: float = DEFAULT_STEP,
    tolerance: float = DEFAULT_TOLERANCE, tiny: float = TINY,
) -> GradCheckResult:
    """Check ``net.gradients`` (backprop) against finite differences of ``net.cost`` in θ.

    Element i of the result is parameter i of ``net.get_params()``; the finite differences
    are taken of ``costs.cost_of_params``, so the network itself is never changed.
    """
    check_instance(net, Network, "net")
    cost = cost_of_params(net, X, Y)  # θ ↦ C(θ), on a copy of the network
    analytic = net.gradients(X, Y).flat()
    return check_gradient(cost, cost.theta, analytic, h=h, tolerance=tolerance, tiny=tiny)


def check_scalar_graph(
    f: Callable[..., Scalar], *inputs: float, h: float = DEFAULT_STEP,
    tolerance: float = DEFAULT_TOLERANCE, tiny: float = TINY,
) -> GradCheckResult:
    """Check reverse mode on a generic scalar function ``f(*inputs)`` (floats in, float out)."""
    check_callable(f, "f")
    if not inputs:
        raise ArgumentError("check_scalar_graph needs at least one input: the gradient is "
                            "taken with respect to the inputs")
    leaves = [Value(x) for x in inputs]
    out = f(*leaves)
    out.backward()
    analytic = [leaf.grad for leaf in leaves]
    return check_gradient(lambda x: float(f(*x.tolist())), list(inputs), analytic, h=h,
                          tolerance=tolerance, tiny=tiny)
