"""Why a network's passes came out finite, found cheaply: norms and bounds, not every entry.

``Network.forward`` and ``Network.backward`` run the column form (``forms``) on checked
inputs, then ask the functions here whether anything overflowed or is NaN. They read the
parameters once (their Frobenius norms ‖W‖ = √Σ w², from ``squares.sum_of_squares``, which is
NaN or inf exactly when an entry is NaN or ±inf, or the sum overflows) and little else:

- z^l = W^l a^{l-1} + b^l: every column has length at most ‖W^l‖·‖a^{l-1}_x‖ + ‖b^l‖
  (Cauchy-Schwarz, row by row, which also bounds every partial sum the product forms). Far
  below overflow, z^l is finite without being read. The book's activations keep that bound,
  or 1 per entry (relu, identity: |σ(z)| ≤ |z|; sigmoid, tanh, softmax: ≤ 1), so the columns
  of a^l are at most max(bound, √n_l) long, and feed the next layer's bound.
- δ^l = (W^{l+1})ᵀ δ^{l+1} ⊙ σ'(z^l): ‖δ^l‖ ≤ 2 ‖W^{l+1}‖ ‖δ^{l+1}‖ (|σ'| ≤ 1 for the book's
  elementwise σ; softmax's Jacobian at most doubles a column), from ‖δ^L‖, which is read.
- ∂C/∂W^l = (1/m) δ^l (a^{l-1})ᵀ: every entry and partial sum is at most ‖δ^l‖·‖a^{l-1}‖;
  ∂C/∂b^l = (1/m) Σ_x δ^l_x at most √m·‖δ^l‖.

Where a bound is too large, or an activation is not the book's (it may turn finite numbers
into NaN), the array itself is read: still one number per array or per row where that is
enough, since a sum that meets a NaN or ±inf is NaN or ±inf (NaN + x = NaN, inf + finite =
inf, inf - inf = NaN): ∂C/∂b^l = (1/m) Σ_x δ^l_x, n_l numbers, vouches for the n_l·m of δ^l,
and a finite δ^l for (W^{l+1})ᵀ δ^{l+1} (multiplying a NaN or ±inf by σ'(z) leaves it NaN or
±inf: inf·0 = NaN; softmax's Jacobian spreads it over the column).

A False answer only means "look closer": the network then checks the arrays one by one, in
the order of the equations, and the first that is not finite is named in the error.
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from backprop_core.networks.layers import Dense
from backprop_core.squares import squares_finite, sum_of_squares, sums_of_squares

Array = NDArray[np.float64]


@dataclass(frozen=True)
class ForwardBounds:
    """What a forward pass proved: ‖W^l‖ for l = 1..L, and for l = 0..L-1 a bound on the
    Frobenius norm ‖a^l‖ of its activations (√Σ x² itself for a^0 = x)."""

    weights: dict[int, float]
    activations: dict[int, float]


def parameter_norms(layers: Sequence[Dense]) -> dict[int, tuple[float, float]]:
    """(‖W^l‖, ‖b^l‖) for every layer: NaN or inf when an entry is NaN or ±inf. Read from the
    last layer to the first, so that W^1 is the freshest in the cache when the pass starts."""
    backwards = layers[::-1]
    squares = sums_of_squares(*(p for layer in backwards for p in (layer.W, layer.b)))
    return {layer.index: (math.sqrt(squares[2 * i]), math.sqrt(squares[2 * i + 1]))
            for i, layer in enumerate(backwards)}


def forward_bounds(layers: Sequence[Dense], norms: Mapping[int, tuple[float, float]],
                   x_squares: float, z: Mapping[int, Array],
                   a: Mapping[int, Array]) -> ForwardBounds | None:
    """Bounds that show every W^l, b^l, z^l and a^l finite (x = a^0 is checked before the
    pass and Σ x² comes from that check); None when one may not be finite."""
    m = z[1].shape[1]
    column = math.sqrt(x_squares)  # every column of a^0 is at most this long
    weights: dict[int, float] = {}
    activations = {0: column}
    for l, layer in enumerate(layers, start=1):
        w_norm, b_norm = norms[l]
        if not (math.isfinite(w_norm) and math.isfinite(b_norm)):
            return None
        weights[l] = w_norm
        z_bound = w_norm * column + b_norm
        if not z_bound < far_below_overflow(z[l]):  # also when NaN or inf: read z^l
            z_bound = math.sqrt(sum_of_squares(z[l]))
            if not math.isfinite(z_bound):
                return None
        if layer.activation.builtin:
            column = max(z_bound, math.sqrt(layer.n_out))
            activations[l] = math.sqrt(m) * column
        else:  # nothing known about σ: read a^l
            column = activations[l] = math.sqrt(sum_of_squares(a[l]))
            if not math.isfinite(column):
                return None
    return ForwardBounds(weights, activations)


def gradients_finite(layers: Sequence[Dense], a: Mapping[int, Array],
                     delta: Mapping[int, Array], dW: Mapping[int, Array],
                     db: Mapping[int, Array], bounds: ForwardBounds | None) -> bool:
    """True when every δ^l, (W^{l+1})ᵀ δ^{l+1}, ∂C/∂W^l and ∂C/∂b^l is finite; False when
    one may not be. ``bounds``: what the forward pass that made ``a`` proved, when nothing
    can have changed the parameters or the activations since (``Network.gradients``)."""
    if bounds is not None and _bounded(layers, delta, dW, bounds):
        return True
    direct: list[Array] = list(db.values())  # each vouches for its δ^l, see the module
    for l, g in dW.items():
        if delta[l].size + a[l - 1].size < g.size:  # a small batch: two short reads
            bound = math.sqrt(sum_of_squares(delta[l]) * sum_of_squares(a[l - 1]))
            if bound < far_below_overflow(g):  # False for NaN and inf
                continue
        direct.append(g)
    return squares_finite(*direct)


def _bounded(layers: Sequence[Dense], delta: Mapping[int, Array], dW: Mapping[int, Array],
             bounds: ForwardBounds) -> bool:
    """The bounds of the module docstring, from ‖δ^L‖ down: all far below overflow?"""
    L = len(layers)
    m = delta[L].shape[1]
    big = min(far_below_overflow(g) for g in (*delta.values(), *dW.values()))
    norm = math.sqrt(sum_of_squares(delta[L]))  # ‖δ^L‖, read
    for l in range(L, 0, -1):
        if l < L:
            if layers[l - 1].activation.builtin:
                norm = 2 * bounds.weights[l + 1] * norm
            else:  # nothing known about σ': read δ^l
                norm = math.sqrt(sum_of_squares(delta[l]))
        if not max(norm * bounds.activations[l - 1], math.sqrt(m) * norm) < big:
            return False  # also when NaN or inf
    return True


def far_below_overflow(array: Array) -> float:
    """A size that the entries of ``array``, and every partial sum that made them, stay below
    when the exact bound does: the largest float of its dtype / 16, room for the rounding of
    sums of millions of terms (each term can grow a sum by a factor 1 + 2⁻²⁴ in float32)."""
    limit = _LIMITS.get(array.dtype)
    if limit is None:
        limit = _LIMITS[array.dtype] = float(np.finfo(array.dtype).max) / 16
    return limit


_LIMITS: dict[np.dtype, float] = {}
