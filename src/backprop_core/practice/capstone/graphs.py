r"""The graphs the Value checkers build, and how a reader's gradients are compared.

A test graph is one Python function of its inputs that returns its named nodes; run on the
reader's Value class it gives the reader's graph, run on the book's engine
(:class:`backprop_core.engine.value.Value`, an independent implementation) the right one,
run on floats the numbers that finite differences need. The graphs are chosen to expose the
classic mistakes of a reverse sweep: a node used twice (``a + a``, ``a · a``), a shared
inner node reached along paths of different lengths (a node visited too early), a chain of
diamonds (a sweep that revisits nodes), and a large offset (finite differences lose their
digits there, backprop does not).

``simulate`` runs the reverse sweep with one known mistake switched on, over the right
graph, so that a reader's wrong numbers can be recognised: if they equal what "``=`` instead
of ``+=``" gives, that is very likely what the reader wrote.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...engine.formulas import topological_order
from ...engine.value import Value as BookValue
from ...errors import check_choice
from ...formatting import fmt

Nodes = dict[str, Any]

# Backprop is exact up to rounding: the reader's sweep and the book's differ by a few units
# in the last place (another order of the same additions). Finite differences cannot get
# closer than about 1e-11 (centred, at the best step), so 1e-12 tells them apart.
EXACT = 1e-12


def tanh(x: Any) -> Any:
    """tanh of a float or of a node (``x.tanh()``)."""
    return math.tanh(x) if isinstance(x, int | float) else x.tanh()


def exp(x: Any) -> Any:
    return math.exp(x) if isinstance(x, int | float) else x.exp()


def relu(x: Any) -> Any:
    return max(0.0, x) if isinstance(x, int | float) else x.relu()


@dataclass(frozen=True)
class Graph:
    """``title`` as the reader reads it, ``build(**inputs)`` -> named nodes (output "o" last),
    and the point the inputs take."""

    title: str
    build: Callable[..., Nodes]
    point: dict[str, float]

    def at(self) -> str:
        return ", ".join(f"{name} = {fmt(x)}" for name, x in self.point.items())

    def nodes(self, make: Callable[[float], Any]) -> Nodes:
        """Every named node, inputs first, built with ``make`` for the inputs."""
        inputs = {name: make(x) for name, x in self.point.items()}
        return {**inputs, **self.build(**inputs)}


# -- graphs of + and * only (the core of step 1) ----------------------------------------------

def _shared(a: Any, b: Any) -> Nodes:
    c = a * b
    return {"c": c, "o": c + a}


def _twice(a: Any, b: Any) -> Nodes:
    s = a + a  # one node, both parents the same
    q = b * b
    return {"s": s, "q": q, "o": s * q}


def _uneven(a: Any, b: Any) -> Nodes:
    # c reaches o directly and through e and f: a sweep that does not wait for all of c's
    # children gives c too early to its parents
    c = a * b
    e = c * 2
    f = e * 3 + b
    return {"c": c, "e": e, "f": f, "o": f + c}


def _diamonds(a: Any) -> Nodes:
    nodes: Nodes = {}
    d = a
    for i in range(1, 9):  # 2^8 paths from a to o
        left = d * 0.5 + 0.3
        right = d * d
        d = left * right + 0.2
        nodes[f"d{i}"] = d
    nodes["o"] = d * 1.0
    return nodes


def _offset(a: Any, b: Any) -> Nodes:
    c = a * b
    return {"c": c, "o": c + 1e6}


CORE_GRAPHS = [
    Graph("o = a·b + a", _shared, {"a": 0.6, "b": -1.3}),
    Graph("o = (a + a)·(b·b)", _twice, {"a": 1.5, "b": 0.7}),
    Graph("o = (a·b·2·3 + b) + a·b", _uneven, {"a": 0.8, "b": -0.6}),
    Graph("a chain of 8 diamonds, d ← (d/2 + 0.3)·d² + 0.2", _diamonds, {"a": 0.9}),
    Graph("o = a·b + 10⁶", _offset, {"a": 1.7, "b": -0.4}),
]


# -- graphs with every operation (step 2) ------------------------------------------------------

def _neuron(w1: Any, w2: Any, b: Any) -> Nodes:
    z = w1 * 0.5 + w2 * -1.5 + b
    a = tanh(z)
    e = a - 1
    return {"z": z, "a": a, "e": e, "o": e**2 * 0.5}


def _cancel(a: Any, b: Any) -> Nodes:
    s = a - a  # 0, and its gradient with respect to a is 1 - 1 = 0
    q = b / b
    return {"s": s, "q": q, "o": s + q * a + 2 - a}


def _mixed(a: Any, b: Any) -> Nodes:
    c = tanh(a * b)
    d = c * b - c / 2
    e = exp(d) + d**2
    return {"c": c, "d": d, "e": e, "o": relu(e) / (1 + a * a)}


def _deep(a: Any) -> Nodes:
    nodes: Nodes = {}
    t = a
    for i in range(1, 41):
        t = tanh(t * 1.3 + 0.2) * 2 - 0.3
        nodes[f"t{i}"] = t
    nodes["d"] = d = t + 3
    nodes["o"] = 1 / d
    return nodes


OPS_GRAPHS = [
    Graph("o = ½(tanh(0.5·w1 − 1.5·w2 + b) − 1)²", _neuron,
          {"w1": 0.3, "w2": -0.4, "b": 0.1}),
    Graph("o = (a − a) + (b/b)·a + 2 − a", _cancel, {"a": 1.3, "b": -0.7}),
    Graph("o = relu(e^d + d²)/(1 + a²), d = c·b − c/2, c = tanh(a·b)", _mixed,
          {"a": 0.7, "b": 1.2}),
    Graph("a chain of 40 tanh, t ← 2·tanh(1.3·t + 0.2) − 0.3, o = 1/d, d = t + 3", _deep,
          {"a": 0.25}),
]


# -- the right gradients, and those of a known mistake -----------------------------------------

def right(graph: Graph) -> Nodes:
    """The graph on the book's engine, after ``backward``."""
    nodes = graph.nodes(BookValue)
    nodes["o"].backward()
    return nodes


def backward_order(nodes: Nodes) -> list[str]:
    """The named nodes in the order a reverse sweep reaches them (output first)."""
    where = {id(node): name for name, node in nodes.items()}
    return [where[id(n)] for n in reversed(topological_order(nodes["o"])) if id(n) in where]


def children_ops(nodes: Nodes, name: str) -> list[str]:
    """The operations that use node ``name`` (its children's ops), e.g. ['*', 'tanh']."""
    target = nodes[name]
    return sorted({n.op for n in topological_order(nodes["o"])
                   if any(p is target for p in n.parents)})


def simulate(graph: Graph, *, accumulate: bool = True, order: str = "reverse",
             seed: float = 1.0, chain: bool = True, mul: str = "other") -> dict[str, float]:
    """Gradients of the named nodes from a reverse sweep with a mistake switched on.

    ``order``: "reverse" (right), "forward" (topological, not reversed), "breadth" (breadth
    first from the output, each node once), "recursive" (each node hands its gradient to
    its parents, then recurses into each: no order, a node is swept once per path) or
    "depth" (the same, recursing into each parent as soon as it has been handed the
    gradient).
    """
    check_choice(order, ("reverse", "forward", "breadth", "recursive", "depth"), "order")
    check_choice(mul, ("other", "own"), "mul")
    nodes = graph.nodes(BookValue)
    out = nodes["o"]
    topo = topological_order(out)
    for node in topo:
        node.grad = 0.0
    out.grad = seed

    def step(node: Any) -> None:
        up = node.grad if chain else 1.0
        locals_ = list(node.local_derivatives)
        if node.op == "*" and mul == "own":
            locals_ = [p.data for p in node.parents]
        for parent, local in zip(node.parents, locals_, strict=True):
            parent.grad = parent.grad + local * up if accumulate else local * up

    if order == "recursive":
        def push(node: Any) -> None:
            step(node)
            for parent in node.parents:
                push(parent)

        push(out)
    elif order == "depth":
        def hand_down(node: Any) -> None:
            for parent, local in zip(node.parents, node.local_derivatives, strict=True):
                parent.grad += local * node.grad
                hand_down(parent)

        hand_down(out)
    else:
        sequence = {"reverse": list(reversed(topo)), "forward": topo,
                    "breadth": _breadth_first(out)}[order]
        for node in sequence:
            step(node)
    return {name: node.grad for name, node in nodes.items()}


def _breadth_first(output: Any) -> list[Any]:
    seen, queue, order = {id(output)}, [output], []
    while queue:
        node = queue.pop(0)
        order.append(node)
        for parent in node.parents:
            if id(parent) not in seen:
                seen.add(id(parent))
                queue.append(parent)
    return order


def close(x: float, y: float, scale: float, tol: float = EXACT) -> bool:
    """|x - y| ≤ tol · max(|y|, scale): relative, with a floor at the graph's ``scale``."""
    return abs(x - y) <= tol * max(abs(y), scale)


def scale_of(grads: dict[str, float]) -> float:
    """A thousandth of the largest gradient of a graph (the floor of ``close``)."""
    return 1e-3 * max([abs(g) for g in grads.values()] + [1e-300])

