"""Activation functions a = σ(z) and their derivatives, looked up by name.

Arrays hold one sample per column: z has shape (n_l, m). An elementwise σ has a derivative
σ'(z), and backprop multiplies by it: ∂C/∂z = ∂C/∂a ⊙ σ'(z). Softmax mixes the neurons of
a column, so it has a Jacobian instead, and backprop applies that Jacobian to a vector.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import ShapeError, as_float_array, check_finite, unknown_name

Array = NDArray[np.float64]


def _z(z: ArrayLike, name: str = "z") -> Array:
    """z as a real float array with finite entries, or an error naming it."""
    arr = as_float_array(z, name)
    check_finite(arr, name)
    return arr


def identity(z: ArrayLike) -> Array:
    """σ(z) = z."""
    z = _z(z)
    return z.copy()


def identity_prime(z: ArrayLike) -> Array:
    """σ'(z) = 1."""
    z = _z(z)
    return np.ones_like(z)


def sigmoid(z: ArrayLike) -> Array:
    """σ(z) = 1/(1 + e^{-z}), computed without overflow for any z (also |z| = 1000)."""
    z = _z(z)
    with np.errstate(under="ignore"):  # e^{-|z|} rounds to 0 for |z| > 745: that is exact enough
        e = np.exp(-np.abs(z))  # never exponentiate a large positive number
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_prime(z: ArrayLike) -> Array:
    """σ'(z) = σ(z)(1 - σ(z))."""
    z = _z(z)
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z: ArrayLike) -> Array:
    """σ(z) = tanh z."""
    z = _z(z)
    return np.tanh(z)


def tanh_prime(z: ArrayLike) -> Array:
    """σ'(z) = 1 - tanh²z."""
    z = _z(z)
    return 1.0 - np.tanh(z) ** 2


def relu(z: ArrayLike) -> Array:
    """σ(z) = max(0, z)."""
    z = _z(z)
    return np.maximum(z, 0.0)


def relu_prime(z: ArrayLike) -> Array:
    """σ'(z) = 1 if z > 0 else 0 (we pick 0 at the kink z = 0)."""
    z = _z(z)
    return (z > 0).astype(z.dtype)  # keep float32 networks in float32


def softmax(z: ArrayLike) -> Array:
    """softmax(z)_j = e^{z_j} / Σ_k e^{z_k}, per column; shifted by max z so e^… cannot overflow."""
    z = _z(z)
    if z.ndim == 0 or z.shape[0] == 0:
        raise ShapeError(f"softmax needs at least one row (one neuron), but z has shape "
                         f"{z.shape}")
    with np.errstate(under="ignore"):
        e = np.exp(z - z.max(axis=0, keepdims=True))
    s: Array = e / e.sum(axis=0, keepdims=True)
    return s


def softmax_jacobian(z: ArrayLike) -> Array:
    """J = ∂softmax(z)/∂z = diag(s) - s sᵀ for one sample z of shape (n,) or (n, 1)."""
    arr = _z(z)
    if arr.ndim not in (1, 2) or (arr.ndim == 2 and arr.shape[1] != 1):
        raise ShapeError(f"softmax_jacobian takes one sample, z of shape (n,) or (n, 1), "
                         f"but got array of shape {arr.shape}")
    s = softmax(arr.astype(np.float64).reshape(-1, 1))
    return np.diagflat(s) - s @ s.T


def softmax_jvp(z: ArrayLike, v: ArrayLike) -> Array:
    """J v = s ⊙ (v - sᵀv), per column, without building J (J is symmetric, so also Jᵀ v)."""
    s = softmax(z)
    v = _z(v, "v")
    if v.shape != s.shape:
        raise ShapeError(f"softmax_jvp needs v shaped like z {s.shape}, but got array of "
                         f"shape {v.shape}")
    jv: Array = s * (v - (s * v).sum(axis=0, keepdims=True))
    return jv


@dataclass(frozen=True)
class Activation:
    """A named activation: ``function`` σ, and ``derivative`` σ' (None for softmax)."""

    name: str
    function: Callable[[ArrayLike], Array]
    derivative: Callable[[ArrayLike], Array] | None

    def __call__(self, z: ArrayLike) -> Array:
        return self.function(z)

    @property
    def elementwise(self) -> bool:
        """True if a_j depends on z_j only, so that ∂a/∂z is the diagonal σ'(z)."""
        return self.derivative is not None

    def backward(self, z: Array, grad_a: Array) -> Array:
        """∂C/∂z from ∂C/∂a: ∂C/∂a ⊙ σ'(z) for an elementwise σ, Jᵀ ∂C/∂a for softmax."""
        if self.derivative is None:
            return softmax_jvp(z, grad_a)
        return grad_a * self.derivative(z)


ACTIVATIONS: dict[str, Activation] = {
    "identity": Activation("identity", identity, identity_prime),
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime),
    "tanh": Activation("tanh", tanh, tanh_prime),
    "relu": Activation("relu", relu, relu_prime),
    "softmax": Activation("softmax", softmax, None),
}


def get_activation(name: str | Activation) -> Activation:
    """The activation called ``name`` (an Activation is returned as it is)."""
    if isinstance(name, Activation):
        return name
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise unknown_name("activation", name, ACTIVATIONS) from None
