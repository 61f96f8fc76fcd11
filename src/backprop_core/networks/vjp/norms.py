"""Batch and layer normalisation: one formula, taken along the samples or along the features.

For x of shape (n, m), n features and m samples (one per column), along an axis holding
N entries:

    μ = mean(x),  v = mean((x − μ)²),  x̂ = (x − μ)/√(v + ε),  y = γ ⊙ x̂ + β,

with γ, β one number per feature. Batch normalisation takes μ and v along the samples (each
feature normalised over the batch: every sample's y depends on every other sample), layer
normalisation along the features (each sample on its own). The backward pass, with
ĝ = γ ⊙ ȳ and the sums along the same axis:

    x̄ = (1/√(v + ε)) · (ĝ − mean(ĝ) − x̂ ⊙ mean(ĝ ⊙ x̂)),
    γ̄ = Σ_samples ȳ ⊙ x̂,   β̄ = Σ_samples ȳ.

The two subtracted means are the paths through μ and v: the gradient that flows back
through the statistics shared by all N entries.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from backprop_core.errors import ArgumentError, ShapeError, as_float_array, check_real
from backprop_core.networks.vjp.base import Array, Cache, Grads, Layer, as_matrix, like

Axis = Literal["samples", "features"]
AXES = {"samples": 1, "features": 0}


def normalise(x: Array, axis: int, eps: float) -> tuple[Array, Array]:
    """(x̂, 1/√(v + ε)) with the mean and variance v taken along ``axis``; the variance is
    the biased one, the mean of the squares (1/N, not 1/(N − 1))."""
    mu = x.mean(axis=axis, keepdims=True)
    centred = x - mu
    inv_std = 1.0 / np.sqrt((centred * centred).mean(axis=axis, keepdims=True) + eps)
    return centred * inv_std, inv_std


def normalise_vjp(x_hat: Array, inv_std: Array, g_hat: Array, axis: int) -> Array:
    """x̄ from ĝ = ∂C/∂x̂: inv_std · (ĝ − mean(ĝ) − x̂ ⊙ mean(ĝ ⊙ x̂)), means along ``axis``."""
    x_bar: Array = inv_std * (g_hat - g_hat.mean(axis=axis, keepdims=True)
                              - x_hat * (g_hat * x_hat).mean(axis=axis, keepdims=True))
    return x_bar


class Normalisation(Layer):
    """y = γ ⊙ x̂ + β with x̂ normalised along ``over`` ("samples": batch normalisation,
    "features": layer normalisation); γ and β have one entry per feature (row)."""

    def __init__(self, gamma: ArrayLike, beta: ArrayLike, over: Axis, eps: float = 1e-5
                 ) -> None:
        if over not in AXES:
            raise ArgumentError(f"over must be 'samples' (batch normalisation) or 'features' "
                                f"(layer normalisation), got {over!r}")
        self.over = over
        self.axis = AXES[over]
        self.eps = check_real(eps, "eps", positive=True)
        g = as_float_array(gamma, "gamma").reshape(-1)
        b = as_float_array(beta, "beta").reshape(-1)
        if b.shape != g.shape:
            raise ShapeError(f"beta must have the shape of gamma {g.shape}, one entry per "
                             f"feature, but got array of shape {b.shape}")
        self.params = {"gamma": g.copy(), "beta": b.copy()}

    def forward(self, x: ArrayLike) -> tuple[Array, Cache]:
        gamma, beta = self.params["gamma"], self.params["beta"]
        x_arr = as_matrix(x, "x", rows=gamma.size)
        if x_arr.shape[self.axis] < 2 and self.over == "features":
            raise ShapeError(f"layer normalisation needs at least two features, but x has "
                             f"shape {x_arr.shape}")
        x_hat, inv_std = normalise(x_arr, self.axis, self.eps)
        return gamma[:, None] * x_hat + beta[:, None], {"x_hat": x_hat, "inv_std": inv_std}

    def vjp(self, cache: Cache, y_bar: ArrayLike) -> tuple[Array, Grads]:
        x_hat, inv_std = cache["x_hat"], cache["inv_std"]
        g = like(y_bar, x_hat.shape)
        g_hat = self.params["gamma"][:, None] * g
        x_bar = normalise_vjp(x_hat, inv_std, g_hat, self.axis)
        return x_bar, {"gamma": (g * x_hat).sum(axis=1), "beta": g.sum(axis=1)}


def batch_norm(gamma: ArrayLike, beta: ArrayLike, eps: float = 1e-5) -> Normalisation:
    """Batch normalisation: each feature normalised over the m samples of the batch."""
    return Normalisation(gamma, beta, "samples", eps)


def layer_norm(gamma: ArrayLike, beta: ArrayLike, eps: float = 1e-5) -> Normalisation:
    """Layer normalisation: each sample normalised over its n features."""
    return Normalisation(gamma, beta, "features", eps)
