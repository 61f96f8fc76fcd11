"""A 1-D convolution: one small kernel w slid along the input, the same weights everywhere.

For x of shape (n, m), n positions and m samples (one per column), a kernel w of k weights
and a bias b (one number), the output has n − k + 1 positions ("valid": the kernel stays
inside the input):

    y_t = Σ_j w_j x_{t+j} + b,   t = 0, …, n − k,  j = 0, …, k − 1.

(Deep-learning libraries call this a convolution; mathematicians call it a correlation:
the kernel is not flipped.) It is a dense layer y = T x + b whose n − k + 1 by n matrix T
holds w_j on its j-th diagonal, T[t, t + j] = w_j, and zeros elsewhere: one weight used in
n − k + 1 places. So its adjoint is a sum, one term per place (a copy is a fork):

    w̄_j = Σ_t Σ_samples ȳ_t x_{t+j}   (the dense T̄ = ȳ xᵀ, summed along diagonal j),
    b̄ = Σ_t Σ_samples ȳ_t,
    x̄_s = Σ_j w_j ȳ_{s−j}   (Tᵀ ȳ: ȳ padded with k − 1 zeros at both ends, slid over the
                             flipped kernel: a "full" convolution).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike

from backprop_core.errors import ShapeError, as_float_array
from backprop_core.networks.vjp.base import Array, Cache, Grads, Layer, as_matrix, like


def windows(x: Array, k: int) -> Array:
    """The n − k + 1 windows of k consecutive positions of each column of x: shape
    (n − k + 1, m, k), a view (nothing is copied)."""
    return sliding_window_view(x, k, axis=0)


def conv1d(x: Array, w: Array, b: float) -> Array:
    """y_t = Σ_j w_j x_{t+j} + b for every column of x (shape (n − k + 1, m))."""
    y: Array = windows(x, w.size) @ w + b
    return y


def conv1d_vjp(x: Array, w: Array, y_bar: Array) -> tuple[Array, Array, float]:
    """(x̄, w̄, b̄): x̄ the full convolution of ȳ with the flipped kernel, w̄_j = Σ ȳ_t x_{t+j}
    over positions and samples, b̄ = Σ ȳ."""
    k = w.size
    w_bar = np.einsum("tmj,tm->j", windows(x, k), y_bar)  # one term per place w_j is used
    padded = np.pad(y_bar, ((k - 1, k - 1), (0, 0)))
    x_bar: Array = windows(padded, k) @ w[::-1]  # x̄_s = Σ_j w_j ȳ_{s−j}
    return x_bar, w_bar, float(y_bar.sum())


class Conv1D(Layer):
    """One input channel, one kernel w of k weights and one bias b, shared by every position."""

    def __init__(self, w: ArrayLike, b: float = 0.0) -> None:
        w_arr = as_float_array(w, "w").reshape(-1)
        if w_arr.size == 0:
            raise ShapeError("the kernel w needs at least one weight, got an empty array")
        self.params = {"w": w_arr.copy(), "b": as_float_array(b, "b").reshape(1).copy()}

    @property
    def k(self) -> int:
        """The kernel's width."""
        return int(self.params["w"].size)

    def forward(self, x: ArrayLike) -> tuple[Array, Cache]:
        x_arr = as_matrix(x, "x")
        if x_arr.shape[0] < self.k:
            raise ShapeError(f"x must have at least k = {self.k} positions (rows) for a kernel "
                             f"of {self.k} weights, but got array of shape {x_arr.shape}")
        return conv1d(x_arr, self.params["w"], float(self.params["b"][0])), {"x": x_arr}

    def vjp(self, cache: Cache, y_bar: ArrayLike) -> tuple[Array, Grads]:
        x = cache["x"]
        g = like(y_bar, (x.shape[0] - self.k + 1, x.shape[1]))
        x_bar, w_bar, b_bar = conv1d_vjp(x, self.params["w"], g)
        return x_bar, {"w": w_bar, "b": np.array([b_bar])}

    def matrix(self, n: int) -> Array:
        """T, the (n − k + 1) × n banded matrix with y = T x + b: T[t, t + j] = w_j."""
        if n < self.k:
            raise ShapeError(f"n must be at least k = {self.k}, got {n}")
        T = np.zeros((n - self.k + 1, n))
        for j, w_j in enumerate(self.params["w"]):
            T[np.arange(n - self.k + 1), np.arange(n - self.k + 1) + j] = w_j
        return T
