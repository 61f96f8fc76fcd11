"""A step-through player of a computational graph: the forward pass, one node at a time,
then the backward pass, one edge at a time (``steps.trace``).

A frame is the graph in the state after that step: the values known so far (above the
nodes), the gradients accumulated so far (below), the active node and edge highlighted, and
the step's formula as a caption. Every label has its place before the first step (columns
as wide as the longest label, each edge's number where it meets no other label), so
nothing moves or overlaps from one step to the next. Two players show the frames:

- in JupyterLab, an ipywidget (play, previous/next, a slider) showing one SVG per frame;
- on the static site, ONE drawing whose labels and highlights ``book/_vendor/bpb/player.js``
  switches per step (buttons, a slider, arrow keys), with no kernel and no network; text is
  never shown below ``MIN_TEXT_PX`` CSS px (a narrow screen scrolls the drawing instead).

One call, ``graph_player(o)``, returns an output that carries both (``display.both``).
"""

from __future__ import annotations

import hashlib
import html
import math
import unicodedata
from dataclasses import dataclass

from backprop_core.display import Both, both
from backprop_core.engine.labels import Labels
from backprop_core.engine.trace import Step, trace
from backprop_core.engine.value import Value, topological_order
from backprop_core.figures import palette
from backprop_core.figures.drawings import along, bend_point, graph_layout, picture_edges
from backprop_core.formatting import fmt

_SCALE_X, _SCALE_Y, _RADIUS, _PAD = 130.0, 96.0, 22.0, 52.0
# the current step is lit in HIGHLIGHT (palette.py); player.css gives the same classes the
# same colours, and their *_ON_DARK shades in the dark theme
_ACTIVE, _ACTIVE_TEXT = palette.HIGHLIGHT, palette.HIGHLIGHT_TEXT


@dataclass(frozen=True)
class Frame:
    """The state of the graph after one step: what a picture of that moment shows."""

    step: Step
    values: dict[int, float]  # id(node) -> value, for the nodes computed so far
    grads: dict[int, float]  # id(node) -> ∂o/∂node accumulated so far
    active_node: int
    # (id(parent), id(child), index of the parent among the child's parents), backward only
    active_edge: tuple[int, int, int] | None


def frames(output: Value) -> list[Frame]:
    """One frame per step of ``trace(output)``: forward steps, then backward steps."""
    values: dict[int, float] = {}
    grads: dict[int, float] = {}
    result = []
    for step in trace(output):
        assert step.node is not None
        key = id(step.node)
        edge = None
        if step.phase == "forward":
            values[key] = step.value
        else:
            grads[key] = step.value
            if step.child is not None and step.edge is not None:
                edge = (key, id(step.child), step.edge)
        result.append(Frame(step, dict(values), dict(grads), key, edge))
    return result


_FONT_NODE, _FONT_TEXT, _FONT_EDGE = 16.0, 15.0, 14.0  # SVG user units (= CSS px at 1:1)
# where along an edge its number may go, most wanted first
_SLANTED_T = (0.38, 0.62, 0.3, 0.7, 0.46, 0.54, *(0.2 + 0.04 * k for k in range(16)))
_LEVEL_T = (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73)
MIN_TEXT_PX = 11.0  # the player never shows its smallest text below this (it scrolls)
_CHAR_EM = 0.62  # a generous average advance of a character, in em (digits, ∂, =, letters)


@dataclass(frozen=True)
class _Box:
    """An axis-aligned box (x0, y0)-(x1, y1) in SVG units: a label's estimated extent."""

    x0: float
    y0: float
    x1: float
    y1: float

    def hits(self, other: _Box, gap: float = 2.0) -> bool:
        return not (self.x1 + gap <= other.x0 or other.x1 + gap <= self.x0
                    or self.y1 + gap <= other.y0 or other.y1 + gap <= self.y0)


def _text_box(x: float, baseline: float, text: str, size: float) -> _Box:
    """The extent of ``text`` centred on ``x`` with its baseline at ``baseline``."""
    # a combining mark (the bar of an adjoint, 'ā') sits on the letter before it
    chars = sum(not unicodedata.combining(ch) for ch in text)
    half = _CHAR_EM * size * chars / 2
    return _Box(x - half, baseline - 0.8 * size, x + half, baseline + 0.25 * size)


@dataclass(frozen=True)
class _Drawing:
    """Where everything of a graph's picture goes: one layout for every frame."""

    width: float
    height: float
    centre: dict[int, tuple[float, float]]  # id(node) -> (x, y)
    edge_label: dict[tuple[int, int, int], tuple[float, float]]  # edge key -> (x, baseline)
    lift: dict[int, float]  # id(node) -> how much further from the node its labels sit
    names: Labels  # the labels of the graph's nodes

    def value_y(self, nid: int) -> float:
        """Baseline of the value label above node ``nid``."""
        return self.centre[nid][1] - _RADIUS - 9 - self.lift[nid]

    def grad_y(self, nid: int) -> float:
        """Baseline of the gradient label below node ``nid``."""
        return self.centre[nid][1] + _RADIUS + _FONT_TEXT + 5 + self.lift[nid]


def _labels(output: Value, names: Labels) -> tuple[dict[int, str], dict[int, list[str]]]:
    """Every node's value label and the gradient labels it shows over the backward pass."""
    values: dict[int, str] = {}
    grads: dict[int, list[str]] = {}
    for frame in frames(output):
        node = frame.step.node
        assert node is not None
        text = (f"{names[node]} = {fmt(frame.step.value)}" if frame.step.phase == "forward"
                else _grad_text(names, node, frame.step.value))
        if frame.step.phase == "forward":
            values[id(node)] = text
        else:
            grads.setdefault(id(node), []).append(text)
    return values, grads


def _layout(output: Value, output_name: str) -> _Drawing:
    """Rows tall enough for a value above and a gradient below each node; columns about
    half as wide as the longest label, whose labels sit one line further out in every
    other column (staggered, so that neighbours never meet); each edge's number where it
    overlaps no other label."""
    layout = graph_layout(output)
    names = Labels(output)
    values, grads = _labels(output, names)
    longest = max([len(t) for t in values.values()]
                  + [len(t) for ts in grads.values() for t in ts] + [1])
    label_width = _CHAR_EM * _FONT_TEXT * longest
    scale_x = max(_SCALE_X, 0.55 * label_width + 40)
    line = _FONT_TEXT + 4
    stagger = label_width + 12 > scale_x
    lift = {id(node): line if stagger and int(x) % 2 else 0.0 for node, (x, _) in layout.items()}
    # room between rows for crossing edges, and for the staggered labels
    scale_y = 2 * _RADIUS + 2 * (_FONT_TEXT + 12) + 60 + (2 * line if stagger else 0)
    xs = [x for x, _ in layout.values()]
    ys = [y for _, y in layout.values()]
    pad_x = scale_x / 2
    pad_top = _FONT_TEXT + 20 + (line if stagger else 0)
    centre = {id(node): ((x - min(xs)) * scale_x + pad_x,
                         (max(ys) - y) * scale_y + _RADIUS + pad_top)
              for node, (x, y) in layout.items()}
    obstacles: list[_Box] = []
    for node in layout:
        x, y = centre[id(node)]
        obstacles.append(_Box(x - _RADIUS, y - _RADIUS, x + _RADIUS, y + _RADIUS))
        up, down = lift[id(node)], lift[id(node)]
        if id(node) in values:
            obstacles.append(_text_box(x, y - _RADIUS - 9 - up, values[id(node)], _FONT_TEXT))
        for text in grads.get(id(node), []):
            obstacles.append(_text_box(x, y + _RADIUS + _FONT_TEXT + 5 + down, text,
                                       _FONT_TEXT))
    edge_label: dict[tuple[int, int, int], tuple[float, float]] = {}
    for edge in picture_edges(output):
        key = edge.key
        (x0, y0), (x1, y1) = centre[key[0]], centre[key[1]]
        text = fmt(edge.local)
        bend = _svg_bend(edge.bend)
        length = math.hypot(x1 - x0, y1 - y0)
        nx, ny = -(y1 - y0) / length, (x1 - x0) / length  # a normal of the edge
        if bend:  # a bent edge: its number on the outer side of the bend first
            mx, my = bend_point(x0, y0, x1, y1, bend)
            if nx * (mx - (x0 + x1) / 2) + ny * (my - (y0 + y1) / 2) < 0:
                nx, ny = -nx, -ny
        elif ny > 0:
            nx, ny = -nx, -ny  # pointing up first: the number sits above its line
        best = None
        # slanted edges cross mid-way: their numbers go nearer an end first
        slanted = abs(y1 - y0) > 1e-9 and not bend
        for t in (_SLANTED_T if slanted else _LEVEL_T):
            for side in (1.0, -1.0):
                off = side * (_FONT_EDGE * 0.55 + 3)
                px, py = _bent_point(x0, y0, x1, y1, bend, t)
                cx, cy = px + nx * off, py + ny * off
                box = _text_box(cx, cy + 0.3 * _FONT_EDGE, text, _FONT_EDGE)
                if not any(box.hits(o) for o in obstacles):
                    best = (cx, cy + 0.3 * _FONT_EDGE, box)
                    break
            if best:
                break
        if best is None:  # nowhere free: mid-way above the line (the site test reports it)
            px, py = _bent_point(x0, y0, x1, y1, bend, 0.5)
            cx, cy = px + nx * 11, py + ny * 11
            best = (cx, cy + 0.3 * _FONT_EDGE, _text_box(cx, cy, text, _FONT_EDGE))
        edge_label[key] = (best[0], best[1])
        b = best[2]  # kept well apart from the next edge's number
        obstacles.append(_Box(b.x0 - 6, b.y0 - 3, b.x1 + 6, b.y1 + 3))
    right = max(o.x1 for o in obstacles) + 8
    left = min(o.x0 for o in obstacles) - 8
    bottom = max(o.y1 for o in obstacles) + 8
    shift = -left
    centre = {k: (x + shift, y) for k, (x, y) in centre.items()}
    edge_label = {k: (x + shift, y) for k, (x, y) in edge_label.items()}
    return _Drawing(right - left, bottom, centre, edge_label, lift, names)


def _svg_bend(bend: float) -> float:
    """``draw``'s bend in the SVG's coordinates, whose y axis points down: the same side."""
    return -bend


def _bent_point(x0: float, y0: float, x1: float, y1: float, bend: float, t: float
                ) -> tuple[float, float]:
    """The point at ``t`` of an edge drawn as a line, or, if bent, as two lines that meet
    at the middle of ``draw``'s curve."""
    if not bend:
        return x0 + t * (x1 - x0), y0 + t * (y1 - y0)
    mx, my = along(x0, y0, x1, y1, bend, 0.5)
    if t <= 0.5:
        return x0 + 2 * t * (mx - x0), y0 + 2 * t * (my - y0)
    return mx + (2 * t - 1) * (x1 - mx), my + (2 * t - 1) * (y1 - my)


def _svg(output: Value, frame: Frame, output_name: str) -> str:
    """The graph as SVG in the state of ``frame`` (deterministic text: no random ids);
    JupyterLab's player shows one of these per step (no stylesheet: colours are attributes)."""
    d = _layout(output, output_name)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bpb-graph" role="img" '
        f'viewBox="0 0 {d.width:.0f} {d.height:.0f}" width="{d.width:.0f}" '
        f'height="{d.height:.0f}">',
        f"<title>{html.escape(frame.step.formula)}</title>",
    ]
    for edge in picture_edges(output):
        active = edge.key == frame.active_edge
        parts.append(_edge_svg(d, edge.key, edge.local, edge.bend, active, attrs=True))
    names = d.names
    for node in topological_order(output):
        nid = id(node)
        active = nid == frame.active_node
        x, y = d.centre[nid]
        parts.append(_node_svg(node, names[node], x, y, active, attrs=True))
        if nid in frame.values:
            parts.append(_value_svg(x, d.value_y(nid), f"{names[node]} = {fmt(frame.values[nid])}"))
        if nid in frame.grads:
            parts.append(_grad_svg(x, d.grad_y(nid), _grad_text(names, node, frame.grads[nid])))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def _edge_svg(d: _Drawing, key: tuple[int, int, int], local: float, bend: float,
              active: bool, *, attrs: bool, extra: str = "") -> str:
    (x0, y0), (x1, y1) = d.centre[key[0]], d.centre[key[1]]
    # a bent edge (a node used twice, a·a) is two lines meeting at the middle of its curve
    mx, my = _bent_point(x0, y0, x1, y1, _svg_bend(bend), 0.5)
    sx, sy = (mx, my) if bend else (x1, y1)  # where the first line heads
    length = math.hypot(sx - x0, sy - y0)
    vx, vy = (sx - x0) / length, (sy - y0) / length
    length = math.hypot(x1 - mx, y1 - my)
    ux, uy = (x1 - mx) / length, (y1 - my) / length  # the direction of the arrow's head
    cls = "bpb-edge bpb-active" if active else "bpb-edge"
    # the highlight is in the attributes too: JupyterLab does not load player.css
    colour, width = (_ACTIVE, 3.5) if active and attrs else (palette.EDGE, 1.6)
    text_style = (f'fill="{_ACTIVE_TEXT}" font-weight="bold"' if active and attrs
                  else f'fill="{palette.EDGE}"')
    lx, ly = d.edge_label[key]
    stroke = f'stroke="{colour}" stroke-width="{width}"'
    first = (f'<line x1="{x0 + _RADIUS * vx:.1f}" y1="{y0 + _RADIUS * vy:.1f}" '
             f'x2="{mx:.1f}" y2="{my:.1f}" {stroke}/>' if bend else "")
    x_from, y_from = (mx, my) if bend else (x0 + _RADIUS * ux, y0 + _RADIUS * uy)
    return (
        f'<g class="{cls}"{extra}>{first}<line x1="{x_from:.1f}" y1="{y_from:.1f}" '
        f'x2="{x1 - (_RADIUS + 6) * ux:.1f}" y2="{y1 - (_RADIUS + 6) * uy:.1f}" '
        f'{stroke}/>'
        f'<polygon points="{_arrow_head(x1 - _RADIUS * ux, y1 - _RADIUS * uy, ux, uy)}" '
        f'fill="{colour}"/>'
        f'<text class="bpb-local" x="{lx:.1f}" y="{ly:.1f}" text-anchor="middle" '
        f'font-size="{_FONT_EDGE:g}" {text_style}>{html.escape(fmt(local))}</text></g>'
    )


def _node_svg(node: Value, label: str, x: float, y: float, active: bool, *, attrs: bool,
              extra: str = "") -> str:
    """A node's circle and name; the caller closes the ``<g>``."""
    cls = "bpb-node bpb-active" if active else "bpb-node"
    fill = palette.INPUT_FILL if node.is_leaf else palette.NODE_FILL
    stroke, width = (_ACTIVE, 4) if active and attrs else (palette.OUTLINE, 2)
    return (
        f'<g class="{cls}"{extra}><circle cx="{x:.1f}" cy="{y:.1f}" r="{_RADIUS:.0f}" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'
        f'<text x="{x:.1f}" y="{y + 0.35 * _FONT_NODE:.1f}" text-anchor="middle" '
        f'font-size="{_FONT_NODE:g}" font-weight="bold" fill="{palette.INK}">'
        f"{html.escape(label)}</text>"
    )


def _value_svg(x: float, baseline: float, text: str, extra: str = "") -> str:
    return (f'<text class="bpb-val" x="{x:.1f}" y="{baseline:.1f}" text-anchor="middle" '
            f'font-size="{_FONT_TEXT:g}" fill="{palette.VALUE_TEXT}"{extra}>'
            f"{html.escape(text)}</text>")


def _grad_svg(x: float, baseline: float, text: str, extra: str = "") -> str:
    return (f'<text class="bpb-grad" x="{x:.1f}" y="{baseline:.1f}" '
            f'text-anchor="middle" font-size="{_FONT_TEXT:g}" '
            f'fill="{palette.GRADIENT_TEXT}"{extra}>'
            f"{html.escape(text)}</text>")


def _arrow_head(x: float, y: float, ux: float, uy: float) -> str:
    """Points of a small triangle whose tip is (x, y), pointing along (ux, uy)."""
    back_x, back_y = x - 10 * ux, y - 10 * uy
    return (f"{x:.1f},{y:.1f} {back_x - 5 * uy:.1f},{back_y + 5 * ux:.1f} "
            f"{back_x + 5 * uy:.1f},{back_y - 5 * ux:.1f}")


def _grad_text(names: Labels, node: Value, grad: float) -> str:
    """The label below a node in the backward pass: its adjoint so far, 'ā = 10.5'."""
    return f"{names.adjoint(node)} = {fmt(grad)}"


def legend(output_name: str) -> str:
    """What the symbols of the drawing and the captions mean (the notation page's)."""
    return (f"v̄ = ∂{output_name}/∂v is the adjoint of node v (below the node, summed over "
            f"the backward steps); ∂c/∂v is the local derivative of the edge v → c (the "
            f"number on the edge).")


def _caption(index: int, count: int, step: Step) -> str:
    phase = "Forward pass" if step.phase == "forward" else "Backward pass"
    return f"Step {index + 1} of {count} · {phase}: {step.formula}"


def _steps_attr(steps: list[int]) -> str:
    return " ".join(str(i) for i in steps)


def _drawing_svg(output: Value, all_frames: list[Frame], name: str, label: str) -> str:
    """One drawing for every frame: each element says in which steps it shows
    (``data-from``/``data-to``) or is the active one (``data-on``); ``player.js`` applies a
    step. As written, the drawing shows the last step (what prints and what shows with
    no JavaScript)."""
    d = _layout(output, name)
    last = len(all_frames) - 1
    node_on: dict[int, list[int]] = {}
    edge_on: dict[tuple[int, int, int], list[int]] = {}
    value_from: dict[int, int] = {}
    grad_spans: dict[int, list[tuple[int, int, float]]] = {}
    for i, frame in enumerate(all_frames):
        node_on.setdefault(frame.active_node, []).append(i)
        if frame.active_edge is not None:
            edge_on.setdefault(frame.active_edge, []).append(i)
        if frame.step.phase == "forward":
            value_from[frame.active_node] = i
        else:
            spans = grad_spans.setdefault(frame.active_node, [])
            if spans:
                spans[-1] = (spans[-1][0], i - 1, spans[-1][2])
            spans.append((i, last, frame.step.value))
    min_width = d.width * MIN_TEXT_PX / _FONT_EDGE
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bpb-graph" role="img" '
        f'aria-label="{html.escape(label)}" viewBox="0 0 {d.width:.0f} {d.height:.0f}" '
        f'style="max-width:{d.width:.0f}px;min-width:{min(d.width, min_width):.0f}px">'
    ]
    for edge in picture_edges(output):
        on = edge_on.get(edge.key, [])
        extra = f' data-on="{_steps_attr(on)}"' if on else ""
        parts.append(_edge_svg(d, edge.key, edge.local, edge.bend, last in on, attrs=False,
                               extra=extra))
    names = d.names
    for node in topological_order(output):
        nid = id(node)
        x, y = d.centre[nid]
        on = node_on.get(nid, [])
        extra = f' data-on="{_steps_attr(on)}"' if on else ""
        parts.append(_node_svg(node, names[node], x, y, last in on, attrs=False, extra=extra))
        if nid in value_from:
            parts.append(_value_svg(x, d.value_y(nid), f"{names[node]} = {fmt(node.data)}",
                                    f' data-from="{value_from[nid]}"'))
        for start, stop, grad in grad_spans.get(nid, []):
            shown = "" if stop == last else ' visibility="hidden"'
            parts.append(_grad_svg(x, d.grad_y(nid), _grad_text(names, node, grad),
                                   f' data-from="{start}" data-to="{stop}"{shown}'))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def player_html(output: Value, title: str = "", output_name: str | None = None) -> str:
    """The static rendition: one drawing of the graph whose labels and highlights change
    with the step, a caption area as tall as the longest caption, and controls that
    ``player.js`` wires up (buttons, slider, arrow keys; all labelled)."""
    name = output_name or Labels(output)[output]
    all_frames = frames(output)
    count = len(all_frames)
    heading = html.escape(title or f"Forward and backward pass of {Labels(output)[output]}")
    shown = title or Labels(output)[output]
    drawing = _drawing_svg(output, all_frames, name, f"{shown}: the graph")
    captions = "".join(
        f'<p class="bpb-player-caption bpb-{f.step.phase}{" bpb-on" if i == count - 1 else ""}" '
        f'data-step="{i}">{html.escape(_caption(i, count, f.step))}</p>'
        for i, f in enumerate(all_frames)
    )
    digest = hashlib.sha256((drawing + captions).encode()).hexdigest()[:12]
    pid = f"bpb-player-{digest}"
    return (
        f'<div class="bpb-player" id="{pid}" data-steps="{count}" role="region" '
        f'aria-label="{heading}: step-through player">'
        f'<p class="bpb-player-title">{heading}</p>'
        f'<p class="bpb-player-legend">{html.escape(legend(name))}</p>'
        f'<div class="bpb-player-stage">{drawing}</div>'
        f'<div class="bpb-player-captions" aria-live="polite">{captions}</div>'
        f'<div class="bpb-player-controls" role="group" aria-label="Player controls" hidden>'
        f'<button type="button" data-act="first" aria-label="First step">« First</button>'
        f'<button type="button" data-act="prev" aria-label="Previous step">‹ Previous</button>'
        f'<button type="button" data-act="play" aria-label="Play">▶ Play</button>'
        f'<button type="button" data-act="next" aria-label="Next step">Next ›</button>'
        f'<button type="button" data-act="last" aria-label="Last step">Last »</button>'
        f'<input type="range" min="0" max="{count - 1}" value="{count - 1}" step="1" '
        f'aria-label="Step of {count}" id="{pid}-slider"/>'
        f'<span class="bpb-player-status">{count} / {count}</span>'
        f"</div>"
        f"<noscript><p>Without JavaScript the last step is shown.</p></noscript>"
        f"</div>"
    )


def player_widget(output: Value, title: str = "", output_name: str | None = None) -> object:
    """The live rendition: an ipywidget with play, previous/next and a slider."""
    import ipywidgets as w

    name = output_name or Labels(output)[output]
    all_frames = frames(output)
    count = len(all_frames)
    pictures = [_svg(output, f, name) for f in all_frames]
    captions = [_caption(i, count, f.step) for i, f in enumerate(all_frames)]

    picture = w.HTML(value=pictures[0])
    caption = w.HTML(value=f"<code>{html.escape(captions[0])}</code>")
    # steps are counted from 1, as in the captions ("Step 1 of 14")
    slider = w.IntSlider(value=1, min=1, max=count, description="Step",
                         continuous_update=True, readout=True)
    play = w.Play(value=1, min=1, max=count, interval=900, description="Play")
    w.jslink((play, "value"), (slider, "value"))
    prev_button = w.Button(description="◀ Previous", tooltip="Previous step")
    next_button = w.Button(description="Next ▶", tooltip="Next step")

    def show(change: dict[str, int]) -> None:
        i = change["new"] - 1
        picture.value = pictures[i]
        caption.value = f"<code>{html.escape(captions[i])}</code>"

    slider.observe(show, names="value")
    prev_button.on_click(lambda _: setattr(slider, "value", max(1, slider.value - 1)))
    next_button.on_click(lambda _: setattr(slider, "value", min(count, slider.value + 1)))
    heading = w.HTML(value=f"<b>{html.escape(title or 'Forward and backward pass')}</b><br>"
                           f"<small>{html.escape(legend(name))}</small>")
    controls = w.HBox([play, prev_button, next_button, slider])
    box = w.VBox([heading, picture, caption, controls])
    box.add_class("bpb-player-widget")
    return box


def graph_player(output: Value, title: str = "", output_name: str | None = None) -> Both:
    """Step through the forward then the backward pass of ``output``'s graph.

    Display the result (last expression of a cell): JupyterLab shows the widget, the book's
    website shows the HTML player. Runs ``output.backward()``.
    """
    static = player_html(output, title, output_name)
    count = len(frames(output))
    text = f"Step-through player: {title or Labels(output)[output]} ({count} steps)"
    return both(player_widget(output, title, output_name), static, text)
