r"""Bug hunt: a backprop for a 3-3-3-3 sigmoid network with one subtle bug.

:func:`buggy_gradients` looks right and returns gradients of the right shapes (every layer
has 3 neurons, so shapes cannot catch the bug).  The reader runs the book's gradient check
on each parameter block (:func:`block_cost` gives the cost as a function of one block),
finds which blocks are wrong, and reports them to :func:`check_bug_report`; the pattern of
what fails and what passes points at the faulty line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np

from ..checks.gradcheck import check_gradient
from ..errors import ArgumentTypeError, UnknownKeyError, check_seed, describe
from ..networks.activations import sigmoid, sigmoid_prime
from ..networks.network import Network
from .bugs.reading import blocks_verdict
from .report import PASS, Report, run

Array = np.ndarray
BLOCKS = ("W1", "b1", "W2", "b2", "W3", "b3")


def bughunt_network(seed: int = 3) -> tuple[Network, Array, Array]:
    """The network (sizes 3-3-3-3, sigmoid, squared error), one input x and its target y."""
    seed = check_seed(seed)
    net = Network.from_sizes([3, 3, 3, 3], "sigmoid", seed=seed)
    rng = np.random.default_rng(seed + 1)
    x = rng.normal(0, 1, (3, 1))
    y = rng.uniform(0, 1, (3, 1))
    return net, x, y


def buggy_gradients(net: Network, x: Array, y: Array) -> dict[str, Array]:
    """∂C/∂W^l and ∂C/∂b^l for C = ½‖a^L − y‖², written out for a sigmoid network."""
    W = {n: layer.W for n, layer in enumerate(net.layers, start=1)}
    b = {n: layer.b.reshape(-1, 1) for n, layer in enumerate(net.layers, start=1)}
    L = len(net.layers)
    a, z = {0: x}, {}
    for n in range(1, L + 1):  # forward pass, keeping z^n and a^n
        z[n] = W[n] @ a[n - 1] + b[n]
        a[n] = sigmoid(z[n])
    delta = {L: (a[L] - y) * sigmoid_prime(z[L])}
    for n in range(L - 1, 0, -1):  # the recursion, from the top down
        delta[n] = (W[n + 1].T @ delta[n + 1]) * sigmoid_prime(z[n])
    grads = {}
    for n in range(1, L + 1):
        grads[f"W{n}"] = delta[n] @ a[n].T
        grads[f"b{n}"] = delta[n]
    return grads


def block_cost(net: Network, x: Array, y: Array, name: str) -> tuple[Callable[[Array], float],
                                                                     Array]:
    """(f, value): the cost C as a function of the block ``name`` ("W2", "b3", ...), the
    rest held fixed, and the block's current value, ready for ``check_gradient``."""
    if name not in BLOCKS:
        raise UnknownKeyError(f"no parameter block {name!r}: the blocks are {', '.join(BLOCKS)}")
    layer = net.layers[int(name[1]) - 1]
    attr = name[0]
    original = getattr(layer, attr).copy()
    shape = layer.W.shape if attr == "W" else (layer.b.size, 1)

    def f(value: Array) -> float:
        setattr(layer, attr, np.asarray(value, dtype=float).reshape(original.shape))
        try:
            return 0.5 * float(np.sum((net.predict(x) - y) ** 2))
        finally:
            setattr(layer, attr, original.copy())

    return f, original.reshape(shape).copy()


def failing_blocks(net: Network, x: Array, y: Array) -> set[str]:
    """The blocks of :func:`buggy_gradients` that fail the gradient check."""
    grads = buggy_gradients(net, x, y)
    failing = set()
    for name in BLOCKS:
        f, value = block_cost(net, x, y, name)
        if not check_gradient(f, value, grads[name]).ok:
            failing.add(name)
    return failing


def read_report(wrong: object) -> set[str]:
    """The block names in the reader's report: a set, list or tuple of names, or one string
    of names separated by commas or spaces ("W1, W2"). Names are matched without regard to
    case ("w1" is W1); anything else is kept as written, to be reported as unknown."""
    if isinstance(wrong, str):
        items: list[object] = [part for part in re.split(r"[\s,;]+", wrong) if part]
    elif isinstance(wrong, set | frozenset | list | tuple):
        items = list(wrong)
    else:
        raise ArgumentTypeError(
            f"wrong must be the names of the failing blocks, a set such as {{'W1', 'b2'}} "
            f"(or a list, or a string 'W1, b2'), got {describe(wrong)}")
    by_lower = {name.lower(): name for name in BLOCKS}
    names = set()
    for item in items:
        text = item.strip() if isinstance(item, str) else repr(item)
        names.add(by_lower.get(text.lower(), text))
    return names


def check_bug_report(wrong: Iterable[str] | str, *, quiet: bool = False) -> Report:
    """Check the reader's list of wrong blocks, e.g. ``check_bug_report({"W1", "b2"})``
    (see :func:`read_report` for what is accepted)."""
    given = read_report(wrong)

    def body(report: Report) -> None:
        net, x, y = bughunt_network()
        blocks_verdict(given, BLOCKS, lambda: failing_blocks(net, x, y))
        truth = failing_blocks(net, x, y)
        report.lines.append(f"Exactly these fail: {', '.join(sorted(truth))}. Every "
                            "bias gradient passes, so every δ is right; what is wrong is in "
                            "the line that turns δ into the weight gradients.")

    return run("bug report", body, quiet, success=f"{PASS} Found.")
