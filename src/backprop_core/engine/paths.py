"""The chain rule as a sum over paths, and how much work it is compared with reverse mode.

∂o/∂x = Σ over paths x → … → o of the product of the local derivatives along the path.
The sum equals what ``Value.backward`` computes, but the path view multiplies the same
edge derivatives again and again: on a chain of diamonds the paths double at every level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from backprop_core.engine.labels import Labels, factor
from backprop_core.engine.value import Scalar, Value, sigmoid, tanh, topological_order
from backprop_core.errors import ArgumentError, ArgumentTypeError, check_integer, describe
from backprop_core.formatting import fmt


@dataclass(frozen=True)
class Path:
    """One path source → … → output with the local derivative of each of its edges."""

    nodes: tuple[Value, ...]
    locals: tuple[float, ...]

    @property
    def product(self) -> float:
        """The path's contribution to ∂output/∂source: the product of its local derivatives."""
        return math.prod(self.locals)

    def __str__(self) -> str:
        names = Labels(self.nodes[-1])  # numbered in the graph of the path's output
        route = " → ".join(names[node] for node in self.nodes)
        factors = " · ".join(factor(x) for x in self.locals)  # "1 · (-0.24)"
        return f"{route}: {factors} = {fmt(self.product)}"


def _reaching(output: Value, source: Value) -> set[Value]:
    """The nodes of the graph that depend on ``source`` (source included)."""
    reach = {source}
    for node in topological_order(output):
        if any(parent in reach for parent in node.parents):
            reach.add(node)
    return reach


def _check_nodes(**nodes: object) -> None:
    for name, node in nodes.items():
        if not isinstance(node, Value):
            raise ArgumentTypeError(f"{name} must be a Value (a node of a graph), got "
                                    f"{describe(node)}")


def count_paths(output: Value, source: Value) -> int:
    """Number of distinct paths source → output, by dynamic programming (no enumeration)."""
    _check_nodes(output=output, source=source)
    return _path_counts(output, source)[0]


def _path_counts(output: Value, source: Value) -> tuple[int, int]:
    """(number of paths, total number of edges over all paths) from source to output."""
    n_paths = {source: 1}  # paths from source to node
    n_edges = {source: 0}  # edges summed over those paths
    for node in topological_order(output):
        if node is source:
            continue
        # every path to a parent, extended by the edge parent → node, is a path to node
        n_paths[node] = sum(n_paths.get(p, 0) for p in node.parents)
        n_edges[node] = sum(n_edges.get(p, 0) + n_paths.get(p, 0) for p in node.parents)
    return n_paths.get(output, 0), n_edges.get(output, 0)


def all_paths(output: Value, source: Value, limit: int = 100_000) -> list[Path]:
    """Every path source → output (an edge used twice, as in a·a, gives two paths).

    Raises ArgumentError (a ValueError) if there are more than ``limit`` paths: use
    ``count_paths`` then.
    """
    limit = check_integer(limit, "limit", minimum=0)
    total = count_paths(output, source)
    if total > limit:
        raise ArgumentError(
            f"{total} paths lead from {source.label} to {output.label}, more than limit={limit}; "
            "use count_paths or path_work, which count without listing them"
        )
    reach = _reaching(output, source)
    found: list[Path] = []
    # walk backwards from the output, only through nodes that depend on the source
    stack: list[tuple[Value, tuple[Value, ...], tuple[float, ...]]] = [(output, (output,), ())]
    while stack:
        node, nodes, locals_ = stack.pop()
        if node is source:
            found.append(Path(nodes, locals_))
            continue
        for parent, local in zip(node.parents, node.local_derivatives, strict=True):
            if parent in reach:
                stack.append((parent, (parent, *nodes), (local, *locals_)))
    found.reverse()  # the stack visits the last parent first; restore the parents' order
    return found


def sum_over_paths(output: Value, source: Value) -> float:
    """∂output/∂source as Σ over paths of the product of local derivatives."""
    return sum(path.product for path in all_paths(output, source))


@dataclass(frozen=True)
class PathWork:
    """Multiplications needed for ∂output/∂input of every input, both ways.

    Each way counts one multiplication per edge it traverses (local derivative × the
    derivative accumulated so far): the path view traverses every edge of every path, reverse
    mode traverses every edge of the graph once.
    """

    n_inputs: int
    n_paths: int
    path_multiplications: int
    reverse_multiplications: int

    @property
    def ratio(self) -> float:
        """How many times more multiplications the path view needs."""
        return self.path_multiplications / self.reverse_multiplications


def path_work(output: Value, inputs: list[Value]) -> PathWork:
    """Count the work of the sum-over-paths view against one reverse sweep."""
    _check_nodes(output=output)
    if isinstance(inputs, Value) or not isinstance(inputs, (list, tuple)):
        raise ArgumentTypeError(f"inputs must be a list of Values (the inputs x_i of "
                                f"∂output/∂x_i), got {describe(inputs)}")
    for i, node in enumerate(inputs):
        _check_nodes(**{f"inputs[{i}]": node})
    n_paths = path_mults = 0
    for source in inputs:
        count, n_edges = _path_counts(output, source)
        n_paths += count
        path_mults += n_edges
    reverse_mults = sum(len(node.parents) for node in topological_order(output))
    return PathWork(len(inputs), n_paths, path_mults, reverse_mults)


def diamond_nodes(x: Scalar, depth: int) -> Scalar:
    """x_depth of the diamond chain x_i = tanh(x_{i-1}) + σ(x_{i-1}), for a float, a Value or
    a Dual: the function that ``diamond_chain`` builds as a labelled graph."""
    depth = check_integer(depth, "depth", minimum=1)
    for _ in range(depth):
        x = tanh(x) + sigmoid(x)
    return x


def diamond_chain(depth: int, x: float = 0.5) -> tuple[Value, Value]:
    """A chain of ``depth`` diamonds: x_{i} = tanh(x_{i-1}) + σ(x_{i-1}), from x_0 = x.

    Each level splits into two branches that merge again, so 2^depth paths lead from
    x_0 to the output. Returns (x_0, x_depth).
    """
    depth = check_integer(depth, "depth", minimum=1)
    source = node = Value(x, "x0")
    for i in range(1, depth + 1):
        u = tanh(node)
        v = sigmoid(node)
        u.label, v.label = f"u{i}", f"v{i}"
        node = u + v
        node.label = f"x{i}"
    return source, node
