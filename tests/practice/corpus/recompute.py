"""Solutions to the exercise ``recompute(layers, a_start) -> [(z, a), ...]`` (chapter "What
backprop costs in memory"): right ones in several styles, and wrong ones, each with the
mistake code its checker must report and words of its hint."""

# ruff: noqa: E731, ANN001, ANN201, ANN202
from __future__ import annotations

from . import register

EX = "recompute"


def right_loop(layers, a_start):
    records, a = [], a_start
    for layer in layers:
        z = layer.W @ a + layer.b[:, None]
        a = layer.activation(z)
        records.append((z, a))
    return records


def right_forward(layers, a):
    out = []
    for layer in layers:
        z, a = layer.forward(a)
        out.append((z, a))
    return tuple(out)


def right_walrus(layers, a):
    return [((z := layer.W @ a + layer.b.reshape(-1, 1)), (a := layer.activation(z)))
            for layer in layers]


def right_generator(layers, a):
    for layer in layers:
        z = layer.W @ a + layer.b[:, None]
        a = layer.activation(z)
        yield z, a


def not_chained(layers, a_start):
    out = []
    for layer in layers:
        z = layer.W @ a_start + layer.b[:, None]
        out.append((z, layer.activation(z)))
    return out


def no_activation(layers, a):
    out = []
    for layer in layers:
        z = layer.W @ a + layer.b[:, None]
        a = z
        out.append((z, a))
    return out


def no_bias(layers, a):
    out = []
    for layer in layers:
        z = layer.W @ a
        a = layer.activation(z)
        out.append((z, a))
    return out


def bias_as_row(layers, a):
    out = []
    for layer in layers:
        z = layer.W @ a + layer.b
        a = layer.activation(z)
        out.append((z, a))
    return out


def in_place(layers, a_start):
    a = a_start
    out = []
    for layer in layers:
        z = layer.W @ a + layer.b[:, None]
        if a.shape == z.shape:
            a[...] = layer.activation(z)  # overwrites the checkpoint it was given
        else:
            a = layer.activation(z)
        out.append((z, a.copy()))
    return out


def one_pair_short(layers, a):
    return right_loop(layers, a)[:-1]


RIGHT = [right_loop, right_forward, right_walrus, right_generator]
MUTANTS = [
    (not_chained, "not-chained", "instead of feeding a_start to all of them"),
    (no_activation, "no-activation", "apply the layer's activation"),
    (lambda ls, a: [(x, x) for _z, x in right_loop(ls, a)], "z-is-a", "You gave a^l twice"),
    (lambda ls, a: [(x, z) for z, x in right_loop(ls, a)], "swapped", "you gave (a^l, z^l)"),
    (no_bias, "no-bias", "the bias is missing"),
    (bias_as_row, "bias-as-row", "b[:, None]"),
    (lambda ls, a: right_loop(ls, a)[::-1], "reversed", "the pairs are in reverse order"),
    (lambda ls, a: [(a, a), *right_loop(ls, a)[:-1]], "off-by-one",
     "the pairs are shifted by one layer"),
    (one_pair_short, "returns", "returned 2 pairs for the 3 layers"),
    (lambda ls, a: [x for _z, x in right_loop(ls, a)], "returns", "is not a pair (z, a)"),
    (lambda ls, a: 3.0, "returns", "but it returned float"),
    (in_place, "changed-input", "changed a_start in place"),
    (lambda ls, a: [(z * 1.01, x) for z, x in right_loop(ls, a)], "wrong-values",
     "is wrong at entry"),
    (lambda ls, a: [(z, x.T) for z, x in right_loop(ls, a)], "shape",
     "a^2 (pair 0) has shape (3, 4) but must have shape (4, 3)"),
    (lambda ls, a: ..., "not-written", "not written yet"),
    (lambda ls, a: [], "returns", "returned an empty list"),
]

register(EX, [(f.__name__, f) for f in RIGHT], MUTANTS)
