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

import inspect
import math
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ...errors import (
    ArgumentError,
    ArgumentTypeError,
    ShapeError,
    blame,
    check_array,
    check_callable,
    check_instance,
    check_sizes,
    check_text,
    describe,
)
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

    ``yours`` and ``book`` are one object or a tuple of them (``(Neuron, Layer, MLP)``),
    as many as ``check`` takes.
    """
    check_callable(check, "check")
    check_text(what, "what")
    args = yours if isinstance(yours, tuple) else (yours,)
    try:
        inspect.signature(check).bind(*args, quiet=True)
    except TypeError:
        raise ArgumentError(f"yours must be what check takes, one object or a tuple of them; "
                            f"got {len(args)} for {getattr(check, '__name__', check)!r}") from None
    except ValueError:  # a callable without a signature (a builtin): let the call tell
        pass
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
    sizes = check_sizes(sizes)
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
    check_instance(net, Network, "net")
    params = _parameters(model)
    if len(params) != net.n_params:
        raise ShapeError(f"the model has {len(params)} parameters but {net!r} has "
                         f"{net.n_params}: build the model with the same sizes {net.sizes}")
    for i, p in enumerate(params):
        _number(getattr(p, "data", None), f"model.parameters()[{i}].data")
    theta = net.get_params()[neuron_order(net.sizes)]
    for p, value in zip(params, theta, strict=True):
        p.data = float(value)


def flat_gradient(model: Any, sizes: Sequence[int]) -> Array:
    """The model's ``p.grad``, laid out as ``Network.get_params`` (to compare with
    ``net.gradients(X, Y).flat()``)."""
    index = neuron_order(sizes)
    grads = np.array([_number(p.grad, f"model.parameters()[{i}].grad")
                      for i, p in enumerate(_parameters(model))])
    if grads.shape != index.shape:
        raise ShapeError(f"the model has {grads.size} parameters, sizes {list(sizes)} make "
                         f"{index.size}")
    flat = np.empty_like(grads)
    flat[index] = grads
    return flat


def _parameters(model: Any) -> list[Any]:
    """``model.parameters()`` as a list, or an ArgumentTypeError naming ``model``."""
    method = getattr(model, "parameters", None)
    if isinstance(model, type) or not callable(method):
        raise ArgumentTypeError(f"model must be a network with a method parameters() (an "
                                f"MLP), got {describe(model)}")
    params = method()
    if isinstance(params, str) or not isinstance(params, Sequence):
        raise ArgumentTypeError(f"model.parameters() must return a list of Values, got "
                                f"{describe(params)}")
    return list(params)


def _number(value: Any, name: str) -> float:
    """A parameter's .data or .grad as a finite float, else an ArgumentError naming it."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating):
        raise ArgumentTypeError(f"{name} must be a number, got {describe(value)}")
    if not math.isfinite(value):
        raise ArgumentError(f"{name} must be a finite number, got {value}")
    return float(value)


def to_network(matrices: Sequence[tuple[Any, Any]]) -> Network:
    """The book's matrix network with these [(W^1, b^1), ...]: tanh layers, squared error."""
    if isinstance(matrices, str) or not isinstance(matrices, Sequence):
        raise ArgumentTypeError(f"matrices must be a list of pairs (W, b), got "
                                f"{describe(matrices)}")
    if not matrices:
        raise ArgumentError("to_network needs at least one (W, b) pair in matrices, got none")
    layers = []
    for l, pair in enumerate(matrices, start=1):
        if isinstance(pair, str) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise ArgumentTypeError(f"matrices[{l - 1}] must be a pair (W^{l}, b^{l}), got "
                                    f"{describe(pair)}")
        with blame("matrices"):
            W = check_array(pair[0], f"W^{l}")
            b = check_array(pair[1], f"b^{l}")
            layers.append(Dense(W, b, "tanh", l))
    with blame("matrices"):
        return Network(layers, "squared_error")


def accuracy(model: Any, xs: Sequence[Sequence[float]], ys: Sequence[float]) -> float:
    """The fraction of samples whose output has the sign of its target ±1: xs holds one
    sample per row, ys one target per sample; ``model(x).data`` is the network's output."""
    check_callable(model, "model")
    if isinstance(xs, Sequence | np.ndarray) and len(xs) == 0:
        raise ArgumentError("accuracy needs at least one sample in xs, got none")
    samples = check_array(xs, "xs", ndim=2)
    targets = check_array(ys, "ys", ndim=1, nonempty=False)
    if len(targets) != len(samples):
        raise ShapeError(f"ys must hold one target per sample of xs: xs has {len(samples)} "
                         f"rows, ys {len(targets)} entries")
    right = 0
    for i, (x, y) in enumerate(zip(xs, targets, strict=True)):
        try:
            out = _number(model(list(x)).data, f"model(xs[{i}]).data")
        except ArgumentError:
            raise
        except Exception as err:  # the model is the reader's code: say where it failed
            raise ArgumentError(f"model(xs[{i}]) raised {type(err).__name__}: {err}; model "
                                "must map a sample to a Value with a number .data") from None
        right += (out > 0) == (y > 0)
    return float(right) / len(samples)
