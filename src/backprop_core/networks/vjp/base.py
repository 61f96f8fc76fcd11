"""What every layer of ``networks.vjp`` does, and the two layers of the book so far in that form.

A layer maps its input x (one sample per column) to y = f(x; θ). ``forward`` returns y and
a cache: what the backward pass will need, kept from the forward pass. ``vjp`` is the
backward pass, a vector–Jacobian product: from ȳ = ∂C/∂y, for whatever scalar C the
network ends in, it returns x̄ = ∂C/∂x = (∂y/∂x)ᵀ ȳ and θ̄ = ∂C/∂θ for each parameter θ,
without ever forming the Jacobian ∂y/∂x.

- ``Linear``: y = W x + b;  x̄ = Wᵀ ȳ,  W̄ = ȳ xᵀ,  b̄ = ȳ 1 (the bias is copied to every
  column, so its adjoint sums over the columns);
- ``Elementwise``: y = σ(x);  x̄ = ȳ ⊙ σ'(x) (a diagonal Jacobian, never formed).

When C is the mean cost J of a batch, its 1/m is already in ȳ: a layer's parameter
adjoints sum over the samples, they never divide.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import ShapeError, as_float_array, check_finite
from backprop_core.networks.activations import Activation, get_activation

Array = NDArray[np.float64]
Cache = dict[str, Array]
Grads = dict[str, Array]


def as_matrix(x: ArrayLike, name: str, rows: int | None = None) -> Array:
    """``x`` as a finite float matrix (n, m), one sample per column (a vector (n,) is one
    sample); with ``rows``, n must be that, or a ShapeError names both shapes."""
    arr = as_float_array(x, name)
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2:
        raise ShapeError(f"{name} must be a matrix (n, m) with one sample per column, but "
                         f"got array of shape {arr.shape}")
    if rows is not None and arr.shape[0] != rows:
        raise ShapeError(f"{name} must have {rows} rows, one per input of the layer, but got "
                         f"array of shape {arr.shape}")
    check_finite(arr, name)
    return arr


def like(y_bar: ArrayLike, y_shape: tuple[int, ...], name: str = "ȳ (∂C/∂y)") -> Array:
    """The adjoint ȳ as a finite float array shaped like the output y, or a ShapeError."""
    arr = as_float_array(y_bar, name)
    if arr.shape != y_shape:
        raise ShapeError(f"{name} must have the shape of the layer's output y, {y_shape}, "
                         f"but got array of shape {arr.shape}")
    check_finite(arr, name)
    return arr


def cache_bytes(cache: Mapping[str, Array]) -> int:
    """Bytes of the arrays a forward pass keeps for the backward pass."""
    return sum(int(np.asarray(a).nbytes) for a in cache.values())


class Layer:
    """A layer: parameters by name, ``forward`` and its vector–Jacobian product ``vjp``."""

    params: dict[str, Array]

    def forward(self, x: ArrayLike) -> tuple[Array, Cache]:
        """(y, cache) for the samples in the columns of x."""
        raise NotImplementedError

    def vjp(self, cache: Cache, y_bar: ArrayLike) -> tuple[Array, Grads]:
        """(x̄, {name: θ̄}) from ȳ = ∂C/∂y: x̄ = (∂y/∂x)ᵀ ȳ, θ̄ = (∂y/∂θ)ᵀ ȳ."""
        raise NotImplementedError

    def __call__(self, x: ArrayLike) -> Array:
        return self.forward(x)[0]

    def with_params(self, **params: ArrayLike) -> Layer:
        """A copy of the layer with some parameters replaced (what a gradient check varies)."""
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.params = dict(self.params)
        for name, value in params.items():
            if name not in self.params:
                raise ShapeError(f"{type(self).__name__} has parameters "
                                 f"{sorted(self.params)}, not {name!r}")
            arr = as_float_array(value, name)
            if arr.shape != self.params[name].shape:
                raise ShapeError(f"{name} must have shape {self.params[name].shape}, but got "
                                 f"array of shape {arr.shape}")
            clone.params[name] = arr
        return clone


class Linear(Layer):
    """y = W x + b: the dense layer's input sum z^l = W^l a^{l-1} + b^l, as a VJP layer."""

    def __init__(self, W: ArrayLike, b: ArrayLike) -> None:
        W_arr = as_float_array(W, "W")
        if W_arr.ndim != 2 or 0 in W_arr.shape:
            raise ShapeError(f"W must be a non-empty matrix (n_out, n_in), but got array of "
                             f"shape {W_arr.shape}")
        b_arr = as_float_array(b, "b").reshape(-1)
        if b_arr.shape != (W_arr.shape[0],):
            raise ShapeError(f"b must have one entry per row of W {W_arr.shape}, shape "
                             f"({W_arr.shape[0]},), but got array of shape {b_arr.shape}")
        self.params = {"W": W_arr.copy(), "b": b_arr.copy()}

    def forward(self, x: ArrayLike) -> tuple[Array, Cache]:
        W, b = self.params["W"], self.params["b"]
        x_arr = as_matrix(x, "x", rows=W.shape[1])
        return W @ x_arr + b[:, None], {"x": x_arr}

    def vjp(self, cache: Cache, y_bar: ArrayLike) -> tuple[Array, Grads]:
        W, x = self.params["W"], cache["x"]
        g = like(y_bar, (W.shape[0], x.shape[1]))
        # x̄ = Wᵀ ȳ;  W̄ = ȳ xᵀ (a sum over the samples);  b̄ = ȳ 1 (b was copied to each column)
        return W.T @ g, {"W": g @ x.T, "b": g.sum(axis=1)}


class Elementwise(Layer):
    """y = σ(x) entry by entry; its Jacobian is diag(σ'(x)), so x̄ = ȳ ⊙ σ'(x)."""

    def __init__(self, activation: str | Activation) -> None:
        self.activation = get_activation(activation)
        if not self.activation.elementwise:
            raise ShapeError(f"{self.activation.name} is not elementwise: use the Softmax "
                             f"layer, whose Jacobian is not diagonal")
        self.params = {}

    def forward(self, x: ArrayLike) -> tuple[Array, Cache]:
        x_arr = as_matrix(x, "x")
        return self.activation(x_arr), {"x": x_arr}

    def vjp(self, cache: Cache, y_bar: ArrayLike) -> tuple[Array, Grads]:
        x = cache["x"]
        derivative = self.activation.derivative
        assert derivative is not None  # elementwise, checked in __init__
        return like(y_bar, x.shape) * derivative(x), {}
