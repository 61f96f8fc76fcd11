"""Specs of practice/bugs/ (the bug hunts; see support/contract.py): the report checker
takes anything a learner may type and answers with a verdict, never a raw error; the hunt
objects refuse a bad block name or function by name; the buggy functions, written as a
learner writes them, are called on their own problems and give the gradients the hunts
check."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from backprop_core.networks.network import Network
from backprop_core.practice import arrays, check_layer_backward
from backprop_core.practice.bugs import (
    CAUSES,
    HUNTS,
    Cause,
    Hunt,
    batches,
    causes,
    check_hunt,
    hunt,
    layers,
    matrix,
    reading,
    scalar,
    show_bug,
)
from support.contract import Spec

CHAIN = HUNTS["chain-rule"]


def _same_claims(chapter: str) -> Any:
    """A check: the function's result, read as the hunt reads it, is the hunt's claim."""
    def check(args: dict[str, Any], result: Any) -> None:
        claims = HUNTS[chapter].problem().claims(result)
        for name, value in HUNTS[chapter].claimed().items():
            assert np.array_equal(np.asarray(claims[name], dtype=float), value), name
    return check


def _buggy(chapter: str, function: Any, covers: tuple[object, ...] = ()) -> Spec:
    """The hunt's function on its own problem (its arguments are not probed: it is the
    learner-style code the chapter prints, which checks nothing on purpose)."""
    return Spec(f"bugs.{function.__name__}", (function, *covers),
                lambda: function(*HUNTS[chapter].problem().args), dict, {},
                check=_same_claims(chapter))


def _check_sample_shapes(args: dict[str, Any], result: Any) -> None:
    n_0, m = int(args["sizes"][0]), int(args["m"])
    assert result == ((n_0, m), (n_0, 1)), result


def _hunt_methods(name: str, function: Any) -> tuple[Any, ...]:
    h = CHAIN
    result = h.failing(function)
    f, value, claimed = h.probe(name)
    return (show_bug(h) is h, h.listing(), h.line, h.blocks, h.causes, sorted(result),
            f(value), claimed)


SPECS: list[Spec] = [
    Spec("bugs.check_hunt", (check_hunt, reading.read_blocks, reading.read_line,
                             reading.failing_blocks, reading.blocks_verdict),
         lambda hunt, wrong, line, why: str(check_hunt(hunt, wrong, line, why, quiet=True)),
         lambda: {"hunt": CHAIN, "wrong": {"x"}, "line": 10, "why": "overwrites"},
         {"hunt": "custom", "wrong": "names", "line": "custom", "why": "text"},
         says={"hunt": ("hunt",)},
         extra={"hunt": ("chain-rule", None, 5, CAUSES[0]),
                "line": (None, 0, -1, 10**6, "abc", "", [1], True, 2.5, math.nan, "\ud800",
                         np.int64(10), "line 10", " 10 ", "grad", "#")},
         check=lambda args, result: None),
    Spec("bugs.Hunt", (Hunt, Hunt.listing, Hunt.claimed, Hunt.probe, Hunt.failing,
                       hunt.show_bug, hunt.Problem),
         _hunt_methods, lambda: {"name": "x", "function": None},
         {"name": "name", "function": "callable"}, says={"name": ("name",)},
         extra={"function": (scalar.parallel_gradient,)}),
    Spec("bugs.causes", (Cause, Cause.matches, causes.normalise, causes.named),
         lambda words: ([c.code for c in causes.named(words)], causes.normalise(words),
                        CAUSES[0].matches(words)),
         lambda: {"words": "= instead of +="}, {"words": "text"}, says={"words": ("words",)}),
    Spec("bugs.network_costs", (hunt.network_costs,),
         lambda: [f(value) for f, value in hunt.network_costs(
             Network.from_sizes([2, 3, 1], "tanh", seed=0), np.ones((2, 2)),
             np.zeros((1, 2))).values()], dict, {}),
    Spec("bugs.samples", (batches.samples, layers.one_sample, scalar.parallel),
         lambda: (batches.samples([2, 3, 2], 4, 0, loss="softmax_cross_entropy",
                                  activations=["tanh", "softmax"])[2].sum(axis=0),
                  layers.one_sample([2, 2], 0)[1], scalar.parallel(4.0, 6.0)), dict, {}),
    Spec("bugs.samples arguments", (batches.samples, layers.one_sample),
         lambda sizes, m, seed: (batches.samples(sizes, m, seed)[1].shape,
                                 layers.one_sample(sizes, seed)[1].shape),
         lambda: {"sizes": [2, 3, 1], "m": 4, "seed": 0},
         {"sizes": "custom", "m": "count", "seed": "seed"}, huge={"m": False},
         check=_check_sample_shapes,
         extra={"sizes": ([2], [2, 0], None, "23", [2, 1.5], [True, 2], [], 5)}),
    Spec("practice.check_cases", (arrays.check_cases,),  # the layer and batch checkers' loop
         lambda fn: str(check_layer_backward(fn, quiet=True)), lambda: {"fn": lambda *a: None},
         {"fn": "callable"}),
    _buggy("chain-rule", scalar.parallel_gradient),
    _buggy("computational-graph", scalar.gradients_at),
    _buggy("error-signal", layers.two_layer_gradients),
    _buggy("worked-example", layers.gradient_after_step, (layers.forward, layers.backward)),
    _buggy("matrix-form", matrix.buggy_gradients),
    _buggy("batching", batches.batch_gradients),
    _buggy("deep-networks", batches.deep_gradients),
    _buggy("capstone", batches.minibatch_gradients),
]
