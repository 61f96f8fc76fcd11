"""Reverse sweeps over a :class:`.nodes.Node` graph: the right one, and the usual wrong ones.

The checker runs each wrong sweep on a fresh copy of a test graph; when the reader's
gradients equal one of them, the reader made that mistake, and its hint says so in the
reader's terms.  :func:`magnitudes` gives, for each node, the sum over paths of the
absolute products of local derivatives: the size against which rounding is judged.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from ..errors import check_choice
from .nodes import Node, topological_order


@dataclass(frozen=True)
class Sweep:
    """How a sweep computes: every switch at its default is the right reverse sweep."""

    order: str = "topological"  # or "forward", "breadth-first", "pre-order", "recursive"
    accumulate: bool = True  # parent.grad += ... (False: =)
    seed: str = "one"  # or "zero", "value" (output.grad = output.data)
    upstream: bool = True  # local · node.grad (False: the local derivative alone)
    mul: str = "other"  # or "own": ∂(x·y)/∂x taken as x
    tanh: str = "output"  # 1 - t², or "input" (1 - x²), "value" (t), "twice" (1 - tanh(t)²)
    dedupe: bool = False  # loop over set(node.parents)
    skip: frozenset[str] = field(default_factory=frozenset)  # ops whose rule is missing
    absolute: bool = False  # |local| (for magnitudes)

    def __post_init__(self) -> None:
        check_choice(self.order, ("topological", "forward", "breadth-first", "pre-order",
                                  "recursive"), "order")
        check_choice(self.seed, ("one", "zero", "value"), "seed")
        check_choice(self.mul, ("other", "own"), "mul")
        check_choice(self.tanh, ("output", "input", "value", "twice"), "tanh")


def locals_of(node: Node, how: Sweep = Sweep()) -> list[float]:
    """The local derivatives ∂node/∂parent, one per entry of ``node.parents``."""
    if node.op == "+":
        out = [1.0, 1.0]
    elif node.op == "*":
        x, y = node.parents
        out = [y.data, x.data] if how.mul == "other" else [x.data, y.data]
    elif node.op == "tanh":
        (x,) = node.parents
        t = node.data
        out = [{"output": 1 - t * t, "input": 1 - x.data * x.data, "value": t,
                "twice": 1 - math.tanh(t) ** 2}[how.tanh]]
    else:
        out = []
    return [abs(v) for v in out] if how.absolute else out


def step(node: Node, how: Sweep = Sweep()) -> None:
    """One node's backward rule, with ``how``'s mistakes."""
    if node.op in how.skip or not node.parents:
        return
    up = node.grad if how.upstream else 1.0
    pairs = list(zip(node.parents, locals_of(node, how), strict=True))
    if how.dedupe:
        firsts: dict[int, tuple[Node, float]] = {}
        for parent, local in pairs:
            firsts.setdefault(id(parent), (parent, local))
        pairs = list(firsts.values())
    for parent, local in pairs:
        if how.accumulate:
            parent.grad += local * up
        else:
            parent.grad = local * up


def _visit_order(output: Node, order: str) -> list[Node]:
    topo = topological_order(output)
    if order == "topological":
        return topo[::-1]
    if order == "forward":
        return topo
    seen: set[int] = set()
    out: list[Node] = []
    if order == "breadth-first":
        queue = deque([output])
        seen.add(id(output))
        while queue:
            node = queue.popleft()
            out.append(node)
            for p in node.parents:
                if id(p) not in seen:
                    seen.add(id(p))
                    queue.append(p)
        return out
    # pre-order: each node once, as soon as a depth-first walk reaches it
    stack = [output]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        out.append(node)
        stack.extend(reversed(node.parents))
    return out


def sweep(output: Node, how: Sweep = Sweep(), *, reset: bool = True) -> None:
    """A reverse sweep over the graph of ``output`` (the right one by default)."""
    nodes = topological_order(output)
    if reset:
        for node in nodes:
            node.grad = 0.0
    output.grad = {"one": 1.0, "zero": 0.0, "value": output.data}[how.seed]
    if how.order == "recursive":
        def down(node: Node) -> None:
            step(node, how)
            for parent in node.parents:
                down(parent)

        down(output)
        return
    for node in _visit_order(output, how.order):
        step(node, how)


def magnitudes(output: Node) -> list[float]:
    """For each node of ``topological_order(output)``: Σ over paths of |∏ local|."""
    sweep(output, Sweep(absolute=True))
    return [n.grad for n in topological_order(output)]
