"""The player's drawing as SVG text (deterministic: no random ids), in two writers:

- ``frame_svg``: the graph in the state of one frame, its highlight in the attributes
  (JupyterLab's widget shows one per step and loads no stylesheet);
- ``drawing_svg``: ONE drawing for every frame, each element saying in which steps it
  shows (``data-from``/``data-to``) or is the active one (``data-on``); the site's
  ``player.js`` applies a step and ``player.css`` colours the highlight. Its text is never
  shown below ``legibility.MIN_TEXT_PX`` CSS px (a narrow screen scrolls it instead).

The class names and data attributes are what ``book/_vendor/bpb/player.js`` reads.
"""

from __future__ import annotations

import html
import math

from backprop_core.engine.value import Value
from backprop_core.errors import check_index, check_text
from backprop_core.figures import palette
from backprop_core.figures.legibility import MIN_TEXT_PX
from backprop_core.figures.player.layout import (
    FONT_EDGE,
    FONT_NODE,
    FONT_TEXT,
    RADIUS,
    Layout,
    bent_point,
    svg_bend,
)
from backprop_core.figures.player.model import EdgeKey, PlayerModel
from backprop_core.formatting import fmt

# the current step is lit in HIGHLIGHT (palette.py); player.css gives the same classes the
# same colours, and their *_ON_DARK shades in the dark theme
ACTIVE, ACTIVE_TEXT = palette.HIGHLIGHT, palette.HIGHLIGHT_TEXT
ACTIVE_NODE_WIDTH, ACTIVE_EDGE_WIDTH = 4, 3.5  # stroke widths of the lit node and edge


def frame_svg(model: PlayerModel, drawing: Layout, index: int) -> str:
    """The graph as SVG in the state of frame ``index`` (colours are attributes)."""
    frame = model.frames[check_index(index, model.count, "index")]
    d = drawing
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bpb-graph" role="img" '
        f'viewBox="0 0 {d.width:.0f} {d.height:.0f}" width="{d.width:.0f}" '
        f'height="{d.height:.0f}">',
        f"<title>{html.escape(frame.step.formula)}</title>",
    ]
    for edge in model.edges:
        active = edge.key == frame.active_edge
        parts.append(_edge(d, edge.key, edge.local, edge.bend, active, attrs=True))
    for node in model.nodes:
        nid = id(node)
        x, y = d.centre[nid]
        parts.append(_node(node, model.names[node], x, y, nid == frame.active_node, attrs=True))
        if nid in frame.values:
            parts.append(_value(x, d.value_y(nid), model.value_text(node, frame.values[nid])))
        if nid in frame.grads:
            parts.append(_grad(x, d.grad_y(nid), model.grad_text(node, frame.grads[nid])))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def drawing_svg(model: PlayerModel, drawing: Layout, label: str) -> str:
    """One drawing for every frame; as written it shows the last step (what prints and
    what shows with no JavaScript)."""
    label = check_text(label, "label")
    d = drawing
    last = model.count - 1
    node_on: dict[int, list[int]] = {}
    edge_on: dict[EdgeKey, list[int]] = {}
    value_from: dict[int, int] = {}
    grad_spans: dict[int, list[tuple[int, int, float]]] = {}
    for i, frame in enumerate(model.frames):
        node_on.setdefault(frame.active_node, []).append(i)
        if frame.active_edge is not None:
            edge_on.setdefault(frame.active_edge, []).append(i)
        if frame.step.phase == "forward":
            value_from[frame.active_node] = i
        elif frame.step.phase == "backward":
            spans = grad_spans.setdefault(frame.active_node, [])
            if spans:
                spans[-1] = (spans[-1][0], i - 1, spans[-1][2])
            spans.append((i, last, frame.step.value))
    min_width = d.width * MIN_TEXT_PX / FONT_EDGE  # FONT_EDGE: the smallest text
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bpb-graph" role="img" '
        f'aria-label="{html.escape(label)}" viewBox="0 0 {d.width:.0f} {d.height:.0f}" '
        f'style="max-width:{d.width:.0f}px;min-width:{min(d.width, min_width):.0f}px">'
    ]
    for edge in model.edges:
        on = edge_on.get(edge.key, [])
        parts.append(_edge(d, edge.key, edge.local, edge.bend, last in on, attrs=False,
                           extra=_on(on)))
    for node in model.nodes:
        nid = id(node)
        x, y = d.centre[nid]
        on = node_on.get(nid, [])
        parts.append(_node(node, model.names[node], x, y, last in on, attrs=False,
                           extra=_on(on)))
        if nid in value_from:
            parts.append(_value(x, d.value_y(nid), model.value_text(node, node.data),
                                f' data-from="{value_from[nid]}"'))
        for start, stop, grad in grad_spans.get(nid, []):
            shown = "" if stop == last else ' visibility="hidden"'
            parts.append(_grad(x, d.grad_y(nid), model.grad_text(node, grad),
                               f' data-from="{start}" data-to="{stop}"{shown}'))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def _on(steps: list[int]) -> str:
    """The steps in which an element is the active one, for ``player.js``."""
    return f' data-on="{" ".join(str(i) for i in steps)}"' if steps else ""


def _edge(d: Layout, key: EdgeKey, local: float, bend: float, active: bool, *,
          attrs: bool, extra: str = "") -> str:
    (x0, y0), (x1, y1) = d.centre[key[0]], d.centre[key[1]]
    # a bent edge (a node used twice, a·a) is two lines meeting at the middle of its curve
    mx, my = bent_point(x0, y0, x1, y1, svg_bend(bend), 0.5)
    sx, sy = (mx, my) if bend else (x1, y1)  # where the first line heads
    length = math.hypot(sx - x0, sy - y0)
    vx, vy = (sx - x0) / length, (sy - y0) / length
    length = math.hypot(x1 - mx, y1 - my)
    ux, uy = (x1 - mx) / length, (y1 - my) / length  # the direction of the arrow's head
    cls = "bpb-edge bpb-active" if active else "bpb-edge"
    # the highlight is in the attributes too: JupyterLab does not load player.css
    colour, width = (ACTIVE, ACTIVE_EDGE_WIDTH) if active and attrs else (palette.EDGE, 1.6)
    text_style = (f'fill="{ACTIVE_TEXT}" font-weight="bold"' if active and attrs
                  else f'fill="{palette.EDGE}"')
    lx, ly = d.edge_label[key]
    stroke = f'stroke="{colour}" stroke-width="{width}"'
    first = (f'<line x1="{x0 + RADIUS * vx:.1f}" y1="{y0 + RADIUS * vy:.1f}" '
             f'x2="{mx:.1f}" y2="{my:.1f}" {stroke}/>' if bend else "")
    x_from, y_from = (mx, my) if bend else (x0 + RADIUS * ux, y0 + RADIUS * uy)
    return (
        f'<g class="{cls}"{extra}>{first}<line x1="{x_from:.1f}" y1="{y_from:.1f}" '
        f'x2="{x1 - (RADIUS + 6) * ux:.1f}" y2="{y1 - (RADIUS + 6) * uy:.1f}" '
        f'{stroke}/>'
        f'<polygon points="{_arrow_head(x1 - RADIUS * ux, y1 - RADIUS * uy, ux, uy)}" '
        f'fill="{colour}"/>'
        f'<text class="bpb-local" x="{lx:.1f}" y="{ly:.1f}" text-anchor="middle" '
        f'font-size="{FONT_EDGE:g}" {text_style}>{html.escape(fmt(local))}</text></g>'
    )


def _node(node: Value, label: str, x: float, y: float, active: bool, *, attrs: bool,
          extra: str = "") -> str:
    """A node's circle and name; the caller closes the ``<g>``."""
    cls = "bpb-node bpb-active" if active else "bpb-node"
    fill = palette.INPUT_FILL if node.is_leaf else palette.NODE_FILL
    stroke, width = (ACTIVE, ACTIVE_NODE_WIDTH) if active and attrs else (palette.OUTLINE, 2)
    return (
        f'<g class="{cls}"{extra}><circle cx="{x:.1f}" cy="{y:.1f}" r="{RADIUS:.0f}" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'
        f'<text x="{x:.1f}" y="{y + 0.35 * FONT_NODE:.1f}" text-anchor="middle" '
        f'font-size="{FONT_NODE:g}" font-weight="bold" fill="{palette.INK}">'
        f"{html.escape(label)}</text>"
    )


def _value(x: float, baseline: float, text: str, extra: str = "") -> str:
    return (f'<text class="bpb-val" x="{x:.1f}" y="{baseline:.1f}" text-anchor="middle" '
            f'font-size="{FONT_TEXT:g}" fill="{palette.VALUE_TEXT}"{extra}>'
            f"{html.escape(text)}</text>")


def _grad(x: float, baseline: float, text: str, extra: str = "") -> str:
    return (f'<text class="bpb-grad" x="{x:.1f}" y="{baseline:.1f}" '
            f'text-anchor="middle" font-size="{FONT_TEXT:g}" '
            f'fill="{palette.GRADIENT_TEXT}"{extra}>'
            f"{html.escape(text)}</text>")


def _arrow_head(x: float, y: float, ux: float, uy: float) -> str:
    """Points of a small triangle whose tip is (x, y), pointing along (ux, uy)."""
    back_x, back_y = x - 10 * ux, y - 10 * uy
    return (f"{x:.1f},{y:.1f} {back_x - 5 * uy:.1f},{back_y + 5 * ux:.1f} "
            f"{back_x + 5 * uy:.1f},{back_y - 5 * ux:.1f}")
