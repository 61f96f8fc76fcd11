"""Jacobians formed explicitly, to compare with the products that backprop computes instead.

For a layer y = f(x) with x of N entries and y of M entries, the Jacobian ∂y/∂x has M·N
entries. Reverse mode gets it one row at a time: row i is the VJP with ȳ = e_i (M VJPs);
forward mode one column at a time: column j is the JVP with ẋ = e_j (N JVPs). A backward
pass needs only Jᵀ ȳ for one ȳ: one VJP, never J itself.

Entries are laid out as numpy's ``ravel`` lays out the arrays: J[i, j] = ∂y.flat[i]/∂x.flat[j].
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from backprop_core.errors import ArgumentError, as_float_array
from backprop_core.networks.vjp.base import Array, Layer

VJP = Callable[[Array], Array]  # ȳ ↦ x̄ = Jᵀ ȳ, arrays shaped like y and like x


def jacobian_by_vjps(vjp: VJP, y_shape: tuple[int, ...]) -> Array:
    """J (M × N) row by row: row i = (Jᵀ e_i)ᵀ, one VJP per output entry."""
    M = int(np.prod(y_shape))
    rows = []
    for i in range(M):
        e_i = np.zeros(M)
        e_i[i] = 1.0
        rows.append(np.asarray(vjp(e_i.reshape(y_shape))).ravel())
    return np.array(rows)


def jacobian_by_jvps(jvp: VJP, x_shape: tuple[int, ...]) -> Array:
    """J (M × N) column by column: column j = J e_j, one JVP per input entry."""
    N = int(np.prod(x_shape))
    columns = []
    for j in range(N):
        e_j = np.zeros(N)
        e_j[j] = 1.0
        columns.append(np.asarray(jvp(e_j.reshape(x_shape))).ravel())
    return np.array(columns).T


def layer_jacobian(layer: Layer, x: ArrayLike, wrt: str = "x") -> Array:
    """∂y/∂x (``wrt="x"``) or ∂y/∂θ (``wrt`` a parameter's name) of a layer at x, one VJP per
    output entry, each VJP run on the same cache."""
    x_arr = as_float_array(x, "x")
    y, cache = layer.forward(x_arr)
    if not isinstance(wrt, str) or (wrt != "x" and wrt not in layer.params):
        raise ArgumentError(f"wrt must be 'x' or a parameter of the layer, "
                            f"{sorted(layer.params)}, got {wrt!r}")

    def vjp(y_bar: Array) -> Array:
        x_bar, grads = layer.vjp(cache, y_bar)
        return x_bar if wrt == "x" else grads[wrt]

    return jacobian_by_vjps(vjp, y.shape)


@dataclass(frozen=True)
class JacobianSize:
    """The size of a Jacobian M × N against that of the two vectors of a VJP."""

    outputs: int  # M, entries of y (and of ȳ)
    inputs: int  # N, entries of x (and of x̄)

    @property
    def entries(self) -> int:
        """M·N numbers in J."""
        return self.outputs * self.inputs

    @property
    def vjp_entries(self) -> int:
        """M + N numbers in ȳ and x̄."""
        return self.outputs + self.inputs

    def bytes(self, itemsize: int = 8) -> int:
        """Bytes of J in float64 (or ``itemsize`` bytes per number)."""
        return self.entries * itemsize


def dense_weight_jacobian_size(n_out: int, n_in: int, m: int) -> JacobianSize:
    """∂Y/∂W of Y = W X for W (n_out × n_in) and a batch of m columns: (n_out·m) × (n_out·n_in)
    entries, of which only n_in·m·n_out are not zero (Y_ji depends on row j of W only)."""
    return JacobianSize(n_out * m, n_out * n_in)
