"""Specs of the parts of practice/'s layer, batch and engine checkers (see
support/contract.py), probed through the checkers with the learner solutions of the
mutation corpus (tests/practice/corpus/): every solution gets its corpus verdict, and
anything else a learner may pass gets a verdict too, never a raw error. The parts (the
shared shape checks and diagnosis of arrays.py, the sweeps, steps and graphs of the engine
checker, its picture) work on arrays and graphs the checkers made, so they are reached this
way; ``chain_derivative``, the one part a chapter calls with its own number, is probed
directly."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from practice.corpus import ENTRIES
from practice.corpus import batch as _batch_corpus  # noqa: F401 - they register
from practice.corpus import chain as _chain_corpus  # noqa: F401
from practice.corpus import engine as _engine_corpus  # noqa: F401
from practice.corpus import layer as _layer_corpus  # noqa: F401

from backprop_core.practice import (
    arrays,
    batch,
    chain,
    check_batch_gradients,
    check_chain_derivative,
    check_engine,
    check_layer_backward,
    engine_picture,
    layer,
    nodes,
    report,
    steps,
    sweeps,
)
from support.contract import Spec


def _solutions(exercise: str) -> dict[int, str]:
    """id(solution) -> the mistake the corpus expects ("" for a right one)."""
    return {id(e.solution): e.mistake for e in ENTRIES if e.exercise == exercise}


def _first_right(exercise: str) -> Any:
    return next(e.solution for e in ENTRIES if e.exercise == exercise and not e.mistake)


def _corpus(exercise: str) -> tuple[Any, ...]:
    return tuple(e.solution for e in ENTRIES if e.exercise == exercise)


def _raises(*args: Any) -> Any:
    raise ValueError("nope")


def _nan(*args: Any) -> Any:
    return math.nan


def _stub(*args: Any) -> Any:
    ...


GARBAGE: tuple[object, ...] = (None, 5, "f", math.nan, _raises, _nan, _stub,
                               lambda *a: (None, None, None), lambda *a: {"dW": 1},
                               lambda *a: [[1j]] * 3, lambda *a: ("a", "b", "c"))


def _zero_d(x: float) -> Any:
    """A right answer as a 0-d array (a number to numpy)."""
    return np.array(chain.chain_derivative(x))


def _as_text(exercise: str) -> Any:
    """The first right solution, its arrays written as text (the right numbers, not
    computed gradients)."""
    right = _first_right(exercise)
    return lambda *args: tuple(np.asarray(x).astype(str) for x in right(*args))


def _verdict_of(exercise: str, right: tuple[Any, ...] = ()) -> Any:
    """A check: a corpus solution gets its corpus verdict, ``right`` passes, anything else
    fails with a mistake named."""
    expected = {**_solutions(exercise), **{id(r): "" for r in right}}

    def check(args: dict[str, Any], result: Any) -> None:
        got = result[0] if isinstance(result, tuple) else result
        assert isinstance(got, report.Report) and got.lines
        given = next(iter(args.values()))
        if id(given) in expected:
            assert got.mistake == expected[id(given)], (got.mistake, str(got))
            assert got.ok == (expected[id(given)] == "")
        else:
            assert not got.ok and got.mistake, str(got)
    return check


class _Garbage:
    """An engine solution whose two functions are ``function``."""

    def __init__(self, function: Any) -> None:
        self.backward_step = self.backward = function


def _engine(solution: Any) -> tuple[report.Report, str]:
    result = check_engine(solution.backward_step, solution.backward, quiet=True)
    picture = result.picture() if result.picture is not None else None
    return result, repr(picture)


def _swept(how: sweeps.Sweep) -> list[float]:
    """Every node's grad after the sweep ``how`` on the first test graph."""
    out = nodes.GRAPHS[0].make()
    sweeps.sweep(out, how)
    return [n.grad for n in nodes.topological_order(out)]


def _check_swept(args: dict[str, Any], result: list[float]) -> None:
    """The right sweep gives the book's engine's gradients (engine_picture.value_graph
    builds the same graph of backprop_core Values)."""
    if args == {"order": "topological", "seed": "one", "mul": "other", "tanh": "output"}:
        out, values = engine_picture.value_graph(nodes.GRAPHS[0])
        out.backward()
        assert all(math.isclose(g, v.grad, rel_tol=1e-12, abs_tol=1e-15)
                   for g, v in zip(result, values, strict=True))


def _check_chain(args: dict[str, Any], result: float) -> None:
    x = float(args["x"])
    u = x * x
    assert result == math.exp(math.sin(u)) * math.cos(u) * 2 * x


ARRAY_PARTS = (arrays.results, arrays.check_shape, arrays.diagnose, arrays.Expected,
               arrays.Variant, report.Snapshot, report.Snapshot.of, report.Snapshot.changed,
               report.changed_input, report.mismatch, report.distance, report.index_text,
               report.returned_nothing, report.sentence)

SPECS: list[Spec] = [
    Spec("practice.layer_checker_parts",
         (*ARRAY_PARTS, layer.variants, layer.shape_hints),
         lambda fn: check_layer_backward(fn, quiet=True),
         lambda: {"fn": _first_right("layer")}, {"fn": "custom"},
         check=_verdict_of("layer"),
         extra={"fn": (*_corpus("layer"), *GARBAGE, _as_text("layer"))}),
    Spec("practice.batch_checker_parts",
         (*ARRAY_PARTS, arrays.makes_mistake, batch.variants, batch.shape_hints),
         lambda fn: check_batch_gradients(fn, quiet=True),
         lambda: {"fn": _first_right("batch")}, {"fn": "custom"},
         check=_verdict_of("batch"),
         extra={"fn": (*_corpus("batch"), *GARBAGE, _as_text("batch"))}),
    Spec("practice.engine_checker_parts",
         (steps.check_steps, steps.StepCase, steps.StepCase.make, steps.StepCase.title,
          steps.state, steps.structure, sweeps.Sweep, sweeps.locals_of, sweeps.step,
          sweeps.sweep, sweeps.magnitudes, nodes.Graph, nodes.Graph.make, nodes.formula,
          engine_picture.draw_attempt, engine_picture.value_graph, engine_picture.Picture),
         _engine, lambda: {"solution": _first_right("engine")}, {"solution": "custom"},
         check=_verdict_of("engine"),
         extra={"solution": (*_corpus("engine"), *(_Garbage(g) for g in GARBAGE))}),
    Spec("practice.sweeps.Sweep", (sweeps.Sweep, sweeps.sweep),
         lambda order, seed, mul, tanh: _swept(sweeps.Sweep(order=order, seed=seed, mul=mul,
                                                            tanh=tanh)),
         lambda: {"order": "topological", "seed": "one", "mul": "other", "tanh": "output"},
         {"order": "name", "seed": "name", "mul": "name", "tanh": "name"},
         check=_check_swept, extra={"order": ("forward", "recursive", "pre-order"),
                                    "seed": ("zero", "value"), "tanh": ("input", "twice")}),
    Spec("practice.chain_checker", (check_chain_derivative,),
         lambda fn: check_chain_derivative(fn, quiet=True),
         lambda: {"fn": _first_right("chain")}, {"fn": "custom"},
         check=_verdict_of("chain", (_zero_d,)),
         extra={"fn": (*_corpus("chain"), *GARBAGE, lambda x: 10**400, lambda x: "1.5",
                       _zero_d)}),
    Spec("practice.chain_derivative", (chain.chain_derivative,), chain.chain_derivative,
         lambda: {"x": 1.1}, {"x": "real"}, says={"x": ("x",)}, check=_check_chain,
         extra={"x": (250.0, 1e154, 2e154, -3e200, 5e-324, 1e10)}),
]
