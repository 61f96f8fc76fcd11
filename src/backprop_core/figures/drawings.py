"""Pictures of computational graphs and networks (matplotlib), in the style of cs231n's
"circuits": each node shows its value above it and its gradient ∂o/∂node below it, and
each edge carries its local derivative.

The figures are drawn for a light background; the site shows figures on a light card in
its dark theme too, so one palette serves both: ``backprop_core.figures.palette``, shared with the
players and the charts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch
from matplotlib.text import Text

from backprop_core.engine.labels import Labels
from backprop_core.engine.value import Value, topological_order
from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    check_instance,
    check_instances,
    check_rate,
    check_real,
    check_result,
    check_sizes,
    describe,
)
from backprop_core.figures import palette
from backprop_core.figures.edge_labels import Box, place, spots
from backprop_core.figures.label_room import clear_edges
from backprop_core.figures.legibility import COLUMN_WIDTH_IN, POINTS_PER_INCH
from backprop_core.formatting import fmt, shown_width

Layout = dict[Value, tuple[float, float]]
BEND = 0.5  # how far apart the edges of a node used twice by one operation are bent
_LABEL_PT = 10  # the value and gradient labels of a graph's nodes
_LABEL_EM_IN = 0.6 * _LABEL_PT / 72  # about how wide one character of such a label is
_PAD_IN = 0.6  # what tight_layout keeps around a graph's axes, in inches

# A figure of its own is at most as wide as the website's text column, so it shows at 1:1
# and its 9 pt labels render at 12.5 CSS px (legibility.py).
MAX_WIDTH_IN = COLUMN_WIDTH_IN  # (legibility: the column less what bbox="tight" may add)
MAX_DRAWN = 32  # neurons draw_network draws in one layer (more would not be legible)


def column_figsize(width: float, height: float) -> tuple[float, float]:
    """(width, height) in inches, scaled down together to at most ``MAX_WIDTH_IN`` wide."""
    width, height = check_rate(width, "width"), check_rate(height, "height")
    shrink = min(1.0, MAX_WIDTH_IN / width)
    return width * shrink, height * shrink


def graph_layout(output: Value) -> Layout:
    """Positions (x, y) for every node: x = the node's depth (longest path from an input),
    y = its rank inside that column, centred around 0 (inputs on the left, output right)."""
    order = topological_order(output)
    depth: dict[Value, int] = {}
    for node in order:  # parents come first, so their depths are known
        depth[node] = 1 + max((depth[p] for p in node.parents), default=-1)
    columns: dict[int, list[Value]] = {}
    for node in order:
        columns.setdefault(depth[node], []).append(node)
    layout: Layout = {}
    for x, nodes in columns.items():
        for rank, node in enumerate(nodes):
            layout[node] = (float(x), (len(nodes) - 1) / 2.0 - rank)
    return layout


@dataclass(frozen=True)
class PictureEdge:
    """An edge as the pictures draw it: a node used twice by one operation (a·a) has two
    edges into it, each with its own local derivative (∂(a·a)/∂a = a along each), bent
    apart by ``bend`` (a fraction of their length, 0 for a straight edge)."""

    parent: Value
    child: Value
    local: float
    index: int  # position of the parent among the child's parents
    bend: float

    @property
    def key(self) -> tuple[int, int, int]:
        return (id(self.parent), id(self.child), self.index)


def picture_edges(output: Value) -> list[PictureEdge]:
    """Every edge of the graph of ``output`` (children in topological order), the edges of
    a pair parent → child used more than once bent apart so that each shows its number."""
    out = []
    for child in topological_order(output):
        uses: dict[int, int] = {}
        for parent in child.parents:
            uses[id(parent)] = uses.get(id(parent), 0) + 1
        seen: dict[int, int] = {}
        for i, (parent, local) in enumerate(zip(child.parents, child.local_derivatives,
                                                strict=True)):
            m, k = uses[id(parent)], seen.get(id(parent), 0)
            seen[id(parent)] = k + 1
            out.append(PictureEdge(parent, child, local, i, 0.0 if m == 1 else
                                   BEND * (k - (m - 1) / 2)))
    return out


def bend_point(x0: float, y0: float, x1: float, y1: float, bend: float
               ) -> tuple[float, float]:
    """The control point of an edge bent by ``bend`` (matplotlib's ``arc3``): the middle
    of the edge moved sideways by ``bend`` times its length."""
    bend = check_real(bend, "bend")
    point = (x0 + x1) / 2 + bend * (y1 - y0), (y0 + y1) / 2 - bend * (x1 - x0)
    for coordinate in point:
        check_result(coordinate, "the bent edge's control point", f" (bend = {bend:g})")
    return point


def along(x0: float, y0: float, x1: float, y1: float, bend: float, t: float
          ) -> tuple[float, float]:
    """The point at ``t`` (0 at the parent, 1 at the child) of an edge bent by ``bend``."""
    t = check_real(t, "t")
    if not 0.0 <= t <= 1.0:
        raise ArgumentError(f"t must be from 0 (the parent) to 1 (the child), got {t:g}")
    if bend == 0:
        return x0 + t * (x1 - x0), y0 + t * (y1 - y0)
    cx, cy = bend_point(x0, y0, x1, y1, bend)
    s = 1 - t
    return s * s * x0 + 2 * s * t * cx + t * t * x1, s * s * y0 + 2 * s * t * cy + t * t * y1


def draw_graph(
    output: Value,
    *,
    show_values: bool = True,
    show_grads: bool = True,
    show_local: bool = True,
    highlight: Sequence[Value] = (),
    title: str | None = None,
    ax: Axes | None = None,
    output_name: str | None = None,
    legend: bool = True,
    grads: Mapping[Value, float] | None = None,
    marked: Sequence[Value] = (),
) -> Figure:
    """Draw the graph of ``output``: value above each node, ∂o/∂node below it, local
    derivative ∂child/∂parent on each edge. Runs ``output.backward()`` when gradients are
    shown, so they are never stale, unless ``grads`` gives the gradients to show (a
    reader's backward pass, say); ``marked`` nodes have their gradient and the edges to
    the nodes that use them drawn as wrong (dashed, ``palette.WRONG``).

    ``highlight`` is a path (a sequence of nodes, input first) to draw in green, e.g. one of
    the paths of ``backprop_core.engine.paths``. ``output_name`` names the output in the gradient
    labels (default: the output's label). With several panels (``ax=``), pass
    ``legend=False`` to all but one call: the legend belongs to the figure.
    """
    output = check_instance(output, Value, "output")
    highlight = check_instances(highlight, Value, "highlight")
    marked = check_instances(marked, Value, "marked")
    if show_grads and grads is None:
        output.backward()
    grad_of = grads if grads is not None else {n: n.grad for n in topological_order(output)}
    wrong = {id(n) for n in marked}
    layout = graph_layout(output)
    xs = [p[0] for p in layout.values()]
    ys = [p[1] for p in layout.values()]
    names = Labels(output)
    o_name = output_name or names.grouped(output)
    value_text = {node: f"{names[node]} = {fmt(node.data)}" for node in layout}
    grad_text = {node: f"∂{o_name}/∂{names.grouped(node)} = {fmt(grad_of[node])}"
                 + (" \u2718" if id(node) in wrong else "") for node in layout}
    scale_x, scale_y, radius = 2.4, 1.55, 0.32
    # Labels wider than the pitch of the columns would print over their neighbours': then
    # every other column's labels sit one line further out (as in the player), and the rows
    # move apart to make room.
    data_width = scale_x * (max(xs) - min(xs)) + 2.2  # the x-limits set below
    if ax is None:
        axes_in = column_figsize(data_width + 0.4, 1.0)[0] - _PAD_IN
    else:  # tight_layout gives the axes about the figure's width, shared by its columns
        spec = ax.get_subplotspec()
        columns = spec.get_gridspec().ncols if spec is not None else 1
        axes_in = (ax.get_figure().get_figwidth() - _PAD_IN) / columns  # type: ignore[union-attr]
    in_per_unit = axes_in / data_width
    text_line = 1.5 * _LABEL_PT / 72 / in_per_unit  # one line of labels, in data units
    shown = [texts for texts, on in ((value_text, show_values), (grad_text, show_grads)) if on]
    line = text_line if _labels_meet(layout, shown, scale_x * in_per_unit) else 0.0
    # between two rows: the labels below the upper node and above the lower one, each
    # staggered ones a line further out (nothing in between when labels are off)
    # (and a line more where they are staggered: room for a label broken in two lines)
    between = (show_values + show_grads) * (text_line + line) + line
    scale_y = max(scale_y, 2 * radius + 0.2 + between)
    if ax is None:  # tall enough that the width, not the height, sets the scale
        data_height = scale_y * (max(ys) - min(ys)) + 1.9 + 2 * line  # the y-limits below
        margins_in = 0.25 + (0.4 if title else 0.0) + (0.3 if legend else 0.0)
        fig, ax = plt.subplots(figsize=(axes_in + _PAD_IN, data_height * in_per_unit + margins_in))
    else:
        fig = ax.get_figure()  # type: ignore[assignment]
    assert isinstance(fig, Figure)
    pos = {node: (x * scale_x, y * scale_y) for node, (x, y) in layout.items()}
    lift = {node: line if int(x) % 2 else 0.0 for node, (x, _) in layout.items()}
    on_path = {(id(a), id(b)) for a, b in zip(highlight, highlight[1:], strict=False)}

    pending: list[tuple[float, float, float, float, float, str, str]] = []
    lines: list[list[tuple[float, float]]] = []  # every edge as drawn, rim to rim
    for arrow in picture_edges(output):
        (x0, y0), (x1, y1) = pos[arrow.parent], pos[arrow.child]
        hot = (id(arrow.parent), id(arrow.child)) in on_path
        bad = id(arrow.parent) in wrong
        colour = palette.WRONG if bad else palette.HIGHLIGHT if hot else palette.EDGE
        # start and end on the circles' rims, not at their centres (towards the bend)
        cx, cy = bend_point(x0, y0, x1, y1, arrow.bend)
        start, end = _rim(x0, y0, cx, cy, radius), _rim(x1, y1, cx, cy, radius)
        ax.add_patch(FancyArrowPatch(
            start, end, arrowstyle="-|>", mutation_scale=14, shrinkA=0, shrinkB=0,
            connectionstyle=f"arc3,rad={arrow.bend}", color=colour,
            lw=2.6 if hot or bad else 1.4, linestyle="--" if bad else "-", zorder=1,
        ))
        lines.append([along(*start, *end, arrow.bend, k / 12) for k in range(13)])
        if show_local:  # a bent edge's number goes on the curve drawn, rim to rim
            ends = (*start, *end) if arrow.bend else (x0, y0, x1, y1)
            pending.append((*ends, arrow.bend, fmt(arrow.local), colour))

    highlighted = {id(n) for n in highlight}
    node_labels: list[Text] = []
    for node, (x, y) in pos.items():
        fill = palette.INPUT_FILL if node.is_leaf else palette.NODE_FILL
        edge = (palette.WRONG if id(node) in wrong else
                palette.HIGHLIGHT if id(node) in highlighted else palette.OUTLINE)
        ax.add_patch(Circle((x, y), radius, fc=fill, ec=edge, lw=2.0, zorder=2))
        ax.text(x, y, names[node], ha="center", va="center", fontsize=12, zorder=4,
                fontweight="bold", color=palette.INK)
        backing = {"boxstyle": "square,pad=0.05", "fc": palette.PAPER, "ec": "none",
                   "alpha": 0.85} if line else None  # staggered labels sit across edges
        if show_values:
            node_labels.append(ax.text(
                x, y + radius + 0.08 + lift[node], value_text[node], ha="center",
                va="bottom", fontsize=_LABEL_PT, color=palette.VALUE, zorder=4, bbox=backing))
        if show_grads:
            node_labels.append(ax.text(
                x, y - radius - 0.08 - lift[node], grad_text[node], ha="center", va="top",
                fontsize=_LABEL_PT, color=palette.GRADIENT, zorder=4, bbox=backing))

    ax.set_xlim(min(pos.values())[0] - 1.1, max(p[0] for p in pos.values()) + 1.1)
    all_y = [p[1] for p in pos.values()]
    ax.set_ylim(min(all_y) - 0.95 - line, max(all_y) + 0.95 + line)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    centres = list(pos.values())
    if not legend:
        clear_edges(ax, node_labels, lines)
        _place_edge_labels(ax, pending, centres, radius)
        return fig
    entries = []
    if show_values:
        entries.append(("value (forward)", palette.VALUE))
    if show_grads:
        entries.append((f"∂{o_name}/∂node (backward)", palette.GRADIENT))
    if show_local:
        entries.append(("local derivative on the edge", palette.EDGE))
    for i, (text, colour) in enumerate(entries):
        fig.text(0.01 + 0.33 * i, 0.01, "■ " + text, color=colour, fontsize=9)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    # the labels and numbers go last: where they go depends on the final layout
    clear_edges(ax, node_labels, lines)
    _place_edge_labels(ax, pending, centres, radius)
    return fig


def _labels_meet(layout: Layout, label_sets: Sequence[Mapping[Value, str]],
                 pitch_in: float) -> bool:
    """True if a label would touch the label of the same kind on a node of the next column
    at the same height, ``pitch_in`` inches away."""
    at = {(x, y): node for node, (x, y) in layout.items()}
    for (x, y), node in at.items():
        neighbour = at.get((x + 1, y))
        if neighbour is not None and any(
                _LABEL_EM_IN * (shown_width(texts[node]) + shown_width(texts[neighbour])) / 2
                + 0.1 > pitch_in for texts in label_sets):
            return True
    return False


def _rim(x: float, y: float, towards_x: float, towards_y: float, radius: float
         ) -> tuple[float, float]:
    """The point of the circle of ``radius`` around (x, y) that faces (towards_x, towards_y)."""
    length = math.hypot(towards_x - x, towards_y - y)
    return x + radius * (towards_x - x) / length, y + radius * (towards_y - y) / length


def _place_edge_labels(ax: Axes,
                       labels: list[tuple[float, float, float, float, float, str, str]],
                       centres: list[tuple[float, float]], radius: float) -> None:
    """Put each edge's number on its line (its paper-coloured box hides the line under
    it) by the rule of ``edge_labels``, measured with the renderer in display pixels at the
    figure's final size: where it keeps 6 pt from every text drawn so far and 3 pt from
    every node."""
    fig = ax.get_figure()
    assert fig is not None
    if not isinstance(fig, Figure):  # a subfigure: measure on its root figure
        fig = fig.figure
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ax.apply_aspect()  # the equal aspect shrinks the axes box at draw time: do it now
    pad = 3 * fig.dpi / POINTS_PER_INCH  # 3 pt: the numbers' rounded boxes and a little air

    def extent(artist: Text) -> Box:
        box = artist.get_window_extent(renderer)
        return Box(box.x0, box.y0, box.x1, box.y1)

    to_px, from_px = ax.transData.transform, ax.transData.inverted().transform

    def to_data(x: float, y: float) -> tuple[float, float]:
        dx, dy = from_px((x, y))
        return float(dx), float(dy)

    taken = [extent(t).grown(pad, pad) for t in ax.texts]
    for cx, cy in centres:
        (left, bottom) = to_px((cx - radius, cy - radius))
        (right, top) = to_px((cx + radius, cy + radius))
        taken.append(Box(left, bottom, right, top))
    for x0, y0, x1, y1, bend, text, colour in labels:
        label = ax.text(x0, y0, text, ha="center", va="center", fontsize=9, color=colour,
                        zorder=3, bbox={"boxstyle": "round,pad=0.2", "fc": palette.PAPER,
                                        "ec": colour, "lw": 0.8})

        def box_at(x: float, y: float, label: Text = label) -> Box:
            label.set_position(to_data(x, y))
            return extent(label)

        def point_at(t: float, ends: tuple[float, float, float, float, float] = (
                x0, y0, x1, y1, bend)) -> tuple[float, float]:
            px, py = to_px(along(*ends, t))
            return float(px), float(py)

        spot = place(spots(y0, y1, bend), point_at, box_at, taken, gap=pad,
                     margin=(pad, pad))
        label.set_position(to_data(*spot))


def draw_network(
    sizes: Sequence[int],
    *,
    highlight: Iterable[tuple[int, int, int]] = (),
    title: str | None = None,
    ax: Axes | None = None,
    values: Mapping[tuple[int, int], float] | None = None,
    value_name: str = "value",
) -> Figure:
    """Draw a dense network with layer sizes ``sizes`` (layer 0 = the input).

    Neuron j of layer l is labelled; ``highlight`` holds (l, j, k) triples: the weight
    w^l_{jk} from neuron k of layer l-1 to neuron j of layer l, drawn in green.
    ``values`` maps (l, j), j counted from 1, to a number per neuron (δ^l_j, say): it is
    written under the neuron and sets its fill (blue < 0 < vermillion, on one scale for the
    whole network, with a colour bar named ``value_name``).
    """
    sizes = check_sizes(sizes, maximum=MAX_DRAWN)
    if isinstance(highlight, (str, bytes)) or not isinstance(highlight, Iterable):
        raise ArgumentTypeError(f"highlight must be a list of (l, j, k) triples, got "
                                f"{describe(highlight)}")
    if values is not None and not isinstance(values, Mapping):
        raise ArgumentTypeError(f"values must map (l, j) to a number, got {describe(values)}")
    values = {key: check_real(v, f"values[{key!r}]") for key, v in (values or {}).items()}
    unknown = [key for key in values
               if not (0 <= key[0] < len(sizes) and 1 <= key[1] <= sizes[key[0]])]
    if unknown:
        raise ArgumentError(f"values for neurons (l, j) that a network of sizes {list(sizes)} "
                         f"does not have: {unknown}")
    largest = max((abs(v) for v in values.values()), default=0.0) or 1.0
    norm = Normalize(-largest, largest)
    if ax is None:
        fig, ax = plt.subplots(
            figsize=column_figsize(2.2 * len(sizes) + 1, 0.9 * max(sizes) + 1.6))
    else:
        fig = ax.get_figure()  # type: ignore[assignment]
    assert isinstance(fig, Figure)
    hot = set(highlight)
    pos = {
        (layer, j): (2.2 * layer, (n - 1) / 2.0 - j)
        for layer, n in enumerate(sizes)
        for j in range(n)
    }
    for layer in range(1, len(sizes)):
        for j in range(sizes[layer]):
            for k in range(sizes[layer - 1]):
                (x0, y0), (x1, y1) = pos[(layer - 1, k)], pos[(layer, j)]
                is_hot = (layer, j + 1, k + 1) in hot
                ax.plot([x0, x1], [y0, y1], color=palette.HIGHLIGHT if is_hot else palette.FAINT,
                        lw=2.6 if is_hot else 0.9, zorder=1)
                if is_hot:
                    ax.text((x0 + x1) / 2, (y0 + y1) / 2 + 0.12,
                            f"$w^{{{layer}}}_{{{j + 1}{k + 1}}}$", color=palette.HIGHLIGHT,
                            ha="center", va="bottom", fontsize=12, zorder=4)
    for (layer, j), (x, y) in pos.items():
        fill: str | tuple[float, float, float, float] = (
            palette.INPUT_FILL if layer == 0 else palette.NODE_FILL)
        value = values.get((layer, j + 1))
        if value is not None:
            fill = palette.SIGNED_CMAP(norm(value))
            ax.text(x, y - 0.32, fmt(value), ha="center", va="top", fontsize=9, zorder=4,
                    color=palette.INK, bbox={"boxstyle": "round,pad=0.1", "fc": palette.PAPER,
                                           "ec": "none", "alpha": 0.85})
        ax.add_patch(Circle((x, y), 0.28, fc=fill, ec=palette.OUTLINE, lw=1.6, zorder=2))
        name = f"$x_{{{j + 1}}}$" if layer == 0 else f"$a^{{{layer}}}_{{{j + 1}}}$"
        ax.text(x, y, name, ha="center", va="center", fontsize=11, zorder=3)
    top = max(p[1] for p in pos.values())
    for layer, n in enumerate(sizes):
        kind = "input" if layer == 0 else ("output" if layer == len(sizes) - 1 else "hidden")
        ax.text(2.2 * layer, top + 0.75, f"layer {layer}\n{kind}, $n_{{{layer}}} = {n}$",
                ha="center", va="bottom", fontsize=10)
    ax.set_xlim(-0.8, 2.2 * (len(sizes) - 1) + 0.8)
    ax.set_ylim(-top - 0.6 - (0.3 if values else 0.0), top + 1.6)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    if values:
        bar = fig.colorbar(ScalarMappable(norm, palette.SIGNED_CMAP), ax=ax, shrink=0.7, pad=0.01)
        bar.set_label(value_name)
    fig.tight_layout()
    return fig
