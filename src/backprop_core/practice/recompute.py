r"""Exercise: the recomputation of gradient checkpointing.

The reader writes ``recompute(layers, a_start)``: ``layers`` are the dense layers of one
segment, in order (each with ``W``, ``b`` of shape (n_l,) and a callable ``activation``),
``a_start`` is the activation entering the first of them (one sample per column); it returns
one pair (z^l, a^l) per layer, in order, each layer fed by the one before:

    z^l = W^l a^{l-1} + b^l,   a^l = σ(z^l).

The checker first compares the pairs with the records a full forward pass keeps, on
segments of equal and of different widths and on batches as wide as a layer; then it puts
the function into ``networks.checkpointing.checkpointed_gradients`` and checks the gradient
of a deep network against plain backprop (to a relative EXACT = 1e-12 of its largest entry)
and against finite differences (the book's checker).
"""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..checks.gradcheck import check_gradient
from ..errors import check_seed
from ..formatting import fmt
from ..networks.checkpointing import checkpointed_gradients
from ..networks.cost_functions import cost_of_params
from ..networks.initialisation import deep_network
from ..networks.network import Network
from .array_checks import EXACT, exact, gap, matches
from .report import Report, Verdict, as_array, call, index_text, returned_nothing, run

HINTS = {
    "not-chained": "each layer must be fed the activation of the layer before it: update "
    "a = σ(z) after every layer, instead of feeding a_start to all of them.",
    "no-activation": "a^l = σ(z^l): apply the layer's activation, `layer.activation(z)`; you "
    "passed z on as it is.",
    "z-is-a": "each pair is (z^l, a^l): the input sum first, then the activation. You gave "
    "a^l twice.",
    "swapped": "each pair is (z^l, a^l), in that order: you gave (a^l, z^l).",
    "no-bias": "z^l = W^l a^{l-1} + b^l: the bias is missing.",
    "bias-as-row": "b has shape (n_l,): `W @ a + b` adds it along the samples (a row). Add it "
    "to every column: `W @ a + b[:, None]` (or `b.reshape(-1, 1)`).",
    "reversed": "the pairs are in reverse order: return them from the first layer of the "
    "segment to the last, as the forward pass makes them.",
    "off-by-one": "the pairs are shifted by one layer: the first pair belongs to the first "
    "layer of the segment (computed from a_start), not to a_start itself.",
}


def _pairs(fn: Callable[..., Any], layers: Sequence[Any], a_start: np.ndarray, where: str
           ) -> list[tuple[np.ndarray, np.ndarray]]:
    """The reader's pairs, structure first; a broadcast error is a misplaced bias."""
    label = getattr(fn, "__name__", "recompute")
    copy = a_start.copy()
    try:
        out = call(label, fn, list(layers), copy)
    except Verdict as v:
        if v.mistake == "crash" and "broadcast" in v.message:
            raise Verdict("bias-as-row", f"{where}: {v.message}. {HINTS['bias-as-row']}"
                          ) from None
        raise
    if out is None or out is Ellipsis:
        raise returned_nothing(fn, label, "return a list of (z, a) pairs, one per layer", out)
    if isinstance(out, list | tuple) and not out:
        raise Verdict("returns", f"{label} returned an empty list: append one (z, a) pair per "
                      "layer, and return the list.")
    try:
        out = list(out)
    except TypeError:
        raise Verdict("returns", f"{label} must return a list of (z, a) pairs, one per layer, "
                      f"but it returned {type(out).__name__}.") from None
    if not np.array_equal(copy, a_start):
        raise Verdict("changed-input", f"{label} changed a_start in place: the checkpoint is "
                      "needed again for the next segment. Work on new arrays "
                      "(`a = layer.activation(z)`, not `a[...] = ...`).")
    if len(out) != len(layers):
        raise Verdict("returns", f"{where}: {label} returned {len(out)} pairs for the "
                      f"{len(layers)} layers it was given: one (z, a) pair per layer.")
    pairs = []
    for i, pair in enumerate(out):
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise Verdict("returns", f"{where}: item {i} of the list is not a pair (z, a): "
                          "append `(z, a)` for every layer.")
        pairs.append((as_array(pair[0], f"z of pair {i}"), as_array(pair[1],
                                                                     f"a of pair {i}")))
    return pairs


def _mistakes(layers: Sequence[Any], a_start: np.ndarray
              ) -> dict[str, list[tuple[np.ndarray, np.ndarray]]]:
    def chain(bias: str = "column", act: bool = True, chained: bool = True
              ) -> list[tuple[np.ndarray, np.ndarray]]:
        out, a = [], a_start
        for layer in layers:
            inp = a if chained else a_start
            z = layer.W @ inp + {"column": layer.b[:, None], "none": 0.0,
                                 "row": layer.b[None, :]}[bias]
            a = layer.activation(z) if act else z
            out.append((z, a))
        return out

    right = chain()
    wrong = {"no-activation": chain(act=False), "no-bias": chain(bias="none"),
             "z-is-a": [(a, a) for _z, a in right], "swapped": [(a, z) for z, a in right],
             "reversed": right[::-1],
             "off-by-one": [(a_start, a_start), *right[:-1]]}
    if all(layer.W.shape[1] == a_start.shape[0] for layer in layers):
        wrong["not-chained"] = chain(chained=False)
    if all(layer.W.shape[0] == a_start.shape[1] for layer in layers):
        wrong["bias-as-row"] = chain(bias="row")
    return wrong


def _check_pairs(fn: Callable[..., Any], net: Network, first: int, last: int, m: int,
                rng: np.random.Generator) -> None:
    """``fn`` on layers first..last of ``net`` against a full forward pass's records."""
    X = rng.normal(size=(net.sizes[0], m))
    cache = net.forward(X)
    layers = net.layers[first - 1:last]
    a_start = cache.a[first - 1]
    widths = "-".join(str(n) for n in net.sizes[first - 1:last + 1])
    where = f"layers {first}..{last} (widths {widths}), m = {m}"
    got = _pairs(fn, layers, a_start, where)
    wrong = _mistakes(layers, a_start)
    for i, ((z, a), l) in enumerate(zip(got, range(first, last + 1), strict=True)):
        right = (cache.z[l], cache.a[l])
        for name, mine, ok in (("z", z, right[0]), ("a", a, right[1])):
            if mine.shape != ok.shape:
                raise Verdict("shape", f"{where}: {name}^{l} (pair {i}) has shape {mine.shape} "
                              f"but must have shape {ok.shape}, (n_{l}, m).")
        if exact(z, right[0]) and exact(a, right[1]):
            continue
        for code, pairs in wrong.items():  # a mistake gives both arrays of the pair
            if matches(z, pairs[i][0]) and matches(a, pairs[i][1]):
                raise Verdict(code, f"{where}: {HINTS[code]}")
        for name, mine, ok in (("z", z, right[0]), ("a", a, right[1])):
            if exact(mine, ok):
                continue
            index = tuple(int(j) for j in np.unravel_index(
                int(np.argmax(np.abs(mine - ok))), ok.shape))
            raise Verdict("wrong-values", f"{where}: {name}^{l} (pair {i}) is wrong at "
                          f"{index_text(index)}: yours is {fmt(mine[index])}, the forward pass "
                          f"gives {fmt(ok[index])}.")


def check_recompute(fn: Callable[..., Any], *, quiet: bool = False, seed: int = 0) -> Report:
    """Check ``fn(layers, a_start) -> [(z, a), ...]``, alone and inside checkpointing."""
    seed = check_seed(seed)

    def body(report: Report) -> None:
        rng = np.random.default_rng(seed)
        equal = deep_network(5, 4, "tanh", "glorot", n_in=4, n_out=4,
                             output_activation="identity", seed=seed)
        varied = Network.from_sizes([3, 5, 2, 6, 4], ["tanh", "relu", "sigmoid", "identity"],
                                    seed=seed)
        for layer in equal.layers + varied.layers:  # biases that are not 0, to be seen
            layer.b = rng.normal(0.0, 0.5, layer.b.shape)
        for net, first, last, m in ((equal, 2, 4, 3), (varied, 1, 3, 7), (equal, 1, 4, 4),
                                    (varied, 2, 4, 1)):
            _check_pairs(fn, net, first, last, m, rng)
        deep = deep_network(8, 6, "tanh", "glorot", n_in=3, n_out=2,
                            output_activation="identity", seed=seed)
        X, Y = rng.normal(size=(3, 5)), rng.normal(size=(2, 5))
        plain = deep.gradients(X, Y).flat()
        cost = cost_of_params(deep, X, Y)
        for k in (1, 2, 3, deep.L):
            run_k = checkpointed_gradients(deep, X, Y, k, recompute=fn)
            flat = run_k.gradients.flat()
            if not exact(flat, plain):
                raise Verdict("wrong-values", f"checkpoints every k = {k} layers: the gradient "
                              f"differs from plain backprop by {gap(flat, plain):.1e} of its "
                              "largest entry.")
        # plain backprop's gradient is the book's; it is checked once, against the finite
        # differences of C, here (the gradients of every k equal it to EXACT)
        if not check_gradient(cost, cost.theta, flat).ok:  # pragma: no cover - the package's
            raise Verdict("gradcheck", "the gradient fails the gradient check.")
        report.lines.append(
            f"the pairs equal the forward pass's records on 4 segments; in a network of "
            f"L = {deep.L} layers with checkpoints every k = 1, 2, 3 and {deep.L} layers the "
            f"gradient equals plain backprop (to a relative {EXACT:.0e} of its largest entry) "
            "and agrees with finite "
            "differences (relative error ≤ 1e-5).")

    return run("recompute", body, quiet,
               success="\u2714 recompute: right. Checkpointing with it gives backprop's "
               "gradient.")
