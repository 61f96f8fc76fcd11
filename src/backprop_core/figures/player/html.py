"""The static rendition, for the website (no kernel): one drawing of the graph whose labels
and highlights change with the step, a caption area as tall as the longest caption, and
controls that ``book/_vendor/bpb/player.js`` wires up (buttons, slider, arrow keys; all
labelled). Without JavaScript, and in print, the last step shows.
"""

from __future__ import annotations

import hashlib
import html

from backprop_core.figures.player.layout import Layout
from backprop_core.figures.player.model import PlayerModel
from backprop_core.figures.player.svg import drawing_svg


def static_player(model: PlayerModel, drawing: Layout) -> str:
    """The player as one HTML fragment; its id is a digest of its content (deterministic)."""
    count = model.count
    heading = html.escape(model.title or
                          f"Forward and backward pass of {model.names[model.output]}")
    svg = drawing_svg(model, drawing, f"{model.shown_name}: the graph")
    captions = "".join(
        f'<p class="bpb-player-caption bpb-{f.step.phase}{" bpb-on" if i == count - 1 else ""}" '
        f'data-step="{i}">{html.escape(model.caption(i))}</p>'
        for i, f in enumerate(model.frames)
    )
    digest = hashlib.sha256((svg + captions).encode()).hexdigest()[:12]
    pid = f"bpb-player-{digest}"
    return (
        f'<div class="bpb-player" id="{pid}" data-steps="{count}" role="region" '
        f'aria-label="{heading}: step-through player">'
        f'<p class="bpb-player-title">{heading}</p>'
        f'<p class="bpb-player-legend">{html.escape(model.legend)}</p>'
        f'<div class="bpb-player-stage">{svg}</div>'
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
