"""One network's backward pass with every number in one place: the worked example.

For one sample (x, y): the forward pass z^l = W^l a^{l-1} + b^l, a^l = σ(z^l); the loss C;
δ^L = ∇_a C ⊙ σ'(z^L) and δ^l = (W^{l+1})ᵀ δ^{l+1} ⊙ σ'(z^l); ∂C/∂W^l = δ^l (a^{l-1})ᵀ and
∂C/∂b^l = δ^l; one step θ ← θ - η ∂C/∂θ, and the loss after it.
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from backprop_core.checks.gradcheck import GradCheckResult, check_network
from backprop_core.display import Both, both
from backprop_core.errors import ShapeError, check_instance, check_rate, check_result
from backprop_core.formatting import fmt
from backprop_core.networks.network import Network

Array = NDArray[np.float64]


@dataclass(frozen=True)
class WorkedExample:
    """Every number of one forward pass, backward pass and gradient step (one sample).

    Vectors are 1-D arrays indexed from 0 (entry j-1 is neuron j); ``after`` is a new
    network with the stepped parameters; ``check`` compares the gradients with finite
    differences."""

    net: Network
    x: Array
    y: Array
    z: dict[int, Array]
    a: dict[int, Array]
    cost: float
    delta: dict[int, Array]
    dW: dict[int, Array]
    db: dict[int, Array]
    learning_rate: float
    after: Network
    cost_after: float
    check: GradCheckResult


def worked_example(net: Network, x: ArrayLike, y: ArrayLike, learning_rate: float) -> WorkedExample:
    """Forward, backward, the gradient check and one gradient step for the sample (x, y)."""
    check_instance(net, Network, "net")
    learning_rate = check_rate(learning_rate, "learning_rate")
    X = net.check_input(x)
    if X.shape[1] != 1:
        raise ShapeError(f"the worked example takes one sample: input x must be a vector of "
                         f"{net.sizes[0]} numbers, got array of shape {np.shape(x)}")
    Y = net.check_targets(y, 1)
    cache = net.forward(X)
    grads = net.backward(cache, Y)
    after = net.copy()
    with np.errstate(over="ignore", invalid="ignore"):  # reported below, in words
        step = net.get_params() - learning_rate * grads.flat()
    check_result(step, "the parameters after the step θ - η·∂C/∂θ",
                 f": learning_rate = {learning_rate:g} is too large for these gradients")
    after.set_params(step)
    return WorkedExample(
        net=net, x=X[:, 0].copy(), y=Y[:, 0].copy(),
        z={l: v[:, 0].copy() for l, v in cache.z.items()},
        a={l: v[:, 0].copy() for l, v in cache.a.items()},
        cost=net.cost(X, Y), delta={l: v[:, 0].copy() for l, v in grads.delta.items()},
        dW={l: v.copy() for l, v in grads.dW.items()},
        db={l: v.copy() for l, v in grads.db.items()},
        learning_rate=learning_rate, after=after, cost_after=after.cost(X, Y),
        check=check_network(net, X, Y),
    )


def _vector(v: Array) -> str:
    return "(" + ", ".join(fmt(float(t)) for t in v) + ")"


def _matrix(M: Array) -> str:
    return "[" + "; ".join(" ".join(fmt(float(t)) for t in row) for row in M) + "]"


# How the table writes each activation and loss; {l} is the layer. An elementwise activation
# has a derivative that δ multiplies by; identity has the derivative 1 (nothing to write);
# softmax has a Jacobian instead (None).
_ACTIVATIONS: dict[str, tuple[str, str | None]] = {
    "sigmoid": ("σ(z^{l})", "σ'(z^{l})"),
    "tanh": ("tanh(z^{l})", "tanh'(z^{l})"),
    "relu": ("relu(z^{l})", "relu'(z^{l})"),
    "identity": ("z^{l}", ""),
    "softmax": ("softmax(z^{l})", None),
}
_LOSSES = {
    "squared_error": "½ ‖a^{L} − y‖²",
    "binary_cross_entropy": "−Σ_j [y_j log a^{L}_j + (1 − y_j) log(1 − a^{L}_j)]",
    "softmax_cross_entropy": "−Σ_j y_j log a^{L}_j",
}


def _activation_text(net: Network, l: int) -> tuple[str, str | None]:
    """(a^l as a formula of z^l, the factor δ^l takes from the activation: σ'(z^l), '' for
    the identity, None for a Jacobian), for layer l of ``net``."""
    act = net.layer(l).activation
    forward, factor = _ACTIVATIONS.get(
        act.name, (f"{act.name}(z^{{l}})", f"{act.name}'(z^{{l}})" if act.elementwise else None))
    return forward.format(l=l), None if factor is None else factor.format(l=l)


def _backward_rule(grad_a: str, factor: str | None, l: int) -> str:
    """δ^l from ∂C/∂a^l (written ``grad_a``): ⊙ the factor, or the activation's Jacobian."""
    if factor is None:
        return f"(∂a^{l}/∂z^{l})ᵀ {grad_a}"
    return f"{grad_a} ⊙ {factor}" if factor else grad_a


def _output_rule(net: Network) -> str:
    """δ^L as the network computes it: from its loss and its output activation."""
    L = net.L
    if net.loss.reads == "z":  # cross-entropy on its own output activation: δ^L = a^L − y
        return f"a^{L} − y"
    _, factor = _activation_text(net, L)
    return _backward_rule(f"(a^{L} − y)" if factor != "" else f"a^{L} − y", factor, L)


def worked_rows(ex: WorkedExample) -> list[tuple[str, str, str]]:
    """(stage, quantity, value) for every number of the example, in the order one computes
    them by hand; matrices row by row, rows separated by ';'. The formulas follow the
    network: its activations, its loss, and its own layer numbers."""
    check_instance(ex, WorkedExample, "ex")
    net, L = ex.net, ex.net.L
    rows = [("input", "x = a^0", _vector(ex.x)), ("input", "target y", _vector(ex.y))]
    for l in range(1, L + 1):
        layer = net.layer(l)
        rows.append((f"layer {l}", f"W^{l}", _matrix(layer.W)))
        rows.append((f"layer {l}", f"b^{l}", _vector(layer.b)))
        rows.append((f"forward {l}", f"z^{l} = W^{l} a^{l - 1} + b^{l}", _vector(ex.z[l])))
        forward, _ = _activation_text(net, l)
        rows.append((f"forward {l}", f"a^{l} = {forward}", _vector(ex.a[l])))
    loss = _LOSSES.get(net.loss.name)
    rows.append(("loss", f"C = {loss.format(L=L)}" if loss else "C", fmt(ex.cost, 6)))
    for l in range(L, 0, -1):
        if l == L:
            rule = _output_rule(net)
        else:
            rule = _backward_rule(f"(W^{l + 1})ᵀ δ^{l + 1}", _activation_text(net, l)[1], l)
        rows.append((f"backward {l}", f"δ^{l} = {rule}", _vector(ex.delta[l])))
    for l in range(L, 0, -1):
        rows.append((f"gradient {l}", f"∂C/∂W^{l} = δ^{l} (a^{l - 1})ᵀ", _matrix(ex.dW[l])))
        rows.append((f"gradient {l}", f"∂C/∂b^{l} = δ^{l}", _vector(ex.db[l])))
    for l in range(1, L + 1):
        rows.append((f"step η = {fmt(ex.learning_rate)}", f"new W^{l}",
                     _matrix(ex.after.layer(l).W)))
        rows.append((f"step η = {fmt(ex.learning_rate)}", f"new b^{l}",
                     _vector(ex.after.layer(l).b)))
    rows.append(("after the step", "new loss C", fmt(ex.cost_after, 6)))
    return rows


def worked_table(ex: WorkedExample) -> Both:
    """The rows of ``worked_rows`` as one output: an HTML table on the site, aligned text
    in a terminal; deterministic, so strict nbval can compare it."""
    check_instance(ex, WorkedExample, "ex")
    rows = worked_rows(ex)
    body = "".join(
        f"<tr><td>{html.escape(s)}</td><td>{html.escape(q)}</td>"
        f"<td><code>{html.escape(v)}</code></td></tr>" for s, q, v in rows)
    table = ('<table class="bpb-worked"><caption>Every number of the worked example'
             '</caption><thead><tr><th scope="col">stage</th><th scope="col">quantity</th>'
             f'<th scope="col">value</th></tr></thead><tbody>{body}</tbody></table>')
    width = max(len(q) for _, q, _ in rows)
    text = "\n".join(f"{q:<{width}}  {v}" for _, q, v in rows)
    return both(None, table, text)
