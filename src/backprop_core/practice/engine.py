r"""Exercise: the backward rules and the reverse sweep of a tiny scalar engine.

:class:`Node` is a bare micrograd-style node: ``data``, ``grad``, its ``parents`` and the
``op`` that made it (``"+"``, ``"*"``, ``"tanh"``; ``""`` for an input).  The reader
writes two functions:

* ``backward_step(node)``: the backward rule of ``node.op``, adding ``local · node.grad``
  to each parent's ``grad`` (``+=``: a node used twice gets one term per use);
* ``backward(output)``: reset every ``grad`` to 0, set ``output.grad = 1`` and call
  ``backward_step`` on every node in **reverse** topological order.

The checker runs them on small graphs whose nodes are used several times, compares every
input's gradient with finite differences, and recognises the usual mistakes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ..checks.gradcheck import check_gradient
from ..formatting import fmt
from .report import Report, Verdict, call, run


class Node:
    """A scalar in a graph: ``data`` (forward value), ``grad`` (∂output/∂node after backward)."""

    def __init__(self, data: float, parents: tuple[Node, ...] = (), op: str = "",
                 name: str = "") -> None:
        self.data = float(data)
        self.grad = 0.0
        self.parents = parents
        self.op = op
        self.name = name

    def __add__(self, other: Node | float) -> Node:
        other = other if isinstance(other, Node) else Node(other)
        return Node(self.data + other.data, (self, other), "+")

    def __mul__(self, other: Node | float) -> Node:
        other = other if isinstance(other, Node) else Node(other)
        return Node(self.data * other.data, (self, other), "*")

    __radd__ = __add__
    __rmul__ = __mul__

    def tanh(self) -> Node:
        return Node(math.tanh(self.data), (self,), "tanh")

    def __repr__(self) -> str:
        label = f"{self.name}=" if self.name else ""
        return f"Node({label}{self.data:.4g}, grad={self.grad:.4g}, op={self.op!r})"


def tanh(x: Any) -> Any:
    """tanh of a float or a Node."""
    return x.tanh() if isinstance(x, Node) else math.tanh(x)


def topological_order(output: Node) -> list[Node]:
    """Every node of ``output``'s graph, each after its parents (output last)."""
    order: list[Node] = []
    seen: set[int] = set()

    def visit(node: Node) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        for parent in node.parents:
            visit(parent)
        order.append(node)

    visit(output)
    return order


# -- the test graphs: one Python function, run on floats (finite differences) or Nodes ------

def _graph_shared(a: Any, b: Any) -> Any:
    """o = tanh(a·b + a)·a: a is used three times."""
    return tanh(a * b + a) * a


def _graph_square(a: Any, b: Any) -> Any:
    """o = (a·a + b)·b: a node multiplied by itself, b used twice."""
    return (a * a + b) * b


def _graph_chain(a: Any, b: Any) -> Any:
    """o = tanh(tanh(a·b)·3)·2: a chain in which every upstream gradient differs from 1."""
    return tanh(tanh(a * b) * 3.0) * 2.0


GRAPHS: list[tuple[str, Callable[[Any, Any], Any], tuple[float, float]]] = [
    ("tanh(a·b + a)·a", _graph_shared, (0.6, -1.3)),
    ("(a·a + b)·b", _graph_square, (1.5, 0.7)),
    ("tanh(tanh(a·b)·3)·2", _graph_chain, (0.4, 0.9)),
]


def _reference(output: Node, *, accumulate: bool = True, reverse: bool = True,
               seed: float = 1.0, chain: bool = True, mul: str = "other",
               tanh_at: str = "output") -> None:
    """A reverse sweep with switchable mistakes, to recognise the reader's."""
    order = topological_order(output)
    for node in order:
        node.grad = 0.0
    output.grad = seed
    for node in reversed(order) if reverse else order:
        up = node.grad if chain else 1.0
        if node.op == "+":
            locals_ = [1.0, 1.0]
        elif node.op == "*":
            x, y = node.parents
            locals_ = [y.data, x.data] if mul == "other" else [x.data, y.data]
        elif node.op == "tanh":
            (x,) = node.parents
            t = {"output": node.data, "input": x.data, "value": math.tanh(node.data)}[tanh_at]
            locals_ = [1 - t * t] if tanh_at != "value" else [node.data]
        else:
            continue
        for parent, local in zip(node.parents, locals_, strict=True):
            if accumulate:
                parent.grad += local * up
            else:
                parent.grad = local * up


MISTAKES: list[tuple[str, dict[str, Any], str]] = [
    ("assign-not-add", {"accumulate": False},
     "a node used twice loses a path: the rule assigns `parent.grad = ...` where it must add, "
     "`parent.grad += ...` (one term per use: the sum over paths)."),
    ("forward-order", {"reverse": False},
     "a node passes its gradient on before its children have added theirs: visit the nodes "
     "in reversed(topological_order(output))."),
    ("no-seed", {"seed": 0.0},
     "every gradient is 0: start the sweep with output.grad = 1 (∂o/∂o = 1)."),
    ("no-upstream", {"chain": False},
     "the local derivative is not multiplied by node.grad: the chain rule adds "
     "local · node.grad to each parent, not the local derivative alone."),
    ("mul-own-factor", {"mul": "self"},
     "the rule of `*` gives a parent its own value: ∂(x·y)/∂x is y, the *other* factor."),
    ("tanh-at-input", {"tanh_at": "input"},
     "the rule of tanh uses its input: ∂tanh(x)/∂x = 1 − t² with t = tanh(x), the node's own "
     "value (node.data), not 1 − x²."),
    ("tanh-not-derivative", {"tanh_at": "value"},
     "the rule of tanh multiplies by tanh itself; its derivative is 1 − t², with t = node.data."),
]


def _leaf_grads(f: Callable[[Any, Any], Any], point: tuple[float, float],
                sweep: Callable[[Node], None]) -> tuple[list[float], Node]:
    a, b = Node(point[0], name="a"), Node(point[1], name="b")
    out = f(a, b)
    sweep(out)
    return [a.grad, b.grad], out


def _on_floats(f: Callable[[Any, Any], Any]) -> Callable[[Any], float]:
    return lambda x: float(f(*x))


def _mistaken(switches: dict[str, Any]) -> Callable[[Node], None]:
    return lambda output: _reference(output, **switches)


def _close(xs: list[float], ys: list[float]) -> bool:
    return all(math.isclose(x, y, rel_tol=1e-7, abs_tol=1e-9) for x, y in zip(xs, ys,
                                                                               strict=True))


def check_engine(backward_step: Callable[[Node], Any], backward: Callable[[Node], Any], *,
                 quiet: bool = False) -> Report:
    """Check the reader's ``backward_step(node)`` and ``backward(output)`` on three graphs."""

    def sweep(out: Node) -> None:
        call("backward(output)", backward, out)

    def body(report: Report) -> None:
        probe = Node(1.0) * Node(2.0)
        probe.grad = 1.0
        call("backward_step(node)", backward_step, probe)
        if probe.parents[0].grad == 0.0 and probe.parents[1].grad == 0.0:
            raise Verdict("not-written", "backward_step is not written yet (it changes no "
                          "gradient): replace the `...` by the rules of +, * and tanh.")
        # a sweep that is not written leaves every grad as it was (here a marker, 0.5)
        marked = _graph_shared(Node(0.6), Node(-1.3))
        for node in topological_order(marked):
            node.grad = 0.5
        sweep(marked)
        if all(node.grad == 0.5 for node in topological_order(marked)):
            raise Verdict("not-written", "backward changes no gradient: replace the `...` "
                          "by the reverse sweep.")
        for title, f, point in GRAPHS:
            grads, out = _leaf_grads(f, point, sweep)
            numeric = check_gradient(_on_floats(f), list(point), grads)
            if not numeric.ok:
                for code, switches, hint in MISTAKES:
                    wrong, _ = _leaf_grads(f, point, _mistaken(switches))
                    if _close(grads, wrong):
                        raise Verdict(code, f"on o = {title}: {hint}")
                w = numeric.worst
                which = "ab"[w.index[0]]
                raise Verdict("gradcheck", f"on o = {title}: ∂o/∂{which} is {fmt(w.analytic)}, "
                              f"finite differences give {fmt(w.numeric)}.")
            # a second sweep on the same graph must give the same gradients
            sweep(out)
            a_b = [n for n in topological_order(out) if n.name in ("a", "b")]
            again = [n.grad for n in sorted(a_b, key=lambda n: n.name)]
            if not _close(again, grads):
                factor = again[0] / grads[0] if grads[0] else float("nan")
                raise Verdict("no-reset", f"on o = {title}: a second call of backward gives "
                              f"{fmt(factor)} times the gradients: reset every node's grad "
                              "to 0 at the start of backward, or the sweeps add up.")
        report.lines.append("three graphs with shared nodes: every ∂o/∂a and ∂o/∂b agrees "
                            "with finite differences, also on a second call.")

    return run("backward_step and backward", body, quiet)
