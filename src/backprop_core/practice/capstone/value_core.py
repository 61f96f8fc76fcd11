r"""Step 1 of the capstone: the reader's ``Value`` with ``+``, ``*`` and ``backward``.

The checker uses only what the exercise asks for: ``Value(x)``, ``.data``, ``.grad``, ``+``
and ``*`` (a number on the right as well) and ``backward()``; how the reader stores the
graph (parents and local derivatives, or a closure per node) is the reader's choice.

In this order, it stops at the first thing wrong:

1. ``Value(1.5)`` has ``.data`` 1.5 and ``.grad`` 0;
2. ``a + b``, ``a + 2``, ``a * b``, ``a * 2``, ``a + a``, each on its own: a new Value with
   the right ``.data``, inputs unchanged;
3. ``backward`` on o = a·b + a: written at all, ``o.grad`` seeded with 1, no ``.data``
   changed, gradients reaching the inputs;
4. every node's gradient on five graphs (a node used twice, ``a + a``, ``b · b``, a shared
   node reached along paths of different lengths, a chain of diamonds, a large offset),
   against the book's engine: the first node that differs, in the order of the sweep, with
   the mistake recognised (``=`` for ``+=``, no topological order, the wrong factor of
   ``*``, finite differences, ...);
5. ``backward`` called twice gives the same gradients: every node's ``grad`` is reset.
"""

from __future__ import annotations

from typing import Any

from ...formatting import fmt
from ..report import Report, Verdict, run
from .graphs import CORE_GRAPHS, EXACT, Graph
from .probe import (
    attempt,
    compare_graph,
    is_node,
    is_stub,
    number,
    result_node,
    run_backward,
    show,
)

SUCCESS = ("\u2714 Value: +, * and backward are right. On five graphs (a node used twice, "
           "a + a, b·b, a node reached along paths of different lengths, a chain of "
           "diamonds, a large offset) every node's gradient equals the book's engine to "
           "rounding, also on a second call.")

NO_RESET = ("a second call of backward on the same graph changes the gradients (∂o/∂{name} "
            "is {first}, then {again}): reset every node's grad to 0 at the start of backward, "
            "or the sweeps add up.")
NO_SEED = ("after backward, o.grad is {seed}: seed the sweep with self.grad = 1 (∂o/∂o = 1), "
           "after the reset (a reset after the seed undoes it).")


def check_construct(Value: Any) -> None:
    v = attempt("Value(1.5)", lambda: Value(1.5))
    if not is_node(v):
        raise Verdict("no-data", "Value(1.5) has no number .data and .grad: keep the "
                      "__init__ of the exercise (self.data, self.grad = 0.0, ...).")
    if v.data != 1.5 or v.grad != 0:
        raise Verdict("init", f"Value(1.5) has .data = {short_num(v.data)} and .grad = "
                      f"{short_num(v.grad)}: it should start with .data = 1.5 and .grad = 0.")


def short_num(x: Any) -> str:
    return fmt(x) if isinstance(x, int | float) else repr(x)


def check_operation(Value: Any, label: str, method: str, xs: tuple[float, ...],
                    apply: Any, number: float | None = None) -> Any:
    """Build ``apply`` on Values made from ``xs`` (and maybe a number); the result's data."""
    inputs = [Value(x) for x in xs]
    before = [node.data for node in inputs]
    out = result_node(label, method, attempt(label, lambda: apply(*inputs)), inputs, before)
    want = apply(*xs)
    if not abs(out.data - want) <= EXACT * max(1.0, abs(want)):
        raise Verdict("wrong-data", f"`{label}` with {_at(label, xs)} gives .data = "
                      f"{fmt(out.data, 6)}, expected {fmt(want, 6)}: check the forward rule of "
                      f"{method}.")
    return out


def _at(label: str, xs: tuple[float, ...]) -> str:
    names = [n for n in ("a", "b") if n in label][: len(xs)]
    return ", ".join(f"{n} = {fmt(x)}" for n, x in zip(names, xs, strict=True))


def check_backward_structure(Value: Any) -> None:
    """backward on o = a·b + a: written, seeded, data untouched, gradients reach the inputs."""
    a, b = Value(0.6), Value(-1.3)
    c = a * b
    o = c + a
    nodes = {"a": a, "b": b, "c": c, "o": o}
    data = {name: node.data for name, node in nodes.items()}
    if is_stub(getattr(type(o), "backward", None)):
        raise Verdict("not-written", "backward is not written yet (its body is only `...`: it "
                      "sets no gradient): replace the `...` by the reset, the seed and the "
                      "sweep.")
    attempt("o.backward()", o.backward)
    for name, node in nodes.items():
        if node.data != data[name]:
            raise Verdict("changed-data", f"backward changed {name}.data from "
                          f"{fmt(data[name])} to {fmt(node.data)}: backward sets only .grad.")
    if all(node.grad == 0 for node in nodes.values()):
        raise Verdict("no-seed", "on o = a·b + a, " + NO_SEED.format(seed=short_num(o.grad)))
    if o.grad != 1:
        raise Verdict("bad-seed", "on o = a·b + a, " + NO_SEED.format(seed=short_num(o.grad)))
    if a.grad == 0 and b.grad == 0:
        raise Verdict("no-sweep", "on o = a·b + a, backward seeds o.grad = 1 but no gradient "
                      "reaches a and b: visit the nodes in reverse topological order and add "
                      "local derivative × node.grad to each parent's grad.")


def graph_gradients(Value: Any, graph: Graph) -> dict[str, Any]:
    nodes = attempt(f"building {graph.title}", lambda: graph.nodes(Value))
    run_backward(graph.title, nodes["o"])
    return dict(nodes)


def check_reset(Value: Any, graph: Graph) -> None:
    """A second call gives the same numbers."""
    nodes = graph_gradients(Value, graph)
    first = {name: number(node.grad, f"{name}.grad after backward on {graph.title}")
             for name, node in nodes.items()}
    run_backward(graph.title, nodes["o"])
    again = {name: number(node.grad, f"{name}.grad after a second backward on {graph.title}")
             for name, node in nodes.items()}
    if any(abs(again[n] - first[n]) > EXACT * max(1.0, abs(first[n])) for n in first):
        name = next(n for n in [*graph.point, *first] if again[n] != first[n])
        raise Verdict("no-reset", f"on {graph.title}: " + NO_RESET.format(
            name=name, first=fmt(first[name], 6), again=fmt(again[name], 6)))


def check_value_core(Value: Any, *, quiet: bool = False) -> Report:
    """Check the reader's ``Value`` class: ``+``, ``*`` and ``backward``."""

    def body(report: Report) -> None:
        check_construct(Value)
        check_operation(Value, "a + b", "__add__", (2.0, -3.5), lambda a, b: a + b)
        check_operation(Value, "a * b", "__mul__", (2.0, -3.5), lambda a, b: a * b)
        check_operation(Value, "a + 2", "__add__", (0.5,), lambda a: a + 2)
        check_operation(Value, "a * 2", "__mul__", (0.5,), lambda a: a * 2)
        check_backward_structure(Value)
        for graph in CORE_GRAPHS:
            compare_graph(graph, graph_gradients(Value, graph))
        check_reset(Value, CORE_GRAPHS[0])

    return show(run("Value: +, * and backward", body, True, success=SUCCESS), quiet)
