r"""Step 5 of the capstone, ``as_matrices``, and the final check of the reader's network.

``as_matrices(model)`` turns the reader's network into the book's matrices: W^l of shape
(n_l, n_{l-1}) whose row j holds the weights of neuron j, and b^l with one bias per neuron.
It is checked on a network 2 → 4 → 3 → 1, whose layers are not square (a transposed W^l
has the wrong shape), with every ``.grad`` set to something else than ``.data`` (reading
the wrong one shows).

``check_final`` is the capstone's last verdict, on the reader's whole stack at once (their
``Value``, ``MLP`` and ``cost``, or the book's where theirs did not pass): on a network
2 → 5 → 3 → 1 with weights drawn by ``Network.from_sizes`` and 7 samples, the gradient
of C from the reader's ``backward`` must equal ``backprop_core``'s matrix backprop
(``Network.gradients``) to 1e-9 of the largest gradient; and the trained network must beat
the held-out accuracy the chapter states.
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ...errors import (
    ArgumentError,
    ArgumentTypeError,
    ShapeError,
    check_array,
    check_real,
    describe,
)
from ...formatting import fmt
from ...networks.network import Network
from ..report import Report, Verdict, run
from .flow import accuracy, flat_gradient, is_the_books, set_parameters
from .probe import attempt, is_stub, short, show
from .reference import Value, mlp_classes

_, _, BookMLP = mlp_classes(Value)
SIZES = [2, 4, 3, 1]
PROBE_SIZES = [2, 5, 3, 1]
GRADIENT_TOLERANCE = 1e-9
HELD_OUT_BAR = 0.95


def _model() -> Any:
    model = BookMLP(2, SIZES[1:])
    for i, p in enumerate(model.parameters()):
        p.data = round(0.1 * ((7 * i) % 23) - 1.1, 2)
        p.grad = 100.0 + i  # not the data: reading .grad instead shows
    return model


def check_as_matrices(as_matrices: Any, *, quiet: bool = False) -> Report:
    """Check the reader's ``as_matrices`` on the book's network 2 → 4 → 3 → 1."""

    def body(report: Report) -> None:
        if is_stub(as_matrices):
            raise Verdict("not-written", "as_matrices is not written yet: replace its `...`.")
        model = _model()
        before = [(p.data, p.grad) for p in model.parameters()]
        label = "as_matrices(MLP(2, [4, 3, 1]))"
        got = attempt(label, lambda: as_matrices(model))
        if got is None or got is Ellipsis:
            raise Verdict("not-written", f"{label} returned {got!r}: return the list "
                          "[(W1, b1), (W2, b2), (W3, b3)].")
        if [(p.data, p.grad) for p in model.parameters()] != before:
            raise Verdict("changed-input", f"{label} changed the model's .data or .grad: only "
                          "read them.")
        if not isinstance(got, list | tuple):
            raise Verdict("matrices-type", f"{label} returned {short(got)}: return a list with "
                          "one pair (W, b) per layer.")
        if len(got) != 3:
            raise Verdict("matrices-count", f"{label} returned {len(got)} items, expected 3: "
                          "one pair (W, b) per layer, in order.")
        for l, item in enumerate(got, start=1):
            _check_layer(l, item, model.layers[l - 1])

    return show(run("as_matrices", body, True, success=SUCCESS_MATRICES), quiet)


SUCCESS_MATRICES = ("\u2714 as_matrices is right: one (W, b) per layer, W^l of shape (n_l, "
                    "n_{l−1}) with neuron j's weights in row j, b^l one bias per neuron, "
                    "read from .data.")


def _check_layer(l: int, item: Any, layer: Any) -> None:
    if not isinstance(item, list | tuple) or len(item) != 2:
        raise Verdict("pair", f"item {l - 1} of the list is {short(item)}: each item is a "
                      f"pair (W, b), here (W^{l}, b^{l}).")
    W, b = item
    data = np.array([[w.data for w in n.w] for n in layer.neurons])
    grads = np.array([[w.grad for w in n.w] for n in layer.neurons])
    biases = np.array([n.b.data for n in layer.neurons])
    for name, value in ((f"W^{l}", W), (f"b^{l}", b)):
        try:
            arr = np.asarray(value)
        except (TypeError, ValueError):  # ragged lists, ...
            raise Verdict("matrices-type", f"{name} is {short(value)}: a numpy array of "
                          "numbers, one row per neuron.") from None
        if arr.dtype == object:
            raise Verdict("values-not-numbers", f"{name} holds Values: take each one's .data, "
                          "so that the matrix holds numbers.")
        if arr.dtype.kind not in "fiu":
            raise Verdict("matrices-type", f"{name} is {short(value)}: a numpy array of numbers.")
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    n_out, n_in = data.shape
    if W.shape != (n_out, n_in):
        if W.shape == (n_in, n_out):
            raise Verdict("transposed", f"W^{l} has shape {W.shape}, expected ({n_out}, {n_in}) "
                          f"= (n_{l}, n_{l - 1}): row j holds the weights of neuron j, one "
                          "column per input. Yours is transposed.")
        raise Verdict("W-shape", f"W^{l} has shape {W.shape}, expected ({n_out}, {n_in}): "
                      f"one row per neuron of layer {l}, one column per input.")
    if b.shape not in ((n_out,), (n_out, 1)):
        raise Verdict("b-shape", f"b^{l} has shape {b.shape}, expected ({n_out},): one bias per "
                      f"neuron of layer {l}.")
    if np.array_equal(W, grads):
        raise Verdict("used-grad", f"W^{l} holds the weights' .grad: the matrices hold the "
                      "parameters themselves, w.data.")
    if not np.array_equal(W, data):
        j, k = (int(i) for i in np.argwhere(data != W)[0])
        raise Verdict("W-values", f"W^{l}[{j}, {k}] is {fmt(W[j, k])}, expected "
                      f"{fmt(data[j, k])}: weight {k} of neuron {j} of layer {l}.")
    if not np.array_equal(b.reshape(-1), biases):
        j = int(np.argwhere(b.reshape(-1) != biases)[0][0])
        raise Verdict("b-values", f"b^{l}[{j}] is {fmt(b.reshape(-1)[j])}, expected "
                      f"{fmt(biases[j])}: the bias of neuron {j} of layer {l}.")


def probe_problem() -> tuple[Network, np.ndarray, np.ndarray]:
    """The network and 7 samples of the final gradient check (X columns, Y targets ±1)."""
    net = Network.from_sizes(PROBE_SIZES, "tanh", loss="squared_error", seed=7)
    rng = np.random.default_rng(7)
    X = rng.normal(size=(2, 7))
    Y = np.where(rng.random((1, 7)) < 0.5, -1.0, 1.0)
    return net, X, Y


def gradient_difference(MLP: Any, cost: Any) -> float:
    """max |yours - backprop_core's| / max |backprop_core's| over ∂C/∂θ on the probe."""
    net, X, Y = probe_problem()
    label = f"MLP(2, {PROBE_SIZES[1:]})"
    model = attempt(label, lambda: MLP(2, PROBE_SIZES[1:]))
    attempt(f"setting the parameters of {label}", lambda: set_parameters(model, net))
    c = attempt("cost(model, xs, ys)", lambda: cost(model, X.T.tolist(), Y[0].tolist()))
    attempt("C.backward()", lambda: c.backward())
    mine = attempt(f"reading the .grad of {label}", lambda: flat_gradient(model, PROBE_SIZES))
    right = net.gradients(X, Y).flat()
    return float(np.max(np.abs(mine - right)) / np.max(np.abs(right)))


def _bound(x: float) -> str:
    """'less than 1e-15' for 2.4e-16: a bound that rounding noise does not change."""
    if x == 0:
        return "nothing"
    return f"less than 1e{math.floor(math.log10(x)) + 1}"


def check_final(MLP: Any, cost: Any, trained: Any, xs_held: Sequence[Sequence[float]],
                ys_held: Sequence[float], *, bar: float = HELD_OUT_BAR,
                quiet: bool = False) -> Report:
    """The reader's gradients against backprop_core's, and the trained network's held-out
    accuracy against ``bar``: xs_held holds one sample per row, ys_held their targets ±1,
    bar is a fraction from 0 to 1."""
    bar = check_real(bar, "bar")
    if not 0.0 <= bar <= 1.0:
        raise ArgumentError(f"bar must be an accuracy from 0 to 1, got {bar:g}")
    if isinstance(xs_held, Sequence | np.ndarray) and len(xs_held) == 0:
        raise ArgumentError("the final check needs at least one sample in xs_held, got none")
    samples = check_array(xs_held, "xs_held", ndim=2)
    if len(check_array(ys_held, "ys_held", ndim=1)) != len(samples):
        raise ShapeError(f"ys_held must hold one target per sample of xs_held: xs_held has "
                         f"{len(samples)} rows, ys_held {len(ys_held)} entries")
    try:
        value = type(trained.parameters()[0])
    except Exception:  # the reader's network: anything may fail
        raise ArgumentTypeError(f"trained must be the trained network (an MLP whose "
                                f"parameters() lists its Values), got {describe(trained)}"
                                ) from None
    parts = {"Value": value, "MLP": MLP, "cost": cost}
    yours = [name for name, obj in parts.items() if not is_the_books(obj)]
    books = [name for name, obj in parts.items() if is_the_books(obj)]
    whose = "; ".join(part for part in (f"your {_listed(yours)}" if yours else "",
                                        f"the book's {_listed(books)}" if books else "") if part)

    def body(report: Report) -> None:
        difference = gradient_difference(MLP, cost)
        net, X, _ = probe_problem()
        report.lines.append(
            f"{'✔' if difference <= GRADIENT_TOLERANCE else '✘'} gradients: on "
            f"MLP(2, {PROBE_SIZES[1:]}) with {X.shape[1]} samples, ∂C/∂θ from backward "
            f"differs from backprop_core's Network.gradients by {_bound(difference)} of the "
            f"largest gradient (tolerance 1e-9).")
        if difference > GRADIENT_TOLERANCE:
            raise Verdict("gradients", "your gradients differ from the matrix form's: check "
                          "the steps above again.")
        held = attempt("the trained network on xs_held",
                       lambda: accuracy(trained, xs_held, ys_held))
        report.lines.append(
            f"{'✔' if held >= bar else '✘'} held-out accuracy: {held:.1%} of "
            f"{len(xs_held)} points never trained on (the bar: {bar:.0%}).")
        if held < bar:
            raise Verdict("accuracy", "the trained network does not beat the bar: train it "
                          "again (the training cell) after the steps above pass.")

    return show(run("the final check", body, True,
               success=f"\u2714 The final check passes ({whose})."), quiet)


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
