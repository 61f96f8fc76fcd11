r"""Exercise: the backward rules and the reverse sweep of a tiny scalar engine.

:class:`Node` is a bare micrograd-style node: ``data``, ``grad``, its ``parents`` and the
``op`` that made it (``"+"``, ``"*"``, ``"tanh"``; ``""`` for an input).  The reader
writes two functions:

* ``backward_step(node)``: the backward rule of ``node.op``, adding ``local · node.grad``
  to each parent's ``grad`` (``+=``: a node used twice gets one term per use);
* ``backward(output)``: reset every ``grad`` to 0, set ``output.grad = 1`` and call
  ``backward_step`` on every node in **reverse** topological order.

The checker tries ``backward_step`` on its own, once per operation (also on ``p + p`` and
``p·p``, with parents whose ``grad`` already holds a value), then ``backward`` on the graphs
of :mod:`.nodes`, twice each, on the reader's real nodes.  It reports structure first
(a crash, a changed ``node.data``, a ``grad`` that is not a number, nothing set), then the
first node, in reverse topological order, whose gradient differs from the exact one, with
both values and the likely mistake (:mod:`.sweeps` recognises the usual ones).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ..formatting import fmt
from .engine_picture import draw_attempt
from .nodes import GRAPHS, Graph, Node, tanh, topological_order
from .report import (
    NUMERICAL,
    NUMERICAL_HINT,
    PASS,
    RTOL,
    Report,
    Verdict,
    call,
    factor,
    is_stub,
    run,
    sentence,
    short,
)
from .steps import StepFn, check_steps, state, structure
from .sweeps import Sweep, locals_of, magnitudes, sweep

__all__ = ["Node", "check_engine", "tanh", "topological_order"]

# -- backward, on whole graphs ------------------------------------------------------------------

SWEEP_MISTAKES: tuple[tuple[str, Sweep, str], ...] = (
    ("no-steps", Sweep(skip=frozenset({"+", "*", "tanh"})),
     "only output.grad is set: backward must call backward_step on every node, in "
     "reversed(topological_order(output))."),
    ("forward-order", Sweep(order="forward"),
     "your sweep runs from the inputs to the output: a node passes its gradient on before "
     "the nodes that use it have added theirs. Visit the nodes in "
     "reversed(topological_order(output))."),
    ("breadth-first", Sweep(order="breadth-first"),
     "your sweep visits the nodes breadth first (by their distance from the output): a node "
     "used by a near and a far node passes its gradient on before the far one has added its "
     "share. Visit the nodes in reversed(topological_order(output)), where every node comes "
     "after all the nodes that use it."),
    ("pre-order", Sweep(order="pre-order"),
     "your sweep visits each node as soon as a depth-first walk from the output reaches it "
     "(pre-order): a node used by two nodes passes its gradient on before the second has "
     "added its share. Visit the nodes in reversed(topological_order(output)), where every "
     "node comes after all the nodes that use it."),
    ("recursive", Sweep(order="recursive"),
     "your backward recurses from the output along every path: a node used by several "
     "nodes passes its gradient on once per use, each time with the sum so far, so paths "
     "are counted more than once. Sweep once over reversed(topological_order(output)), "
     "one backward_step per node."),
    ("no-seed", Sweep(seed="zero"),
     "start the sweep with output.grad = 1 (∂o/∂o = 1)."),
    ("seed-value", Sweep(seed="value"),
     "the seed is output.grad = 1 (∂o/∂o = 1), not the output's value."),
    ("assign-not-add", Sweep(accumulate=False),
     "a node used twice loses a path: the rule assigns `parent.grad = ...` where it must "
     "add, `parent.grad += ...` (one term per use: the sum over paths)."),
    ("set-parents", Sweep(dedupe=True),
     "a node used twice by one operation (a + a, a·a) gets one term only: each entry of "
     "node.parents is one use (no set(node.parents))."),
    ("no-upstream", Sweep(upstream=False),
     "the local derivative is not multiplied by node.grad: the chain rule adds "
     "local · node.grad to each parent, not the local derivative alone."),
    ("mul-own-factor", Sweep(mul="own"),
     "the rule of `*` gives a parent its own value: ∂(x·y)/∂x is y, the *other* factor."),
    ("tanh-at-input", Sweep(tanh="input"),
     "the rule of tanh uses its input: ∂tanh(x)/∂x = 1 − t² with t = node.data, not 1 − x²."),
    ("tanh-not-derivative", Sweep(tanh="value"),
     "the rule of tanh multiplies by tanh itself; its derivative is 1 − t², t = node.data."),
    ("tanh-twice", Sweep(tanh="twice"),
     "the rule of tanh applies tanh again: its derivative is 1 − node.data²."),
    ("missing-tanh", Sweep(skip=frozenset({"tanh"})),
     "nothing flows back through tanh: the sweep skips the rule of tanh."),
    ("missing-mul", Sweep(skip=frozenset({"*"})),
     "nothing flows back through `*`: the sweep skips the rule of *."),
    ("missing-add", Sweep(skip=frozenset({"+"})),
     "nothing flows back through `+`: the sweep skips the rule of +."),
)


def _close(xs: list[float], ys: list[float], mags: list[float]) -> bool:
    return all(abs(x - y) <= RTOL * max(m, 1e-300) for x, y, m in zip(xs, ys, mags, strict=True))


def _grads_after(graph: Graph, how: Sweep) -> list[float]:
    out = graph.make()
    sweep(out, how)
    return [n.grad for n in topological_order(out)]


def _uses(graph: Graph, index: int) -> str:
    """How the right ∂o/∂node adds up over the node's uses, in numbers."""
    out = graph.make()
    sweep(out)
    nodes = topological_order(out)
    node = nodes[index]
    if node is out:
        return " (the seed: ∂o/∂o = 1)"
    terms, users = [], []
    for child in nodes:
        for parent, local in zip(child.parents, locals_of(child), strict=True):
            if parent is node:
                terms.append(f"∂o/∂{child.name}·{factor(local)}")
                users.append(child.name)
    used = " and ".join(dict.fromkeys(users))
    times = "" if len(terms) == len(set(users)) else " (twice by one operation)"
    return (f" ({node.name} is used by {used}{times}: ∂o/∂{node.name} = "
            f"{' + '.join(terms)})")


def _learner_grads(graph: Graph, backward: StepFn) -> list[float] | None:
    """The reader's gradients on a fresh copy of ``graph``, or None if that fails."""
    out = graph.make()
    try:
        backward(out)
        return [float(n.grad) for n in topological_order(out)]
    except Exception:  # noqa: BLE001 - only used to tell two explanations apart
        return None


def _explanation(graph: Graph, got: list[float], mags: list[float],
                 backward: StepFn) -> tuple[str, str] | None:
    """The known mistake that gives the reader's gradients on ``graph`` (and, when several
    do, on the other graphs too)."""
    matches = [(code, hint, how) for code, how, hint in SWEEP_MISTAKES
               if _close(got, _grads_after(graph, how), mags)]
    for other in GRAPHS:
        if len(matches) <= 1:
            break
        if other is graph:
            continue
        theirs = _learner_grads(other, backward)
        if theirs is None:
            continue
        other_mags = magnitudes(other.make())
        kept = [m for m in matches if _close(theirs, _grads_after(other, m[2]), other_mags)]
        matches = kept or matches
    return (matches[0][0], matches[0][1]) if matches else None


def _first_wrong(got: list[float], right: list[float], mags: list[float]) -> int | None:
    for i in reversed(range(len(got))):
        if abs(got[i] - right[i]) > RTOL * max(mags[i], 1e-300):
            return i
    return None


def _compare(graph: Graph, nodes: list[Node], result: Any, backward: StepFn,
             picture: Callable[[int], Any]) -> None:
    got = [float(n.grad) for n in nodes]
    right = _grads_after(graph, Sweep())
    mags = magnitudes(graph.make())
    i = _first_wrong(got, right, mags)
    if i is None:
        return
    name = nodes[i].name
    returned = (f" (backward returned {type(result).__name__}: the checker reads node.grad, "
                "not what backward returns)" if result is not None else "")
    head = f"on {graph.title}: ∂o/∂{name} is {fmt(got[i])} in your sweep{returned}"
    known = _explanation(graph, got, mags, backward)
    if known is not None:
        code, hint = known
        raise Verdict(code, f"{head}, the right value is {fmt(right[i])}"
                      f"{_uses(graph, i)}. {sentence(hint)}", picture(i))
    off = max(abs(g - r) / max(m, 1e-300) for g, r, m in zip(got, right, mags, strict=True))
    if off <= NUMERICAL:
        raise Verdict("numerical", f"on {graph.title}: ∂o/∂{name} is {fmt(got[i], 12)}, the "
                      f"exact value is {fmt(right[i], 12)}: your gradients agree with the "
                      f"exact ones to about {_digits(off)} significant digits only; "
                      f"{NUMERICAL_HINT}")
    raise Verdict("wrong-gradient", f"{head}, the right value is {fmt(right[i])}"
                  f"{_uses(graph, i)}. Every node after it in the sweep is right, so look "
                  f"at the rules of the nodes that use {name}.", picture(i))


def _digits(off: float) -> int:
    return max(0, int(-math.log10(max(off, 1e-16))))


def _move_inputs(out: Node, nodes: list[Node]) -> None:
    """New values for the inputs a and b, and every value after them recomputed: the
    second call of backward must follow the graph's current values."""
    for node in nodes:
        if node.name in ("a", "b"):
            node.data += 0.25
        elif node.op == "+":
            node.data = node.parents[0].data + node.parents[1].data
        elif node.op == "*":
            node.data = node.parents[0].data * node.parents[1].data
        elif node.op == "tanh":
            node.data = math.tanh(node.parents[0].data)


def _check_graph(graph: Graph, backward: StepFn,
                 draw: Callable[[Graph, list[float], int], Any] | None) -> None:
    out = graph.make()
    nodes = topological_order(out)

    def picture(got: list[float]) -> Callable[[int], Any]:
        def make(i: int) -> Any:
            return None if draw is None else lambda: draw(graph, got, i)

        return make

    before = state(nodes)
    result = call("backward(output)", backward, out)
    where = f"on {graph.title}"
    structure(nodes, before, "backward", where)
    got = [float(n.grad) for n in nodes]
    if all(g == 0 for g in got):
        if is_stub(backward):
            raise Verdict("not-written", "backward is not written yet: replace the `...` "
                          "by the reverse sweep.")
        if result is not None:
            raise Verdict("returns-instead", f"{where}: backward returned "
                          f"{type(result).__name__} {short(result)} and set no .grad. "
                          "Store each gradient in its node's .grad: the checker (and "
                          "draw_graph, and every later chapter) reads node.grad.")
        raise Verdict("no-seed", f"{where}: every gradient is still 0 after backward: "
                      "start the sweep with output.grad = 1 (∂o/∂o = 1), then call "
                      "backward_step on every node in reversed(topological_order(output)).")
    _compare(graph, nodes, result, backward, picture(got))

    # a second call on the same nodes, after the inputs moved: nothing may be left over
    first = got
    _move_inputs(out, nodes)
    before = state(nodes)
    call("backward(output)", backward, out)
    where = f"on {graph.title}, second call (same nodes, a and b moved by 0.25)"
    structure(nodes, before, "backward", where)
    got = [float(n.grad) for n in nodes]
    fresh = Graph(graph.title, graph.build, graph.a + 0.25, graph.b + 0.25)
    right = _grads_after(fresh, Sweep())
    mags = magnitudes(fresh.make())
    k = _first_wrong(got, right, mags)
    if k is not None:
        raise Verdict("no-reset", f"{where}: ∂o/∂{nodes[k].name} is {fmt(got[k])}, the right "
                      f"value is {fmt(right[k])} (after the first call it was "
                      f"{fmt(first[k])}). Something of the first sweep is left over: reset "
                      "every node's grad to 0 at the start of backward (then output.grad = "
                      "1), and keep no marks of your own on the nodes between calls.")


def check_engine(backward_step: StepFn, backward: StepFn, *, quiet: bool = False,
                 draw: Callable[[Graph, list[float], int], Any] | None = draw_attempt
                 ) -> Report:
    """Check the reader's ``backward_step(node)`` on each operation, then ``backward(output)``
    on the graphs of :data:`.nodes.GRAPHS`.  ``draw(graph, grads, index)`` makes the picture
    a failed report offers as ``report.picture()`` (None: no picture)."""
    def body(report: Report) -> None:
        check_steps(backward_step)
        for graph in GRAPHS:
            _check_graph(graph, backward, draw)
        report.lines.append(
            f"backward_step: the rules of +, * and tanh, also on p + p and p·p. backward: "
            f"{len(GRAPHS)} graphs ({', '.join(g.about for g in GRAPHS)}): every node's "
            "gradient is exact, also on a second call.")

    return run("backward_step and backward", body, quiet,
               success=f"{PASS} backward_step and backward: right.")
