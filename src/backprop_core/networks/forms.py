"""The same backpropagation written three ways, to read side by side.

1. ``scalar_loop``:  explicit indices, as in the derivation (source 001's notation):
   z^l_j = Σ_k w^l_{jk} a^{l-1}_k + b^l_j,   δ^l_j = σ'(z^l_j) Σ_q w^{l+1}_{qj} δ^{l+1}_q,
   ∂C/∂w^l_{jk} = δ^l_j a^{l-1}_k.
2. ``column_form``:  column vectors (this book, source 002): z^l = W^l a^{l-1} + b^l,
   δ^l = (W^{l+1})ᵀ δ^{l+1} ⊙ σ'(z^l),  ∂C/∂W^l = δ^l (a^{l-1})ᵀ. Its two passes are
   ``network.column_forward`` and ``network.column_backward``, which ``Network.forward`` and
   ``Network.backward`` run with the network's checks around them.
3. ``row_form``:  row vectors (source 000) with W_row^l = (W^l)ᵀ: h^l = φ(h^{l-1} W_row^l + b^l),
   δ^l = φ'(z^l) ⊙ δ^{l+1} (W_row^{l+1})ᵀ,  ∂C/∂W_row^l = (h^{l-1})ᵀ δ^l,
   so the update is ΔW_row^l = -α (h^{l-1})ᵀ δ^l.
All three average over the m samples of a batch (C is the mean) and share δ^L from the loss.

And one sample as a graph of scalar nodes, ``network_graph``: one node per z^l_j and a^l_j,
the weights as numbers on the edges. Reverse mode on it (the previous chapter's
``Value.backward``) stores ∂C/∂z^l_j at node z^l_j: that stored number is δ^l_j.
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.engine.neurons import half_squared_error, weighted_sum
from backprop_core.engine.value import Value
from backprop_core.errors import (
    ArgumentError,
    ShapeError,
    as_float_array,
    check_finite,
    check_instance,
    check_result,
)
from backprop_core.networks.gradients import Gradients
from backprop_core.networks.losses import checked_loss_value, checked_output_delta
from backprop_core.networks.network import Network

Array = NDArray[np.float64]


_Form = TypeVar("_Form", bound=Callable[..., Gradients])


def _quiet(form: _Form) -> _Form:
    """Run a form with numpy's overflow warnings off: an overflowed result is reported by
    ``_checked`` (or by ``Network.forward``) as a NonFiniteError naming the array."""

    @functools.wraps(form)
    def run(*args: Any, **kwargs: Any) -> Gradients:
        with np.errstate(over="ignore", invalid="ignore"):
            return form(*args, **kwargs)

    return cast(_Form, run)


@_quiet
def scalar_loop(net: Network, X: ArrayLike, Y: ArrayLike) -> Gradients:
    """Backpropagation one number at a time, samples as columns of X and Y.

    Hidden layers must use elementwise activations (σ'(z_j) is one number per neuron).
    """
    check_instance(net, Network, "net")
    X = net.check_input(X)
    Y = net.check_targets(Y, X.shape[1])
    for layer in net.layers[:-1]:
        if not layer.activation.elementwise:
            raise ArgumentError(f"scalar_loop needs elementwise activations in hidden "
                                f"layers; layer {layer.index} uses {layer.activation.name!r}")
    net.forward(X)  # raises if some z^l overflows, with the layer's name
    L, m, n = net.L, X.shape[1], net.sizes
    W = {l: net.layer(l).W for l in range(1, L + 1)}
    b = {l: net.layer(l).b for l in range(1, L + 1)}
    act = {l: net.layer(l).activation for l in range(1, L + 1)}
    dW = {l: np.zeros_like(W[l]) for l in W}
    db = {l: np.zeros_like(b[l]) for l in b}
    deltas = {l: np.zeros((n[l], m)) for l in W}  # column i: sample i's δ^l
    z_out, a_out = np.zeros((n[L], m)), np.zeros((n[L], m))
    for i in range(m):
        a = {0: X[:, i]}
        z: dict[int, Array] = {}
        for l in range(1, L + 1):
            z[l] = np.zeros(n[l])
            for j in range(n[l]):
                z[l][j] = sum(W[l][j, k] * a[l - 1][k] for k in range(n[l - 1])) + b[l][j]
            a[l] = act[l](z[l].reshape(-1, 1)).ravel()  # σ per neuron (softmax: per layer)
        delta = {L: checked_output_delta(net.loss, act[L], z[L].reshape(-1, 1),
                                         a[L].reshape(-1, 1), Y[:, i].reshape(-1, 1)).ravel()}
        for l in range(L - 1, 0, -1):
            sigma_prime = act[l].derivative
            assert sigma_prime is not None  # checked above: hidden layers are elementwise
            s = sigma_prime(z[l])
            delta[l] = np.zeros(n[l])
            for j in range(n[l]):
                # every neuron q of layer l+1 that neuron j feeds contributes
                back = sum(W[l + 1][q, j] * delta[l + 1][q] for q in range(n[l + 1]))
                delta[l][j] = s[j] * back
        z_out[:, i], a_out[:, i] = z[L], a[L]
        for l in range(1, L + 1):
            deltas[l][:, i] = delta[l]
            for j in range(n[l]):
                for k in range(n[l - 1]):
                    dW[l][j, k] += delta[l][j] * a[l - 1][k] / m  # δ^l_j a^{l-1}_k, averaged
                db[l][j] += delta[l][j] / m
    return _checked(net, dW, db, deltas, (z_out, a_out, Y))


def column_form(net: Network, X: ArrayLike, Y: ArrayLike) -> Gradients:
    """Backpropagation with column vectors: one matrix product per layer and direction.

    ``network.column_forward`` then ``network.column_backward``, with the network's checks
    around them: this is ``Network.gradients``, the inputs checked first as the other forms
    do.
    """
    check_instance(net, Network, "net")
    X = net.check_input(X)
    Y = net.check_targets(Y, X.shape[1])
    return net.backward(net.forward(X), Y)


@_quiet
def row_form(net: Network, X_rows: ArrayLike, Y_rows: ArrayLike) -> Gradients:
    """Backpropagation with row vectors as in source 000: samples are the ROWS of X_rows.

    The result has ``layout="rows"``: dW[l] is ∂C/∂W_row^l = (∂C/∂W^l)ᵀ, of shape
    (n_{l-1}, n_l), and δ^l has one sample per row; ``in_columns()`` gives the book's shapes.
    """
    check_instance(net, Network, "net")
    X_arr, Y_arr = as_float_array(X_rows, "X_rows"), as_float_array(Y_rows, "Y_rows")
    n_0, n_L = net.sizes[0], net.sizes[-1]
    if X_arr.ndim != 2 or X_arr.shape[1] != n_0 or X_arr.shape[0] == 0:
        raise ShapeError(f"X_rows must have shape (m, {n_0}): one sample per row, n_0 = {n_0} "
                         f"columns, m >= 1 rows; but got array of shape {X_arr.shape}")
    m = X_arr.shape[0]
    if Y_arr.shape != (m, n_L):
        raise ShapeError(f"Y_rows must have shape ({m}, {n_L}) like the output in rows (one "
                         f"row per sample, n_L = {n_L} columns), but got array of shape "
                         f"{Y_arr.shape}")
    check_finite(X_arr, "X_rows")
    check_finite(Y_arr, "Y_rows")
    net.loss.check_targets(Y_arr.T, "Y_rows")
    net.forward(X_arr.T)  # raises if some z^l overflows, with the layer's name
    Y = Y_arr
    H = {0: X_arr}
    L, m = net.L, H[0].shape[0]
    W_row = {l: net.layer(l).W.T for l in range(1, L + 1)}  # W_row = Wᵀ: (n_{l-1}, n_l)
    b = {l: net.layer(l).b for l in range(1, L + 1)}  # a row, added to each sample
    act = {l: net.layer(l).activation for l in range(1, L + 1)}
    Z: dict[int, Array] = {}
    # our activations work on columns, so a row-layout array is handed over transposed
    for l in range(1, L + 1):
        Z[l] = H[l - 1] @ W_row[l] + b[l]  # z^l = h^{l-1} W_row^l + b^l
        H[l] = act[l](Z[l].T).T  # h^l = φ(z^l)
    delta = {L: checked_output_delta(net.loss, act[L], Z[L].T, H[L].T, Y.T).T}
    for l in range(L - 1, 0, -1):
        back = delta[l + 1] @ W_row[l + 1].T  # δ^{l+1} (W_row^{l+1})ᵀ
        delta[l] = act[l].backward(Z[l].T, back.T).T  # φ'(z^l) ⊙ …
    dW = {l: H[l - 1].T @ delta[l] / m for l in range(1, L + 1)}  # (h^{l-1})ᵀ δ^l, averaged
    db = {l: delta[l].mean(axis=0) for l in range(1, L + 1)}
    return _checked(net, dW, db, delta, (Z[L].T, H[L].T, Y.T), layout="rows")


def _checked(net: Network, dW: dict[int, Array], db: dict[int, Array],
             delta: dict[int, Array], output: tuple[Array, Array, Array],
             layout: Literal["columns", "rows"] = "columns") -> Gradients:
    """The gradients with the cost C of ``output`` = (z^L, a^L, y) in columns, or a
    NonFiniteError if a gradient overflowed (the inputs were finite)."""
    for l in dW:
        check_result(dW[l], f"∂C/∂W^{l}")
        check_result(db[l], f"∂C/∂b^{l}")
    cost = checked_loss_value(net.loss, *output)
    return Gradients(dW, db, delta=delta, cost=cost, layout=layout)


# ---- one sample as a graph of scalar nodes --------------------------------------------------

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_GRAPH_ACTIVATIONS = ("sigmoid", "tanh", "relu")


def neuron_label(name: str, l: int | None, j: int) -> str:
    """'z', 2, 1 -> 'z²₁' (layer as a superscript, neuron j counted from 1 as a subscript)."""
    layer = "" if l is None else str(l).translate(_SUPERSCRIPT)
    return f"{name}{layer}{str(j).translate(_SUBSCRIPT)}"


@dataclass
class NetworkGraph:
    """One sample's forward pass as scalar nodes: ``x[k]``, ``z[l][j]``, ``a[l][j]`` (lists
    counted from 0, labels from 1: ``z[2][0]`` is z²₁) and the loss node ``cost``."""

    x: list[Value]
    z: dict[int, list[Value]]
    a: dict[int, list[Value]]
    cost: Value

    def delta(self) -> dict[int, Array]:
        """δ^l_j = ∂C/∂z^l_j, read off the z nodes after reverse mode (``cost.backward()``)."""
        self.cost.backward()
        return {l: np.array([node.grad for node in nodes]) for l, nodes in self.z.items()}


def network_graph(net: Network, x: ArrayLike, y: ArrayLike) -> NetworkGraph:
    """One sample (x, y) of ``net`` as a scalar graph, one node per neuron and quantity:

    z^l_j = Σ_k w^l_{jk} a^{l-1}_k + b^l_j (``weighted_sum``: the edge a^{l-1}_k -> z^l_j
    carries w^l_{jk}), a^l_j = σ(z^l_j), and C = ½ Σ_j (a^L_j - y_j)². Needs the squared
    error and sigmoid, tanh or relu in every layer.
    """
    check_instance(net, Network, "net")
    X = net.check_input(x)
    if X.shape[1] != 1:
        raise ShapeError(f"network_graph takes one sample: input x must be a vector of "
                         f"{net.sizes[0]} numbers, but got array of shape {X.shape}")
    Y = net.check_targets(y, 1)
    if net.loss.name != "squared_error":
        raise ArgumentError(f"network_graph builds C = ½ Σ_j (a^L_j - y_j)², the squared "
                            f"error, but the network's loss is {net.loss.name!r}")
    for layer in net.layers:
        if layer.activation.name not in _GRAPH_ACTIVATIONS:
            raise ArgumentError(f"network_graph supports the activations "
                                f"{list(_GRAPH_ACTIVATIONS)}; layer {layer.index} uses "
                                f"{layer.activation.name!r}")
    xs = [Value(float(v), neuron_label("x", None, k + 1)) for k, v in enumerate(X[:, 0])]
    z: dict[int, list[Value]] = {}
    a: dict[int, list[Value]] = {0: xs}
    for layer in net.layers:
        l = layer.index
        z[l], a[l] = [], []
        for j in range(layer.n_out):
            zj = weighted_sum(a[l - 1], layer.W[j].tolist(), float(layer.b[j]))
            zj.label = neuron_label("z", l, j + 1)
            aj = getattr(zj, layer.activation.name)()  # Value.sigmoid, .tanh or .relu
            aj.label = neuron_label("a", l, j + 1)
            z[l].append(zj)
            a[l].append(aj)
    cost = half_squared_error(a[net.L], Y[:, 0].tolist())
    cost.label = "C"
    return NetworkGraph(xs, z, {l: nodes for l, nodes in a.items() if l > 0}, cost)
