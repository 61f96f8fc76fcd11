"""The picture a failed engine check offers: the reader's backward pass on the test graph,
next to the right one, the first wrong node's outgoing edges marked (``result.picture()``).

Drawn with :func:`backprop_core.figures.drawings.draw_graph` (pure matplotlib, so it works
in JupyterLab and in the website's in-browser Python alike) on a copy of the graph built
of :class:`~backprop_core.engine.value.Value` nodes.
"""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from ..engine.value import Value
from ..figures.drawings import draw_graph, graph_layout
from ..formatting import fmt
from .nodes import Graph, Node, topological_order


def value_graph(graph: Graph) -> tuple[Value, list[Value]]:
    """The graph as Values (same names and values), and its nodes in the order of
    ``topological_order(graph.make())``."""
    out = graph.make()
    made: dict[int, Value] = {}
    nodes: list[Node] = topological_order(out)
    for node in nodes:
        parents = [made[id(p)] for p in node.parents]
        if node.op == "+":
            value = parents[0] + parents[1]
        elif node.op == "*":
            value = parents[0] * parents[1]
        elif node.op == "tanh":
            value = parents[0].tanh()
        else:
            value = Value(node.data, node.name)
        value.label = node.name
        made[id(node)] = value
    return made[id(out)], [made[id(n)] for n in nodes]


class Picture:
    """A figure that shows itself as the value of a cell, once, in JupyterLab and on the
    site alike (both read ``_repr_png_``); ``figure`` is the matplotlib Figure."""

    def __init__(self, figure: Figure) -> None:
        self.figure = figure

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()

    def __repr__(self) -> str:
        return f"<your backward pass next to the right one: {self.figure.get_suptitle()}>"


def draw_attempt(graph: Graph, grads: list[float], index: int) -> Picture:
    """Two panels: the reader's gradients (``grads``, one per node in topological order)
    with node ``index`` — the first wrong one from the output — and the edges to the nodes
    that use it marked, and the right gradients below."""
    out, values = value_graph(graph)
    out.backward()
    right = values[index].grad
    layout = graph_layout(out)
    width = 2.4 * (max(x for x, _ in layout.values()) - min(x for x, _ in layout.values())) + 2.6
    height = 1.55 * (max(y for _, y in layout.values()) - min(y for _, y in layout.values())) + 2.2
    fig, (mine, theirs) = plt.subplots(2, 1, figsize=(width, 2 * height))
    name = values[index].label
    draw_graph(out, ax=mine, grads=dict(zip(values, grads, strict=True)), marked=[values[index]],
               legend=False, title=f"your backward pass: ∂o/∂{name} = {fmt(grads[index])}, and "
               f"the edges from {name} (dashed) are where it goes wrong")
    draw_graph(out, ax=theirs, legend=False, highlight=[values[index]],
               title=f"the right one: ∂o/∂{name} = {fmt(right)}")
    fig.suptitle(graph.title)
    fig.tight_layout()
    plt.close(fig)  # shown once, as the cell's value (not again as an open pyplot figure)
    return Picture(fig)
