"""Forward mode on a dense network: Jacobian–vector products, carried layer by layer.

A tangent is the derivative of every quantity along one direction: with parameter tangents
Ẇ^l, ḃ^l and an input tangent ȧ^0,

    ż^l = Ẇ^l a^{l-1} + W^l ȧ^{l-1} + ḃ^l,   ȧ^l = σ'(z^l) ⊙ ż^l  (softmax: J ż^l),

and at the end Ċ = (1/m) Σ_samples δ^L ⊙ ż^L = ∇_θ C · θ̇, one number. Each layer needs
only the layer below's a and ȧ, so nothing is kept for later: forward mode stores no
activations. But one pass gives one directional derivative; the whole gradient takes one
pass per parameter, where reverse mode takes one backward pass.

``output_jacobian`` computes ∂a^L/∂x of one sample both ways and counts the work:
forward mode, n_0 JVPs (one per input); reverse mode, one forward pass and n_L VJPs
(one per output). Multiplications are counted as the matrix products execute them.
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from backprop_core.errors import ArgumentError, ShapeError, as_float_array
from backprop_core.networks.losses import loss_value, output_delta
from backprop_core.networks.network import Network
from backprop_core.networks.vjp.base import Array


def split_params(net: Network, theta: ArrayLike, name: str = "θ̇") -> list[tuple[Array, Array]]:
    """θ laid out as ``Network.get_params`` ([W^1 row by row, b^1, W^2, ...]) as one
    (W^l, b^l) pair per layer, shaped like the layer's own."""
    arr = as_float_array(theta, name)
    if arr.shape != (net.n_params,):
        raise ShapeError(f"{name} must have shape ({net.n_params},), one entry per parameter "
                         f"of {net!r}, but got array of shape {arr.shape}")
    pairs, start = [], 0
    for layer in net.layers:
        W_end = start + layer.W.size
        pairs.append((arr[start:W_end].reshape(layer.W.shape),
                      arr[W_end:W_end + layer.b.size]))
        start = W_end + layer.b.size
    return pairs


def network_jvp(net: Network, X: ArrayLike, Y: ArrayLike, theta_dot: ArrayLike
                ) -> tuple[float, float]:
    """(C, Ċ) with Ċ = ∇_θ C · θ̇: the cost and its derivative along θ̇, in one forward pass
    that keeps only the current layer's a and ȧ."""
    a = net.check_input(X)
    Y_arr = net.check_targets(Y, a.shape[1])
    a_dot = np.zeros_like(a)  # the input does not move
    z = z_dot = a
    for layer, (W_dot, b_dot) in zip(net.layers, split_params(net, theta_dot), strict=True):
        z = layer.W @ a + layer.b[:, None]
        z_dot = W_dot @ a + layer.W @ a_dot + b_dot[:, None]
        # σ'(z) ⊙ ż, or J ż for softmax (J is symmetric: the backward rule gives it)
        # (backward_checked may write its result over its second argument: give it a copy,
        # since ż^L is still needed after the loop)
        a = layer.activation.apply_checked(z)
        a_dot = layer.activation.backward_checked(z, z_dot.copy())
    top = net.layers[-1]
    delta = output_delta(net.loss, top.activation, z, a, Y_arr)  # ∂C_x/∂z^L per column
    return loss_value(net.loss, z, a, Y_arr), float((delta * z_dot).sum() / a.shape[1])


def gradient_by_jvps(net: Network, X: ArrayLike, Y: ArrayLike) -> Array:
    """∇_θ C from one JVP per parameter (θ̇ = e_i): ``net.n_params`` forward passes."""
    grad = np.zeros(net.n_params)
    for i in range(net.n_params):
        e_i = np.zeros(net.n_params)
        e_i[i] = 1.0
        grad[i] = network_jvp(net, X, Y, e_i)[1]
    return grad


@dataclass(frozen=True)
class ModeCount:
    """A Jacobian ∂a^L/∂x (n_L × n_0) and what computing it took."""

    mode: Literal["forward", "reverse"]
    jacobian: Array
    passes: int  # JVPs (forward) or VJPs (reverse)
    multiplications: int  # in the matrix products, counted as they run


def _times(A: Array, B: Array, count: list[int]) -> Array:
    """A @ B, adding its rows·inner·columns multiplications to ``count[0]``."""
    count[0] += A.shape[0] * A.shape[1] * B.shape[1]
    result: Array = A @ B
    return result


def output_jacobian(net: Network, x: ArrayLike, mode: Literal["forward", "reverse"]
                    ) -> ModeCount:
    """∂a^L/∂x for one sample x: n_0 JVPs (forward mode) or n_L VJPs (reverse mode)."""
    x_col = net.check_input(x)
    if x_col.shape[1] != 1:
        raise ShapeError(f"x must be one sample, a column (n_0, 1), but got array of shape "
                         f"{np.shape(x)}")
    count = [0]
    if mode == "forward":
        columns = []
        for j in range(net.sizes[0]):
            a, a_dot = x_col, np.zeros_like(x_col)
            a_dot[j, 0] = 1.0  # ẋ = e_j
            for layer in net.layers:
                z = _times(layer.W, a, count) + layer.b[:, None]
                z_dot = _times(layer.W, a_dot, count)
                a, a_dot = (layer.activation.apply_checked(z),
                            layer.activation.backward_checked(z, z_dot))
            columns.append(a_dot[:, 0])
        return ModeCount("forward", np.array(columns).T, net.sizes[0], count[0])
    if mode != "reverse":
        raise ArgumentError(f"mode must be 'forward' or 'reverse', got {mode!r}")
    zs, a = [], x_col
    for layer in net.layers:  # one forward pass, kept for the backward passes
        z = _times(layer.W, a, count) + layer.b[:, None]
        zs.append(z)
        a = layer.activation.apply_checked(z)
    rows = []
    for i in range(net.sizes[-1]):
        a_bar = np.zeros_like(a)
        a_bar[i, 0] = 1.0  # ā^L = e_i
        for layer, z in zip(reversed(net.layers), reversed(zs), strict=True):
            a_bar = _times(layer.W.T, layer.activation.backward_checked(z, a_bar), count)
        rows.append(a_bar[:, 0])
    return ModeCount("reverse", np.array(rows), net.sizes[-1], count[0])
