r"""How the reader's code flows from one step of the capstone to the next.

After each exercise the chapter keeps the reader's code if its checker passes and goes on
with the book's (:mod:`.reference`) otherwise, so that every later step runs, on the
website too, whether or not the reader has finished; ``keep_if_right`` says which.

The rest connects the reader's scalar network with the book's matrix one
(:class:`backprop_core.networks.network.Network`): θ in the reader's order (neuron by
neuron, each neuron's weights, then its bias) against ``Network.get_params``'s
([W^1 row by row, b^1, W^2, ...]), starting weights, and accuracy.
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ...errors import ArgumentError, ShapeError
from ...networks.layers import Dense
from ...networks.network import Network
from ..report import PASS, Report
from .probe import WIDTH

Array = NDArray[np.float64]


def is_the_books(obj: Any) -> bool:
    """True for a class or function of the package (the book's), False for the reader's."""
    return str(getattr(obj, "__module__", "")).startswith("backprop_core")


def keep_if_right(yours: Any, check: Callable[..., Report], book: Any, *, what: str) -> Any:
    """``yours`` if ``check(*yours)`` passes, else ``book``; prints which the chapter uses.

    ``yours`` and ``book`` are one object or a tuple of them (``(Neuron, Layer, MLP)``).
    """
    args = yours if isinstance(yours, tuple) else (yours,)
    if all(is_the_books(obj) for obj in args):
        _say(f"The chapter goes on with the book's {what}.")
        return book
    report = check(*args, quiet=True)
    if report.ok:
        _say(f"{PASS} Your {what} passed: the chapter goes on with yours.")
        return yours
    _say(f"→ Not passing yet: your {what} (see the checker above). The chapter goes on with the "
         f"book's, so that the next steps run; once yours passes, run this cell again.")
    return book


def _say(text: str) -> None:
    print(textwrap.fill(text, WIDTH, subsequent_indent="  "))


def neuron_order(sizes: Sequence[int]) -> NDArray[np.intp]:
    """index[i] = position in ``Network.get_params()`` of parameter i in neuron order."""
    index: list[int] = []
    start = 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        for j in range(n_out):
            index.extend(start + j * n_in + k for k in range(n_in))  # W[j, :]
            index.append(start + n_out * n_in + j)  # b[j]
        start += n_out * n_in + n_out
    return np.array(index, dtype=np.intp)


def set_parameters(model: Any, net: Network) -> None:
    """Give the reader's ``model`` the weights and biases of ``net`` (same sizes)."""
    params = model.parameters()
    if len(params) != net.n_params:
        raise ShapeError(f"the model has {len(params)} parameters but {net!r} has "
                         f"{net.n_params}: build the model with the same sizes {net.sizes}")
    theta = net.get_params()[neuron_order(net.sizes)]
    for p, value in zip(params, theta, strict=True):
        p.data = float(value)


def flat_gradient(model: Any, sizes: Sequence[int]) -> Array:
    """The model's ``p.grad``, laid out as ``Network.get_params`` (to compare with
    ``net.gradients(X, Y).flat()``)."""
    grads = np.array([p.grad for p in model.parameters()], dtype=float)
    index = neuron_order(sizes)
    if grads.shape != index.shape:
        raise ShapeError(f"the model has {grads.size} parameters, sizes {list(sizes)} make "
                         f"{index.size}")
    flat = np.empty_like(grads)
    flat[index] = grads
    return flat


def to_network(matrices: Sequence[tuple[Any, Any]]) -> Network:
    """The book's matrix network with these [(W^1, b^1), ...]: tanh layers, squared error."""
    if not matrices:
        raise ArgumentError("to_network needs at least one (W, b) pair")
    layers = [Dense(np.asarray(W, dtype=float), np.asarray(b, dtype=float), "tanh", l)
              for l, (W, b) in enumerate(matrices, start=1)]
    return Network(layers, "squared_error")


def accuracy(model: Any, xs: Sequence[Sequence[float]], ys: Sequence[float]) -> float:
    """The fraction of samples whose output has the sign of its target ±1."""
    if not xs:
        raise ArgumentError("accuracy needs at least one sample")
    right = sum((model(list(x)).data > 0) == (y > 0) for x, y in zip(xs, ys, strict=True))
    return float(right) / len(xs)
