"""One dense layer l in matrix form: z^l = W^l a^{l-1} + b^l, a^l = σ(z^l).

W^l has shape (n_l, n_{l-1}): row j holds the weights w^l_{jk} into neuron j, column k the
weights out of neuron k of layer l-1. Samples are columns, so a^{l-1} has shape
(n_{l-1}, m); the bias b^l has shape (n_l,) and is added to every column.
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.errors import (
    ShapeError,
    as_float_array,
    check_finite,
    check_instance,
    check_integer,
    check_result,
)
from backprop_core.networks.activations import Activation, get_activation
from backprop_core.squares import sum_of_squares

Array = NDArray[np.float64]


def as_columns(x: ArrayLike, name: str) -> Array:
    """``x`` as a float array with one sample per column: a vector of shape (n,) becomes (n, 1)."""
    return _finite_columns(x, name)[0]


def _finite_columns(x: ArrayLike, name: str) -> tuple[Array, float]:
    """``as_columns``, and Σ x² over its entries (read once, by the test that they are finite;
    inf if the sum overflows)."""
    arr = as_float_array(x, name)
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2:
        raise ShapeError(
            f"{name} must be a vector (n,) or a matrix (n, m) with one sample per column, "
            f"but got array of shape {arr.shape}"
        )
    squares = sum_of_squares(arr)
    if not math.isfinite(squares):
        check_finite(arr, name)  # names the first NaN or ±inf; none: the sum overflowed
        squares = math.inf
    return arr, squares


class Dense:
    """Layer l: z^l = W^l a^{l-1} + b^l and a^l = σ(z^l).

    ``index`` is the layer number l (the input is layer 0); error messages use it.
    """

    def __init__(
        self, W: ArrayLike, b: ArrayLike, activation: str | Activation = "sigmoid",
        index: int = 1,
    ) -> None:
        index = check_integer(index, "index (the layer number l)", minimum=1)
        self.index = index
        self.activation = get_activation(activation)
        W_arr = as_float_array(W, f"W^{index}")
        if W_arr.ndim != 2:
            raise ShapeError(f"W^{index} must be a matrix (n_{index}, n_{index - 1}), "
                             f"but got array of shape {W_arr.shape}")
        if 0 in W_arr.shape:
            raise ShapeError(f"W^{index} must have at least one row (neuron) and one column "
                             f"(input), but got array of shape {W_arr.shape}")
        b_arr = as_float_array(b, f"b^{index}")
        if b_arr.shape not in ((W_arr.shape[0],), (W_arr.shape[0], 1)):
            raise ShapeError(
                f"b^{index} must have shape ({W_arr.shape[0]},), one bias per row of "
                f"W^{index} {W_arr.shape}, but got array of shape {b_arr.shape}"
            )
        self.W = W_arr.copy()
        self.b = b_arr.reshape(-1).copy()
        self.check_parameters()

    @classmethod
    def initialized(
        cls, n_in: int, n_out: int, activation: str | Activation, rng: np.random.Generator,
        index: int = 1,
    ) -> Dense:
        """Random W^l with entries N(0, s²), s² = 2/n_{l-1} for relu else 1/n_{l-1}; b^l = 0.

        This keeps the variance of z^l near that of a^{l-1}, so deep nets neither blow up
        nor vanish at the start.
        """
        n_in = check_integer(n_in, "n_in", minimum=1)
        n_out = check_integer(n_out, "n_out", minimum=1)
        act = get_activation(activation)
        check_instance(rng, np.random.Generator, "rng")
        scale = np.sqrt((2.0 if act.name == "relu" else 1.0) / n_in)
        return cls(rng.normal(0.0, scale, size=(n_out, n_in)), np.zeros(n_out), act, index)

    @property
    def n_in(self) -> int:
        """n_{l-1}: neurons feeding this layer."""
        return int(self.W.shape[1])

    @property
    def n_out(self) -> int:
        """n_l: neurons of this layer."""
        return int(self.W.shape[0])

    def __repr__(self) -> str:
        return (f"Dense(l={self.index}, W{self.W.shape}, b({self.n_out},), "
                f"activation={self.activation.name!r})")

    def check_parameters(self) -> None:
        """Raise NonFiniteError if W^l or b^l holds NaN/inf (e.g. after training diverged)."""
        check_finite(self.W, f"W^{self.index}")
        check_finite(self.b, f"b^{self.index}")

    def check_input(self, a_prev: ArrayLike) -> Array:
        """a^{l-1} as columns, or a ShapeError naming the layer and both shapes."""
        return self.checked_input(a_prev)[0]

    def checked_input(self, a_prev: ArrayLike) -> tuple[Array, float]:
        """``check_input``, and Σ a² over the entries of a^{l-1}, read by the same pass that
        finds them finite (inf if the sum overflows): √Σ a² bounds the length of every
        column, so a network bounds |z^l| with it."""
        l = self.index
        name = "input x" if l == 1 else f"a^{l - 1}"
        given = as_float_array(a_prev, name)
        a, squares = _finite_columns(given, name)
        if a.shape[0] != self.n_in:
            hint = ""
            if given.ndim == 2 and given.shape[1] == self.n_in:
                hint = " (samples as rows? pass the transpose: one sample per column)"
            raise ShapeError(
                f"layer {l} expects {name} with {self.n_in} rows (n_{l - 1} = {self.n_in}) "
                f"but got array of shape {given.shape}{hint}"
            )
        return a, squares

    def forward(self, a_prev: ArrayLike) -> tuple[Array, Array]:
        """(z^l, a^l) with z^l = W^l a^{l-1} + b^l and a^l = σ(z^l)."""
        a_prev = self.check_input(a_prev)
        self.check_parameters()
        with np.errstate(over="ignore", invalid="ignore"):  # reported below, in words
            z = self.W @ a_prev + self.b[:, None]
        if not np.isfinite(z).all():
            l = self.index
            check_result(z, f"z^{l} = W^{l} a^{l - 1} + b^{l}",
                         f" (largest |W^{l}| = {np.abs(self.W).max():.3g}, largest "
                         f"|a^{l - 1}| = {np.abs(a_prev).max():.3g}): scale the inputs or "
                         f"the weights down")
        return z, self.activation.apply_checked(z)  # z^l is checked just above

    def parameter_gradients(self, delta: Array, a_prev: Array) -> tuple[Array, Array]:
        """(∂C/∂W^l, ∂C/∂b^l) = ((1/m) δ^l (a^{l-1})ᵀ, (1/m) Σ_x δ^l_x) for C = mean over m.

        δ^l holds one sample's ∂C_x/∂z^l per column; the matrix product sums over samples.
        """
        m = delta.shape[1]
        if m == 0:
            raise ShapeError(f"the gradient of a mean over samples needs at least one "
                             f"sample, but δ^{self.index} has shape {delta.shape}")
        # np.dot: for one sample numpy's @ makes this outer product without the BLAS
        # library, several times slower; then / m in place (no second array of this size)
        dW: Array = np.dot(delta, a_prev.T)
        if m > 1:
            dW /= m
        return dW, delta.sum(axis=1) / m

    def backward_input(self, delta: Array) -> Array:
        """∂C_x/∂a^{l-1} = (W^l)ᵀ δ^l: the error sent back to the previous layer."""
        back: Array = self.W.T @ delta
        return back
