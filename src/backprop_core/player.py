"""A step-through player of a computational graph: the forward pass, one node at a time,
then the backward pass, one edge at a time (``graph.trace``).

Every frame is an SVG picture of the graph in the state after that step: the values known
so far (above the nodes), the gradients accumulated so far (below), the active node and
edge highlighted, and the step's formula as a caption. The same frames serve two players:

- in JupyterLab, an ipywidget (play, previous/next, a slider);
- on the static site, HTML that ``book/_vendor/bpb/player.js`` drives (buttons, a slider,
  arrow keys), with no kernel and no network.

One call, ``graph_player(o)``, returns an output that carries both (``display.both``).
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass

from backprop_core.display import Both, both
from backprop_core.draw import graph_layout
from backprop_core.graph import Step, Value, fmt, topological_order, trace

_SCALE_X, _SCALE_Y, _RADIUS, _PAD = 150.0, 96.0, 22.0, 52.0
_ACTIVE, _ACTIVE_TEXT = "#009E73", "#00805c"  # bluish green (Okabe-Ito): the current step


@dataclass(frozen=True)
class Frame:
    """The state of the graph after one step: what a picture of that moment shows."""

    step: Step
    values: dict[int, float]  # id(node) -> value, for the nodes computed so far
    grads: dict[int, float]  # id(node) -> ∂o/∂node accumulated so far
    active_node: int
    active_edge: tuple[int, int] | None  # (id(parent), id(child)) of a backward step


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
            if step.child is not None:
                edge = (key, id(step.child))
        result.append(Frame(step, dict(values), dict(grads), key, edge))
    return result


def _svg(output: Value, frame: Frame, output_name: str) -> str:
    """The graph as SVG in the state of ``frame`` (deterministic text: no random ids)."""
    layout = graph_layout(output)
    xs = [x for x, _ in layout.values()]
    ys = [y for _, y in layout.values()]
    width = (max(xs) - min(xs)) * _SCALE_X + 2 * _PAD + 40
    height = (max(ys) - min(ys)) * _SCALE_Y + 2 * _PAD + 20

    def at(node: Value) -> tuple[float, float]:
        x, y = layout[node]
        return (x - min(xs)) * _SCALE_X + _PAD + 20, (max(ys) - y) * _SCALE_Y + _PAD + 10

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bpb-graph" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}">',
        f"<title>{html.escape(frame.step.formula)}</title>",
    ]
    seen: set[tuple[int, int]] = set()
    for child in topological_order(output):
        for parent, local in zip(child.parents, child.local_derivatives, strict=True):
            key = (id(parent), id(child))
            if key in seen:
                continue
            seen.add(key)
            (x0, y0), (x1, y1) = at(parent), at(child)
            length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
            ux, uy = (x1 - x0) / length, (y1 - y0) / length
            active = key == frame.active_edge
            cls = "bpb-edge bpb-active" if active else "bpb-edge"
            # the highlight is in the attributes too: JupyterLab does not load player.css
            colour, width = (_ACTIVE, 3.5) if active else ("#666", 1.6)
            text_style = f'fill="{_ACTIVE_TEXT}" font-weight="bold"' if active else 'fill="#444"'
            # slanted edges cross mid-way, and near their ends sit the node labels:
            # 40% of the way keeps an edge's number clear of both
            t = 0.5 if abs(y1 - y0) < 1e-9 else 0.4
            parts.append(
                f'<g class="{cls}"><line x1="{x0 + _RADIUS * ux:.1f}" y1="{y0 + _RADIUS * uy:.1f}" '
                f'x2="{x1 - (_RADIUS + 6) * ux:.1f}" y2="{y1 - (_RADIUS + 6) * uy:.1f}" '
                f'stroke="{colour}" stroke-width="{width}"/>'
                f'<polygon points="{_arrow_head(x1 - _RADIUS * ux, y1 - _RADIUS * uy, ux, uy)}" '
                f'fill="{colour}"/>'
                f'<text class="bpb-local" x="{x0 + t * (x1 - x0):.1f}" '
                f'y="{y0 + t * (y1 - y0) - 4:.1f}" text-anchor="middle" font-size="12" '
                f"{text_style}>{html.escape(fmt(local))}</text></g>"
            )
    for node in topological_order(output):
        x, y = at(node)
        nid = id(node)
        active = nid == frame.active_node
        cls = "bpb-node bpb-active" if active else "bpb-node"
        fill = "#e3eef8" if node.is_leaf else "#f3f6fa"
        stroke, width = (_ACTIVE, 4) if active else ("#333", 2)
        label = html.escape(node.label)
        parts.append(
            f'<g class="{cls}"><circle cx="{x:.1f}" cy="{y:.1f}" r="{_RADIUS:.0f}" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'
            f'<text x="{x:.1f}" y="{y + 5:.1f}" text-anchor="middle" font-size="15" '
            f'font-weight="bold" fill="#111">{label}</text>'
        )
        if nid in frame.values:
            parts.append(
                f'<text class="bpb-val" x="{x:.1f}" y="{y - _RADIUS - 8:.1f}" '
                f'text-anchor="middle" font-size="13" fill="#0060a0">'
                f"{label} = {html.escape(fmt(frame.values[nid]))}</text>"
            )
        if nid in frame.grads:
            name = html.escape(f"∂{output_name}/∂{node.label}")
            parts.append(
                f'<text class="bpb-grad" x="{x:.1f}" y="{y + _RADIUS + 18:.1f}" '
                f'text-anchor="middle" font-size="13" fill="#b34700">'
                f"{name} = {html.escape(fmt(frame.grads[nid]))}</text>"
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def _arrow_head(x: float, y: float, ux: float, uy: float) -> str:
    """Points of a small triangle whose tip is (x, y), pointing along (ux, uy)."""
    back_x, back_y = x - 10 * ux, y - 10 * uy
    return (f"{x:.1f},{y:.1f} {back_x - 5 * uy:.1f},{back_y + 5 * ux:.1f} "
            f"{back_x + 5 * uy:.1f},{back_y - 5 * ux:.1f}")


def _caption(index: int, count: int, step: Step) -> str:
    phase = "Forward pass" if step.phase == "forward" else "Backward pass"
    return f"Step {index + 1} of {count} · {phase}: {step.formula}"


def player_html(output: Value, title: str = "", output_name: str | None = None) -> str:
    """The static rendition: every frame as a figure, the first one shown, plus controls
    that ``player.js`` wires up (buttons, slider, arrow keys; all labelled)."""
    name = output_name or output.label
    all_frames = frames(output)
    svgs = [_svg(output, f, name) for f in all_frames]
    digest = hashlib.sha256("".join(svgs).encode()).hexdigest()[:12]
    pid = f"bpb-player-{digest}"
    count = len(all_frames)
    heading = html.escape(title or f"Forward and backward pass of {output.label}")
    figures = []
    for i, (frame, svg) in enumerate(zip(all_frames, svgs, strict=True)):
        hidden = "" if i == 0 else " hidden"
        caption = html.escape(_caption(i, count, frame.step))
        figures.append(
            f'<figure class="bpb-player-frame bpb-{frame.step.phase}" data-step="{i}"{hidden}>'
            f"{svg}<figcaption>{caption}</figcaption></figure>"
        )
    return (
        f'<div class="bpb-player" id="{pid}" data-steps="{count}" role="region" '
        f'aria-label="{heading}: step-through player">'
        f'<p class="bpb-player-title">{heading}</p>'
        f'<div class="bpb-player-stage">{"".join(figures)}</div>'
        f'<div class="bpb-player-controls" role="group" aria-label="Player controls" hidden>'
        f'<button type="button" data-act="first" aria-label="First step">« First</button>'
        f'<button type="button" data-act="prev" aria-label="Previous step">‹ Previous</button>'
        f'<button type="button" data-act="play" aria-label="Play">▶ Play</button>'
        f'<button type="button" data-act="next" aria-label="Next step">Next ›</button>'
        f'<button type="button" data-act="last" aria-label="Last step">Last »</button>'
        f'<input type="range" min="0" max="{count - 1}" value="0" step="1" '
        f'aria-label="Step of {count}" id="{pid}-slider"/>'
        f'<span class="bpb-player-status" aria-live="polite">1 / {count}</span>'
        f"</div>"
        f'<noscript><p>Without JavaScript only the first step is shown.</p></noscript>'
        f"</div>"
    )


def player_widget(output: Value, title: str = "", output_name: str | None = None) -> object:
    """The live rendition: an ipywidget with play, previous/next and a slider."""
    import ipywidgets as w

    name = output_name or output.label
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
    heading = w.HTML(value=f"<b>{html.escape(title or 'Forward and backward pass')}</b>")
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
    text = f"Step-through player: {title or output.label} ({count} steps)"
    return both(player_widget(output, title, output_name), static, text)
