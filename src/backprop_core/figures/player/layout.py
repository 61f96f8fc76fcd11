"""Where everything of a player's drawing goes, computed once per graph and shared by
every frame: every label has its place before the first step (columns as wide as the
longest label, each edge's number where it meets no other label, by the rule of
``figures.edge_labels``), so nothing moves or overlaps from one step to the next.

Units are SVG user units, which the site shows as CSS px at 1:1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from backprop_core.errors import ArgumentError, check_rate, check_real, check_result, check_text
from backprop_core.figures.drawings import along, bend_point, graph_layout
from backprop_core.figures.edge_labels import Box, place, spots
from backprop_core.figures.player.model import EdgeKey, PlayerModel
from backprop_core.formatting import fmt, shown_width

SCALE_X, SCALE_Y, RADIUS = 130.0, 96.0, 22.0
FONT_NODE, FONT_TEXT, FONT_EDGE = 16.0, 15.0, 14.0  # SVG user units (= CSS px at 1:1)
CHAR_EM = 0.62  # a generous average advance of a character, in em (digits, ∂, =, letters)


def text_box(x: float, baseline: float, text: str, size: float) -> Box:
    """The estimated extent of ``text`` centred on ``x`` with its baseline at ``baseline``."""
    text, size = check_text(text, "text"), check_rate(size, "size")
    x, baseline = check_real(x, "x"), check_real(baseline, "baseline")
    chars = shown_width(text)
    half = CHAR_EM * size * chars / 2
    for side in (x - half, x + half, baseline - 0.8 * size, baseline + 0.25 * size):
        check_result(side, "the text's box", f" (size = {size:g}, {chars} characters)")
    return Box(x - half, baseline - 0.8 * size, x + half, baseline + 0.25 * size)


@dataclass(frozen=True)
class Layout:
    """Where everything of a graph's picture goes: one layout for every frame."""

    width: float
    height: float
    centre: dict[int, tuple[float, float]]  # id(node) -> (x, y)
    edge_label: dict[EdgeKey, tuple[float, float]]  # edge key -> (x, baseline)
    lift: dict[int, float]  # id(node) -> how much further from the node its labels sit

    def value_y(self, nid: int) -> float:
        """Baseline of the value label above node ``nid``."""
        return self.centre[nid][1] - RADIUS - 9 - self.lift[nid]

    def grad_y(self, nid: int) -> float:
        """Baseline of the gradient label below node ``nid``."""
        return self.centre[nid][1] + RADIUS + FONT_TEXT + 5 + self.lift[nid]


def svg_bend(bend: float) -> float:
    """``drawings``' bend in the SVG's coordinates, whose y axis points down: the same side."""
    return -check_real(bend, "bend")


def bent_point(x0: float, y0: float, x1: float, y1: float, bend: float, t: float
               ) -> tuple[float, float]:
    """The point at ``t`` of an edge drawn as a line, or, if bent, as two lines that meet
    at the middle of ``drawings``' curve."""
    bend, t = check_real(bend, "bend"), check_real(t, "t")
    if not 0.0 <= t <= 1.0:
        raise ArgumentError(f"t must be from 0 (the parent) to 1 (the child), got {t:g}")
    if not bend:
        return x0 + t * (x1 - x0), y0 + t * (y1 - y0)
    mx, my = along(x0, y0, x1, y1, bend, 0.5)
    if t <= 0.5:
        return x0 + 2 * t * (mx - x0), y0 + 2 * t * (my - y0)
    return mx + (2 * t - 1) * (x1 - mx), my + (2 * t - 1) * (y1 - my)


def layout(model: PlayerModel) -> Layout:
    """Rows tall enough for a value above and a gradient below each node; columns about
    half as wide as the longest label, whose labels sit one line further out in every
    other column (staggered, so that neighbours never meet); each edge's number beside its
    line where it overlaps no other label."""
    positions = graph_layout(model.output)
    values, grads = model.texts
    longest = max([len(t) for t in values.values()]
                  + [len(t) for ts in grads.values() for t in ts] + [1])
    label_width = CHAR_EM * FONT_TEXT * longest
    scale_x = max(SCALE_X, 0.55 * label_width + 40)
    line = FONT_TEXT + 4
    stagger = label_width + 12 > scale_x
    lift = {id(node): line if stagger and int(x) % 2 else 0.0
            for node, (x, _) in positions.items()}
    # room between rows for crossing edges, and for the staggered labels
    scale_y = 2 * RADIUS + 2 * (FONT_TEXT + 12) + 60 + (2 * line if stagger else 0)
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    pad_x = scale_x / 2
    pad_top = FONT_TEXT + 20 + (line if stagger else 0)
    centre = {id(node): ((x - min(xs)) * scale_x + pad_x,
                         (max(ys) - y) * scale_y + RADIUS + pad_top)
              for node, (x, y) in positions.items()}
    obstacles: list[Box] = []
    for node in positions:
        x, y = centre[id(node)]
        obstacles.append(Box(x - RADIUS, y - RADIUS, x + RADIUS, y + RADIUS))
        shift = lift[id(node)]
        if id(node) in values:
            obstacles.append(text_box(x, y - RADIUS - 9 - shift, values[id(node)], FONT_TEXT))
        for text in grads.get(id(node), []):
            obstacles.append(text_box(x, y + RADIUS + FONT_TEXT + 5 + shift, text, FONT_TEXT))
    edge_label = {edge.key: _edge_label(centre[edge.key[0]], centre[edge.key[1]],
                                        svg_bend(edge.bend), fmt(edge.local), obstacles)
                  for edge in model.edges}
    right = max(o.x1 for o in obstacles) + 8
    left = min(o.x0 for o in obstacles) - 8
    bottom = max(o.y1 for o in obstacles) + 8
    centre = {k: (x - left, y) for k, (x, y) in centre.items()}
    edge_label = {k: (x - left, y) for k, (x, y) in edge_label.items()}
    return Layout(right - left, bottom, centre, edge_label, lift)


def _edge_label(start: tuple[float, float], end: tuple[float, float], bend: float,
                text: str, obstacles: list[Box]) -> tuple[float, float]:
    """(x, baseline) of an edge's number: beside its line (an SVG text has no box to
    hide the line under it), on the outer side of a bend first, else above the line first."""
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    nx, ny = -(y1 - y0) / length, (x1 - x0) / length  # a normal of the edge
    if bend:
        mx, my = bend_point(x0, y0, x1, y1, bend)
        if nx * (mx - (x0 + x1) / 2) + ny * (my - (y0 + y1) / 2) < 0:
            nx, ny = -nx, -ny
    elif ny > 0:
        nx, ny = -nx, -ny  # pointing up (SVG's y points down)
    beside = FONT_EDGE * 0.55 + 3
    offsets = [(nx * side * beside, ny * side * beside) for side in (1.0, -1.0)]
    x, y = place(spots(y0, y1, bend),
                 lambda t: bent_point(x0, y0, x1, y1, bend, t),
                 lambda cx, cy: text_box(cx, cy + 0.3 * FONT_EDGE, text, FONT_EDGE),
                 obstacles, offsets=offsets, gap=2.0, margin=(6.0, 3.0))
    return x, y + 0.3 * FONT_EDGE
