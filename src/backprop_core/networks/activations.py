"""Activation functions a = σ(z) and their derivatives, looked up by name.

Arrays hold one sample per column: z has shape (n_l, m). An elementwise σ has a derivative
σ'(z), and backprop multiplies by it: ∂C/∂z = ∂C/∂a ⊙ σ'(z). Softmax mixes the neurons of
a column, so it has a Jacobian instead, and backprop applies that Jacobian to a vector.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import (
    ShapeError,
    as_float_array,
    check_finite,
    check_result,
    unknown_name,
)

Array = NDArray[np.float64]


def _z(z: ArrayLike, name: str = "z") -> Array:
    """z as a real float array with finite entries, or an error naming it."""
    arr = as_float_array(z, name)
    check_finite(arr, name)
    return arr


# The formulas, on arrays already checked (finite floats): a network's forward pass checks
# z^l once and calls these; the public functions below check their argument first.

def _identity(z: Array) -> Array:
    return z.copy()


def _identity_prime(z: Array) -> Array:
    return np.ones_like(z)


def _sigmoid(z: Array) -> Array:
    with np.errstate(under="ignore"):  # e^{-|z|} rounds to 0 for |z| > 745: that is exact enough
        e = np.exp(-np.abs(z))  # never exponentiate a large positive number
    s: Array = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return s


def _sigmoid_prime(z: Array) -> Array:
    # σ'(z) = σ(z)(1 - σ(z)) = e^{-|z|} / (1 + e^{-|z|})²: σ' is even, and this form never
    # subtracts. σ(1 - σ) would: for z >= 37, σ(z) rounds to 1 and 1 - σ to 0, while
    # σ'(40) = 4.2e-18 is a perfectly good float.
    with np.errstate(under="ignore"):  # σ'(z) underflows to 0 for |z| > 745: exact enough
        e = np.exp(-np.abs(z))
        d: Array = e / ((1.0 + e) * (1.0 + e))
    return d


def _tanh(z: Array) -> Array:
    return np.tanh(z)


def _tanh_prime(z: Array) -> Array:
    # 1 - tanh²z = 4 e^{-2|z|} / (1 + e^{-2|z|})², which keeps its digits where tanh z
    # rounds to ±1 (|z| > 19), as σ' above does.
    with np.errstate(under="ignore", over="ignore"):  # -2|z| = -inf for |z| > 9e307: e = 0
        e = np.exp(-2.0 * np.abs(z))
        d: Array = 4.0 * e / ((1.0 + e) * (1.0 + e))
    return d


def _relu(z: Array) -> Array:
    return np.maximum(z, 0.0)


def _relu_prime(z: Array) -> Array:
    return (z > 0).astype(z.dtype)  # keep float32 networks in float32


def _relu_mask(z: Array) -> NDArray[np.bool_]:
    """σ'(z) for relu as True/False: multiplying by it is multiplying by 1.0/0.0, with no
    float array of σ' made first (what a network's backward pass uses)."""
    return z > 0


def _softmax(z: Array) -> Array:
    if z.ndim == 0 or z.shape[0] == 0:
        raise ShapeError(f"softmax needs at least one row (one neuron), but z has shape "
                         f"{z.shape}")
    # z - max z may overflow to -inf (z spans ±1e308): e^{-inf} = 0 is then exact
    with np.errstate(under="ignore", over="ignore"):
        e = np.exp(z - z.max(axis=0, keepdims=True))
    s: Array = e / e.sum(axis=0, keepdims=True)
    return s


def _softmax_jvp(z: Array, v: Array) -> Array:
    s = _softmax(z)
    if v.shape != s.shape:
        raise ShapeError(f"softmax_jvp needs v shaped like z {s.shape}, but got array of "
                         f"shape {v.shape}")
    jv: Array = s * (v - (s * v).sum(axis=0, keepdims=True))
    return jv


def identity(z: ArrayLike) -> Array:
    """σ(z) = z."""
    return _identity(_z(z))


def identity_prime(z: ArrayLike) -> Array:
    """σ'(z) = 1."""
    return _identity_prime(_z(z))


def sigmoid(z: ArrayLike) -> Array:
    """σ(z) = 1/(1 + e^{-z}), computed without overflow for any z (also |z| = 1000)."""
    return _sigmoid(_z(z))


def sigmoid_prime(z: ArrayLike) -> Array:
    """σ'(z) = σ(z)(1 - σ(z)), computed as e^{-|z|}/(1 + e^{-|z|})²: full precision for
    any z (4.2e-18 at z = 40, where 1 - σ(z) is already 0)."""
    return _sigmoid_prime(_z(z))


def tanh(z: ArrayLike) -> Array:
    """σ(z) = tanh z."""
    return _tanh(_z(z))


def tanh_prime(z: ArrayLike) -> Array:
    """σ'(z) = 1 - tanh²z, computed as 4e^{-2|z|}/(1 + e^{-2|z|})² (full precision for
    large |z|, where tanh z rounds to ±1)."""
    return _tanh_prime(_z(z))


def relu(z: ArrayLike) -> Array:
    """σ(z) = max(0, z)."""
    return _relu(_z(z))


def relu_prime(z: ArrayLike) -> Array:
    """σ'(z) = 1 if z > 0 else 0 (we pick 0 at the kink z = 0)."""
    return _relu_prime(_z(z))


def softmax(z: ArrayLike) -> Array:
    """softmax(z)_j = e^{z_j} / Σ_k e^{z_k}, per column; shifted by max z so e^… cannot overflow."""
    return _softmax(_z(z))


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
    z_arr, v_arr = _z(z), _z(v, "v")
    with np.errstate(over="ignore", invalid="ignore"):  # reported below, in words
        jv = _softmax_jvp(z_arr, v_arr)
    check_result(jv, "J v = s ⊙ (v - sᵀv)")
    return jv


_Formula = Callable[[Array], NDArray[Any]]


@dataclass(frozen=True)
class Activation:
    """A named activation: ``function`` σ, and ``derivative`` σ' (None for softmax).

    ``formulas`` optionally holds (σ, σ') for arrays already checked, which a network's
    passes use to check each z^l once; without it they use ``function`` and ``derivative``.
    """

    name: str
    function: Callable[[ArrayLike], Array]
    derivative: Callable[[ArrayLike], Array] | None
    formulas: tuple[_Formula, _Formula | None] | None = field(default=None, repr=False,
                                                                compare=False)

    def __call__(self, z: ArrayLike) -> Array:
        return self.function(z)

    def apply_checked(self, z: Array) -> Array:
        """σ(z) for a z known to be a finite float array (a network's z^l)."""
        return (self.formulas[0] if self.formulas else self.function)(z)

    def backward_checked(self, z: Array, grad_a: Array) -> Array:
        """``backward`` for finite float arrays z and ∂C/∂a of the same shape. The result may
        be written over ``grad_a``: pass an array nothing else holds (a fresh product)."""
        if self.formulas is None:
            return self.backward(z, grad_a)
        derivative = self.formulas[1]
        if derivative is None:
            return _softmax_jvp(z, grad_a)
        dtype = np.result_type(grad_a, z)  # as grad_a * σ'(z) would be
        out = grad_a if dtype == grad_a.dtype else None  # in place: no new array of this size
        product: Array = np.multiply(grad_a, derivative(z), out=out, dtype=dtype)
        return product

    @property
    def builtin(self) -> bool:
        """True for the book's activations (``ACTIVATIONS``), on which a network's checks may
        rely: finite z gives finite σ(z) and σ'(z). An Activation made elsewhere may not."""
        return ACTIVATIONS.get(self.name) is self

    @property
    def elementwise(self) -> bool:
        """True if a_j depends on z_j only, so that ∂a/∂z is the diagonal σ'(z)."""
        return self.derivative is not None

    def backward(self, z: ArrayLike, grad_a: ArrayLike) -> Array:
        """∂C/∂z from ∂C/∂a: ∂C/∂a ⊙ σ'(z) for an elementwise σ, Jᵀ ∂C/∂a for softmax."""
        if self.derivative is None:
            return softmax_jvp(z, grad_a)
        z_arr, g = _z(z), _z(grad_a, "grad_a")
        if g.shape != z_arr.shape:
            raise ShapeError(f"grad_a (∂C/∂a) must have the shape of z {z_arr.shape}, but "
                             f"got array of shape {g.shape}")
        with np.errstate(over="ignore"):  # reported below, in words
            result: Array = g * self.derivative(z_arr)
        check_result(result, "∂C/∂z = ∂C/∂a ⊙ σ'(z)")
        return result


ACTIVATIONS: dict[str, Activation] = {
    "identity": Activation("identity", identity, identity_prime, (_identity, _identity_prime)),
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime, (_sigmoid, _sigmoid_prime)),
    "tanh": Activation("tanh", tanh, tanh_prime, (_tanh, _tanh_prime)),
    "relu": Activation("relu", relu, relu_prime, (_relu, _relu_mask)),
    "softmax": Activation("softmax", softmax, None, (_softmax, None)),
}


def get_activation(name: str | Activation) -> Activation:
    """The activation called ``name`` (an Activation is returned as it is)."""
    if isinstance(name, Activation):
        return name
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise unknown_name("activation", name, ACTIVATIONS) from None
