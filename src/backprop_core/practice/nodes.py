"""The bare scalar node of the engine exercise, its topological order, and the graphs the
checker tries a reader's backward pass on.

Each graph exposes a classic mistake: a shared inner node (a rule that assigns instead of
adding, an order that is not topological), a node used twice by one operation (``a + a``,
``a·a``: a loop over ``set(node.parents)``), a diamond, a deep chain (upstream gradients far
from 1), and a graph whose output carries a large constant (finite differences lose their
digits there, backprop does not).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..formatting import fmt


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
        other = other if isinstance(other, Node) else Node(other, name=fmt(other))
        return Node(self.data + other.data, (self, other), "+")

    def __mul__(self, other: Node | float) -> Node:
        other = other if isinstance(other, Node) else Node(other, name=fmt(other))
        return Node(self.data * other.data, (self, other), "*")

    __radd__ = __add__
    __rmul__ = __mul__

    def tanh(self) -> Node:
        return Node(math.tanh(self.data), (self,), "tanh")

    def __repr__(self) -> str:
        label = f"{self.name}=" if self.name else ""
        grad = fmt(self.grad) if isinstance(self.grad, int | float) else repr(self.grad)
        return f"Node({label}{fmt(self.data)}, grad={grad}, op={self.op!r})"


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


def formula(node: Node) -> str:
    """``h = a·b``, ``t = tanh(h)``, or the name alone for an input."""
    names = [p.name or "?" for p in node.parents]
    if node.op == "+":
        return f"{node.name} = {names[0]} + {names[1]}"
    if node.op == "*":
        return f"{node.name} = {names[0]}·{names[1]}"
    if node.op == "tanh":
        return f"{node.name} = tanh({names[0]})"
    return node.name


def _named(node: Node, name: str) -> Node:
    node.name = name
    return node


# -- the graphs --------------------------------------------------------------------------


def _shared_inner(a: Node, b: Node) -> Node:
    h = _named(a * b, "h")
    t = _named(tanh(h), "t")
    u = _named(tanh(t), "u")
    s = _named(a + a, "s")
    p = _named(s * b, "p")
    q = _named(h + u, "q")
    return _named(q + p, "o")


def _used_twice(a: Node, b: Node) -> Node:
    s = _named(a * a, "s")
    r = _named(b + b, "r")
    m = _named(s * r, "m")
    t = _named(tanh(m), "t")
    return _named(t * a, "o")


def _diamond(a: Node, b: Node) -> Node:
    d = _named(tanh(a), "d")
    u = _named(d * b, "u")
    v = _named(d + b, "v")
    return _named(u * v, "o")


def _deep_chain(a: Node, b: Node) -> Node:
    x = a
    for i in range(1, 9):
        x = _named(tanh(_named(x * b, f"z{i}")), f"h{i}")
    return _named(x * a, "o")


def _large_constant(a: Node, b: Node) -> Node:
    t = _named(tanh(a), "t")
    m = _named(a * b, "m")
    n = _named(t * b, "n")
    s = _named(m + n, "s")
    return _named(s + Node(1e9, name="k"), "o")


@dataclass(frozen=True)
class Graph:
    """A test graph: its title, how to build it on two inputs, and their values."""

    title: str
    build: Callable[[Node, Node], Node]
    a: float
    b: float
    about: str = ""

    def make(self) -> Node:
        """A fresh copy of the graph (every grad 0); same node order on every call."""
        return self.build(Node(self.a, name="a"), Node(self.b, name="b"))


GRAPHS: tuple[Graph, ...] = (
    Graph("o = h + tanh(tanh(h)) + (a + a)·b, h = a·b", _shared_inner, 0.7, -1.2,
          "h is used by two nodes"),
    Graph("o = tanh((a·a)·(b + b))·a", _used_twice, 0.8, 0.6,
          "a·a and b + b use one node twice"),
    Graph("o = (d·b)·(d + b), d = tanh(a)", _diamond, 0.5, 1.4, "a diamond"),
    Graph("o = h8·a, h_i = tanh(h_(i−1)·b), h0 = a", _deep_chain, 0.9, 1.3,
          "a deep chain"),
    Graph("o = a·b + tanh(a)·b + k, k = 10⁹", _large_constant, 0.6, -0.9,
          "a large constant in o, where finite differences lose their digits"),
)
