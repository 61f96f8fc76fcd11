"""Softmax on its own, as a layer: s = softmax(z) per column.

Its Jacobian mixes the entries of a column: ∂s_j/∂z_k = s_j ([j = k] − s_k), that is
J = diag(s) − s sᵀ, an n × n matrix per sample. The backward pass never forms it:

    z̄ = Jᵀ s̄ = s ⊙ s̄ − s (sᵀ s̄) = s ⊙ (s̄ − sᵀ s̄),

about 3n multiplications per sample instead of n² for J and n² more for Jᵀ s̄. J is
symmetric, so the same formula is also the forward-mode product J ż.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from backprop_core.errors import ShapeError
from backprop_core.networks.activations import softmax
from backprop_core.networks.vjp.base import Array, Cache, Grads, Layer, as_matrix, like


def softmax_vjp(s: Array, s_bar: Array) -> Array:
    """z̄ = s ⊙ (s̄ − sᵀ s̄), column by column: the product with J = diag(s) − s sᵀ."""
    z_bar: Array = s * (s_bar - (s * s_bar).sum(axis=0, keepdims=True))
    return z_bar


class Softmax(Layer):
    """s = softmax(z), one distribution per column; keeps s for the backward pass."""

    def __init__(self) -> None:
        self.params = {}

    def forward(self, z: ArrayLike) -> tuple[Array, Cache]:
        s = softmax(as_matrix(z, "z"))
        return s, {"s": s}

    def vjp(self, cache: Cache, y_bar: ArrayLike) -> tuple[Array, Grads]:
        s = cache["s"]
        return softmax_vjp(s, like(y_bar, s.shape, "s̄ (∂C/∂s)")), {}

    def jvp(self, cache: Cache, z_dot: ArrayLike) -> Array:
        """ṡ = J ż: forward mode, the same formula since J is symmetric."""
        s = cache["s"]
        return softmax_vjp(s, like(z_dot, s.shape, "ż (a tangent of z)"))

    @staticmethod
    def jacobian(cache: Cache, sample: int = 0) -> Array:
        """J = diag(s) − s sᵀ of one sample (a column of s), formed explicitly: n × n."""
        s_all = cache["s"]
        if not 0 <= sample < s_all.shape[1]:
            raise ShapeError(f"sample must be a column of s {s_all.shape}, 0..."
                             f"{s_all.shape[1] - 1}, got {sample}")
        s = s_all[:, [sample]]
        J: Array = np.diagflat(s) - s @ s.T
        return J
