"""The book's example graphs: the graph of source 001 and the chapter's exercise graph.

Each comes twice: ``*_nodes`` is generic (floats give numbers, Values a graph, Duals
tangents) and ``*_graph`` is the labelled graph with its gradients.
"""

from __future__ import annotations

from backprop_core.engine.value import Scalar, Value, check_scalar
from backprop_core.errors import check_result


def example_nodes(a: Scalar, b: Scalar) -> dict[str, Scalar]:
    """The graph of source 001: c = a + b, d = a·b, o = ½·c·d (as cd = c·d, o = cd/2).

    Generic: with floats it computes numbers, with Values a graph, with Duals tangents.
    """
    a, b = check_scalar(a, "a"), check_scalar(b, "b")
    c = a + b
    d = a * b
    cd = c * d  # ½·c·d is two elementary operations: a product, then a halving
    o = cd / 2
    return _finite({"a": a, "b": b, "c": c, "d": d, "cd": cd, "o": o})


def example_graph(a: float = 2.0, b: float = 3.0) -> dict[str, Value]:
    """The labelled graph of ``example_nodes`` with gradients computed by ``o.backward()``.

    At a = 2, b = 3: o = 15, ∂o/∂a = 10.5, ∂o/∂b = 8, ∂o/∂c = 3, ∂o/∂d = 2.5.
    """
    return _labelled(example_nodes(Value(a, "a"), Value(b, "b")), "o")


def exercise_nodes(a: Scalar, b: Scalar) -> dict[str, Scalar]:
    """The exercise graph e = (a + b)·(b + 1), as c = a + b, d = b + 1, e = c·d (generic)."""
    a, b = check_scalar(a, "a"), check_scalar(b, "b")
    c = a + b
    d = b + 1
    e = c * d
    return _finite({"a": a, "b": b, "c": c, "d": d, "e": e})


def exercise_graph(a: float = 2.0, b: float = 1.0) -> dict[str, Value]:
    """The labelled exercise graph with gradients: ∂e/∂a = b + 1, ∂e/∂b = a + 2b + 1."""
    return _labelled(exercise_nodes(Value(a, "a"), Value(b, "b")), "e")


def _finite(nodes: dict[str, Scalar]) -> dict[str, Scalar]:
    """The nodes, after checking that float arithmetic did not overflow (a Value or a Dual
    checks each of its operations itself)."""
    for name, node in nodes.items():
        if isinstance(node, float):
            check_result(node, name, " (from the finite inputs a and b)")
    return nodes


def _labelled(nodes: dict[str, Value], output: str) -> dict[str, Value]:
    """Name every node by its key and run backward from ``output``."""
    for name, node in nodes.items():
        node.label = name
    nodes[output].backward()
    return nodes
