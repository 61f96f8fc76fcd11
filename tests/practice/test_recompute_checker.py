"""Mutation tests of the checkpointing exercise's checker: a recompute(layers, a_start) that
returns one (z, a) pair per layer. Wrong ones get their own hint; right ones in several
styles pass, and checkpointing with them gives backprop's gradient."""

# ruff: noqa: ANN001, ANN202  (learner solutions, written as learners would)

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from backprop_core.practice import check_recompute
from backprop_core.practice import recompute as recompute_module


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
    (lambda ls, a: [(z * 1.01, x) for z, x in right_loop(ls, a)], "differs",
     "is wrong at entry"),
    (lambda ls, a: [(z, x.T) for z, x in right_loop(ls, a)], "shape",
     "a^2 (pair 0) has shape (3, 4) but must have shape (4, 3)"),
    (lambda ls, a: ..., "not-written", "not written yet"),
    (lambda ls, a: [], "not-written", "not written yet"),
]


@pytest.mark.parametrize("solution", RIGHT, ids=lambda f: f.__name__)
def test_correct_recomputations_pass(solution: Callable[..., Any],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    report = check_recompute(solution)
    assert report.ok and report.mistake == "", str(report)
    out = capsys.readouterr().out
    assert "gives backprop's gradient" in out and "to a relative 1e-12" in out


@pytest.mark.parametrize(("mutant", "mistake", "words"), MUTANTS,
                         ids=[f"{i}-{m[1]}" for i, m in enumerate(MUTANTS)])
def test_recompute_mutants_get_their_own_hint(mutant: Callable[..., Any], mistake: str,
                                              words: str) -> None:
    report = check_recompute(mutant, quiet=True)
    assert (report.ok, report.mistake) == (False, mistake), str(report)
    assert words in str(report), str(report)


def test_every_hint_is_used_and_the_messages_differ() -> None:
    codes = {code for _m, code, _w in MUTANTS}
    assert set(recompute_module.HINTS) <= codes
    by_code: dict[str, set[str]] = {}
    for mutant, code, _w in MUTANTS:
        by_code.setdefault(code, set()).add(str(check_recompute(mutant, quiet=True)))
    texts = [t for group in by_code.values() for t in group]
    assert len(set(texts)) == len(texts)


def test_other_crashes_are_reported_as_they_are() -> None:
    def crashes(layers, a):
        raise KeyError("W")

    report = check_recompute(crashes, quiet=True)
    assert report.mistake == "crash" and "raised KeyError" in str(report)


def test_a_recompute_right_alone_but_wrong_inside_checkpointing_is_caught() -> None:
    """Right on the checker's own segments (3 samples or fewer), wrong for a batch of 5:
    the gradient with checkpoints then differs from plain backprop."""
    def sneaky(layers, a):
        records = right_loop(layers, a)
        if a.shape[1] == 5:
            return [(z, x + 1e-3) for z, x in records]
        return records

    report = check_recompute(sneaky, quiet=True)
    assert report.mistake == "differs" and "checkpoints every k = " in str(report)
