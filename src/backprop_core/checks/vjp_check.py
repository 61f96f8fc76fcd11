"""A layer's vector–Jacobian product against finite differences, through the one checker.

For a layer y = f(x; θ) and a fixed random ȳ, the scalar C = Σ ȳ ⊙ f(x; θ) has ∂C/∂y = ȳ
exactly, so its gradients in x and in each parameter are what the layer's ``vjp`` must
return for that ȳ: x̄ and θ̄. ``check_layer`` compares each of them with centred finite
differences of C (``gradcheck.check_gradient``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from backprop_core.checks.gradcheck import (
    DEFAULT_TOLERANCE,
    GradCheckResult,
    check_gradient,
)
from backprop_core.errors import as_float_array, check_integer
from backprop_core.networks.vjp.base import Array, Layer


def probe(layer: Layer, x: ArrayLike, seed: int = 0) -> tuple[Array, Array]:
    """(x, ȳ): x as an array, and a random ȳ of the output's shape, N(0, 1) from ``seed``."""
    x_arr = as_float_array(x, "x")
    y = layer(x_arr)
    rng = np.random.default_rng(check_integer(seed, "seed", minimum=0))
    return x_arr, rng.normal(size=y.shape)


def check_layer(layer: Layer, x: ArrayLike, *, seed: int = 0,
                tolerance: float = DEFAULT_TOLERANCE) -> dict[str, GradCheckResult]:
    """{"x": result for x̄, name: result for each parameter's θ̄}, for C = Σ ȳ ⊙ layer(x)."""
    x_arr, y_bar = probe(layer, x, seed)
    _, cache = layer.forward(x_arr)
    x_bar, grads = layer.vjp(cache, y_bar)

    def cost_of_x(x_: Array) -> float:
        return float((y_bar * layer(x_)).sum())

    results = {"x": check_gradient(cost_of_x, x_arr, x_bar, tolerance=tolerance)}
    for name, value in layer.params.items():
        def cost_of_param(p: Array, name: str = name) -> float:
            return float((y_bar * layer.with_params(**{name: p})(x_arr)).sum())

        results[name] = check_gradient(cost_of_param, value, grads[name], tolerance=tolerance)
    return results
