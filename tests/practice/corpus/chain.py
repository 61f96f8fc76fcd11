"""Solutions to the chain-rule exercise: ``dy_dx(x)`` for y = exp(sin(x²))."""

# ruff: noqa: ANN001, ANN201, D103
from __future__ import annotations

import math

import numpy as np

from backprop_core.checks.gradcheck import numerical_gradient

from . import right, wrong

EX = "chain"


def y(x):
    return math.exp(math.sin(x**2))


# -- right ---------------------------------------------------------------------------------


@right(EX, "step by step: u, v, then the three derivatives")
def dy_dx_steps(x):
    u = x**2
    v = math.sin(u)
    return math.exp(v) * math.cos(u) * 2 * x


@right(EX, "numpy, one expression, factors in another order")
def dy_dx_numpy(x):
    return 2 * x * np.cos(x * x) * np.exp(np.sin(x * x))


@right(EX, "named local derivatives multiplied")
def dy_dx_named(x):
    u = x * x
    v = math.sin(u)
    dy_dv, dv_du, du_dx = math.exp(v), math.cos(u), 2.0 * x
    return dy_dv * dv_du * du_dx


# -- wrong ---------------------------------------------------------------------------------


@wrong(EX, "missing-inner", "2x is missing")
def dy_dx_forgets_inner(x):
    u = x**2
    return math.exp(math.sin(u)) * math.cos(u)


@wrong(EX, "half-inner", "2x, not x")
def dy_dx_inner_x(x):
    u = x**2
    return math.exp(math.sin(u)) * math.cos(u) * x


@wrong(EX, "inner-no-x", "2x, not 2")
def dy_dx_inner_two(x):
    u = x**2
    return math.exp(math.sin(u)) * math.cos(u) * 2


@wrong(EX, "missing-middle", "cos(u) is missing")
def dy_dx_forgets_cos(x):
    return math.exp(math.sin(x**2)) * 2 * x


@wrong(EX, "missing-outer", "exp(v) is missing")
def dy_dx_forgets_exp(x):
    return math.cos(x**2) * 2 * x


@wrong(EX, "sin-not-cos", "cos(u), not sin(u)")
def dy_dx_sin(x):
    u = x**2
    return math.exp(math.sin(u)) * math.sin(u) * 2 * x


@wrong(EX, "minus-sin", "the derivative of cos")
def dy_dx_minus_sin(x):
    u = x**2
    return math.exp(math.sin(u)) * -math.sin(u) * 2 * x


@wrong(EX, "wrong-point", "is taken at x, but sin is applied to u")
def dy_dx_cos_at_x(x):
    return math.exp(math.sin(x**2)) * math.cos(x) * 2 * x


@wrong(EX, "outer-at-x", "exp is taken at sin(x)")
def dy_dx_exp_at_x(x):
    return math.exp(math.sin(x)) * math.cos(x**2) * 2 * x


@wrong(EX, "sum-not-product", "they multiply")
def dy_dx_adds(x):
    u = x**2
    return math.exp(math.sin(u)) + math.cos(u) + 2 * x


@wrong(EX, "returns-y", "y itself")
def dy_dx_returns_y(x):
    return math.exp(math.sin(x**2))


@wrong(EX, "numerical", "accuracy of finite differences")
def dy_dx_central_difference(x):
    h = 1e-5
    return (y(x + h) - y(x - h)) / (2 * h)


@wrong(EX, "numerical", "how the book *checks*")
def dy_dx_package_numerical(x):
    return float(numerical_gradient(lambda t: y(float(t[0])), [x])[0])


@wrong(EX, "numerical", "significant digits only")
def dy_dx_five_point(x):
    h = 1e-3
    return (-y(x + 2 * h) + 8 * y(x + h) - 8 * y(x - h) + y(x - 2 * h)) / (12 * h)


@wrong(EX, "returns-none", "Is the last line missing?")
def dy_dx_no_return(x):
    u = x**2
    v = math.sin(u)
    result = math.exp(v) * math.cos(u) * 2 * x  # noqa: F841 - the learner forgot return


@wrong(EX, "not-written", "not written yet")
def dy_dx_stub(x):
    """dy/dx for y = exp(sin(x²)), by the chain rule."""
    ...  # ← your code


@wrong(EX, "not-numbers", "not a number")
def dy_dx_list(x):
    u = x**2
    return [math.exp(math.sin(u)), math.cos(u), 2 * x]


@wrong(EX, "crash", "raised NameError")
def dy_dx_typo(x):
    u = x**2
    return math.exp(math.sin(u)) * math.cos(U) * 2 * x  # type: ignore[name-defined]  # noqa: F821
