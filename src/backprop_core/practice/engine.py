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
from dataclasses import dataclass
from numbers import Real
from typing import Any

from ..formatting import fmt
from .engine_picture import draw_attempt
from .nodes import GRAPHS, Graph, Node, formula, tanh, topological_order
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
from .sweeps import Sweep, locals_of, magnitudes, step, sweep

__all__ = ["Node", "check_engine", "tanh", "topological_order"]

StepFn = Callable[[Node], Any]

# -- backward_step, one operation at a time ---------------------------------------------------


@dataclass(frozen=True)
class StepCase:
    """``n = p <op> q`` (or ``tanh(p)``), with ``n.grad`` and the parents' grads preset."""

    op: str
    twice: bool = False  # p + p, p·p: one parent used twice

    def make(self) -> tuple[Node, list[Node]]:
        p, q = Node(1.5, name="p"), Node(-2.0, name="q")
        other = p if self.twice else q
        if self.op == "tanh":
            n = tanh(Node(0.8, name="p"))
        else:
            n = p + other if self.op == "+" else p * other
        n.name = "n"
        n.grad = 0.5
        parents = list({id(x): x for x in n.parents}.values())
        for parent, old in zip(parents, (0.25, -0.75), strict=False):
            parent.grad = old
        return n, parents

    def title(self, n: Node) -> str:
        values = ", ".join(f"{p.name}.data = {fmt(p.data)}" for p in _distinct(n.parents))
        before = " and ".join(f"{p.name}.grad = {fmt(p.grad)}" for p in _distinct(n.parents))
        return (f"backward_step on {formula(n)} ({values}, n.grad = {fmt(n.grad)}; "
                f"{before} before the call)")


def _distinct(nodes: tuple[Node, ...]) -> list[Node]:
    return list({id(x): x for x in nodes}.values())


STEP_CASES = (StepCase("+"), StepCase("*"), StepCase("tanh"), StepCase("+", twice=True),
              StepCase("*", twice=True))

STEP_MISTAKES: tuple[tuple[str, Sweep, str], ...] = (
    ("assign-not-add", Sweep(accumulate=False),
     "the rule replaced the parent's grad: a node used more than once collects one term per "
     "use, so the rule must add, `parent.grad += ...`, not assign `parent.grad = ...`."),
    ("set-parents", Sweep(dedupe=True),
     "{node} uses p twice, and p.grad got one term only: each entry of node.parents is one "
     "use, even when both are the same node (a loop over set(node.parents), or `if p is "
     "not q`, drops the second use)."),
    ("no-upstream", Sweep(upstream=False),
     "the local derivative is not multiplied by node.grad: the chain rule adds "
     "local · node.grad to each parent, not the local derivative alone."),
    ("mul-own-factor", Sweep(mul="own"),
     "the rule of `*` gives a parent its own value: ∂(p·q)/∂p is q, the *other* factor."),
    ("tanh-at-input", Sweep(tanh="input"),
     "the rule of tanh uses its input: ∂tanh(p)/∂p = 1 − t² with t = tanh(p), the node's "
     "own value (node.data), not 1 − p²."),
    ("tanh-not-derivative", Sweep(tanh="value"),
     "the rule of tanh multiplies by tanh itself; its derivative is 1 − t², with t = "
     "node.data."),
    ("tanh-twice", Sweep(tanh="twice"),
     "the rule of tanh applies tanh again: node.data already holds t = tanh(p), so the "
     "derivative is 1 − node.data², not 1 − tanh(node.data)²."),
)


def _state(nodes: list[Node]) -> list[tuple[float, tuple[int, ...], str]]:
    return [(n.data, tuple(id(p) for p in n.parents), n.op) for n in nodes]


def _structure(nodes: list[Node], before: list[tuple[float, tuple[int, ...], str]],
               what: str, where: str) -> None:
    """Structural mistakes: a changed value or graph, a grad that is not a number."""
    for node, (data, parents, op) in zip(nodes, before, strict=True):
        if node.data != data:
            raise Verdict("changed-data", f"{where}: {what} changed {node.name}.data "
                          f"({formula(node)}) from {fmt(data)} to {fmt(node.data)}. The "
                          "backward pass only writes .grad: .data holds the forward value "
                          "that the rules of the nodes around it still need (a rule such as "
                          "`node.data = 1 - node.data**2` destroys it).")
        if tuple(id(p) for p in node.parents) != parents or node.op != op:
            raise Verdict("changed-graph", f"{where}: {what} changed the graph itself "
                          f"({node.name}.parents or .op): the backward pass only writes .grad.")
    for node in nodes:
        g = node.grad
        if isinstance(g, bool) or not isinstance(g, Real) or isinstance(g, complex):
            kind = "a Node" if isinstance(g, Node) else f"{type(g).__name__} {short(g, 30)}"
            hint = (" (a rule that multiplies by the Node q instead of its number q.data "
                    "builds a new Node)" if isinstance(g, Node) else "")
            raise Verdict("grad-type", f"{where}: after {what}, {node.name}.grad is {kind}, "
                          f"not a number{hint}. A gradient is a float: local · node.grad.")
        if not math.isfinite(float(g)):
            raise Verdict("not-finite", f"{where}: after {what}, {node.name}.grad is {g}.")


def _right_step(case: StepCase) -> list[float]:
    n, parents = case.make()
    step(n)
    return [p.grad for p in parents]


def _check_steps(backward_step: StepFn) -> None:
    changed_any = False
    pending: Verdict | None = None
    for case in STEP_CASES:
        n, parents = case.make()
        nodes = [*parents, n]
        before, old = _state(nodes), [p.grad for p in parents]
        where = case.title(n)
        result = call(f"backward_step({n.name}) for {formula(n)}", backward_step, n)
        _structure(nodes, before, "backward_step", where)
        if n.grad != 0.5:
            raise Verdict("changed-node-grad", f"{where}: backward_step changed n.grad from "
                          f"0.5 to {fmt(n.grad)}. It passes n's gradient on to the parents "
                          "and leaves n.grad as it is: n.grad is ∂o/∂n, an answer too.")
        got = [p.grad for p in parents]
        if got == old:
            if result is not None:
                raise Verdict("returns-instead", f"{where}: backward_step returned "
                              f"{type(result).__name__} {short(result)} and changed no .grad. "
                              "Add to each parent's .grad (`parent.grad += ...`): the sweep "
                              "and the checker read .grad, not what the function returns.")
            if pending is None:
                pending = Verdict("missing-rule", f"{where}: backward_step changes no "
                                  f"gradient when node.op == {case.op!r}: the rule of "
                                  f"{case.op} is missing.")
            continue
        changed_any = True
        if pending is not None:
            break
        right = _right_step(case)
        if all(math.isclose(g, r, rel_tol=1e-12, abs_tol=1e-15) for g, r in zip(got, right,
                                                                               strict=True)):
            continue
        k = next(i for i, (g, r) in enumerate(zip(got, right, strict=True))
                 if not math.isclose(g, r, rel_tol=1e-12, abs_tol=1e-15))
        why = _explain_step(n, parents[k], old[k])
        message = (f"{where}: {parents[k].name}.grad is now {fmt(got[k])}, the right value "
                   f"is {fmt(right[k])} = {why}.")
        for code, how, hint in STEP_MISTAKES:
            m, ps = case.make()
            step(m, how)
            if all(math.isclose(g, p.grad, rel_tol=1e-12, abs_tol=1e-15)
                   for g, p in zip(got, ps, strict=True)):
                raise Verdict(code, f"{message} {sentence(hint.format(node=formula(n)))}")
        raise Verdict("wrong-rule", f"{message} Check the rule of {case.op}: add "
                      "(local derivative) × node.grad to each parent's grad, once per use.")
    if not changed_any:
        raise Verdict("not-written", "backward_step is not written yet (it changes no "
                      "gradient for +, * or tanh): replace the `...` by the three rules.")
    if pending is not None:
        raise pending


def _explain_step(n: Node, parent: Node, old: float) -> str:
    terms = [f"{factor(local)}·{factor(n.grad)}"
             for p, local in zip(n.parents, locals_of(n), strict=True) if p is parent]
    return f"{fmt(old)} + " + " + ".join(terms)


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

    def picture(got: list[float], moved: bool) -> Callable[[int], Any]:
        def make(i: int) -> Any:
            if draw is None or moved:
                return None
            return lambda: draw(graph, got, i)

        return make

    before = _state(nodes)
    result = call("backward(output)", backward, out)
    where = f"on {graph.title}"
    _structure(nodes, before, "backward", where)
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
    _compare(graph, nodes, result, backward, picture(got, False))

    # a second call on the same nodes, after the inputs moved: nothing may be left over
    first = got
    _move_inputs(out, nodes)
    before = _state(nodes)
    call("backward(output)", backward, out)
    where = f"on {graph.title}, second call (same nodes, a and b moved by 0.25)"
    _structure(nodes, before, "backward", where)
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
        _check_steps(backward_step)
        for graph in GRAPHS:
            _check_graph(graph, backward, draw)
        report.lines.append(
            f"backward_step: the rules of +, * and tanh, also on p + p and p·p. backward: "
            f"{len(GRAPHS)} graphs ({', '.join(g.about for g in GRAPHS)}): every node's "
            "gradient is exact, also on a second call.")

    return run("backward_step and backward", body, quiet,
               success=f"{PASS} backward_step and backward: right.")
