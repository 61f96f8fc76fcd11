"""The static rendition, for the website (no kernel): one drawing of the graph whose labels
and highlights change with the step, a caption area as tall as the longest caption, and
controls that ``book/_vendor/bpb/player.js`` wires up (buttons, slider, arrow keys; all
labelled). Without JavaScript, and in print, the last step shows.
"""

from __future__ import annotations

import hashlib
import html
import json

from backprop_core.figures.player.layout import Layout
from backprop_core.figures.player.model import PlayerModel
from backprop_core.figures.player.predict import answer_label, prediction_data
from backprop_core.figures.player.svg import drawing_svg
from backprop_core.quiz.rulebook import rules_script


def static_player(model: PlayerModel, drawing: Layout, predict: str | None = None) -> str:
    """The player as one HTML fragment; its id is a digest of its content (deterministic).
    ``predict``: the chapter whose progress counts the reader's predictions ("predict, then
    see", ``predict.py``), or None for a player that only shows."""
    count = model.count
    heading = html.escape(model.title or
                          f"Forward and backward pass of {model.names[model.output]}")
    svg = drawing_svg(model, drawing, f"{model.shown_name}: the graph")
    captions = "".join(
        f'<p class="bpb-player-caption bpb-{f.step.phase}{" bpb-on" if i == count - 1 else ""}" '
        f'data-step="{i}" data-phase="{f.step.phase}">{html.escape(model.caption(i))}</p>'
        for i, f in enumerate(model.frames)
    )
    digest = hashlib.sha256((svg + captions + str(predict)).encode()).hexdigest()[:12]
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
        # below the controls, so that they never move: the predict box, the gradients
        f"{'' if predict is None else _predict(model, predict, pid)}{_parameters(model)}"
        f"<noscript><p>Without JavaScript the last step is shown.</p></noscript>"
        f"</div>"
    )


def _parameters(model: PlayerModel) -> str:
    """The list of ∂C/∂b and ∂C/∂w, each shown from its step on (all of them as written)."""
    items = "".join(f'<li data-from="{i}">{html.escape(text)}</li>'
                    for i, text in model.parameter_texts)
    if not items:
        return ""
    return (f'<div class="bpb-player-params"><p>What training needs, step by step:</p>'
            f'<ul aria-label="Gradients of the weights and biases">{items}</ul></div>')


def _predict(model: PlayerModel, chapter: str, pid: str) -> str:
    """The "predict, then see" box (``player.js`` shows it) and its data."""
    data = json.dumps(prediction_data(model, chapter), ensure_ascii=False,
                      separators=(",", ":"), sort_keys=True).replace("<", "\\u003c")
    return (
        f'<div class="bpb-player-predict" hidden>'
        f'<p class="bpb-player-question" id="{pid}-question"></p>'
        f'<label for="{pid}-answer">{html.escape(answer_label())}</label> '
        f'<input type="text" id="{pid}-answer" class="bpb-player-answer" inputmode="decimal" '
        f'autocomplete="off" spellcheck="false" aria-describedby="{pid}-question"/> '
        f'<button type="button" data-predict="check">Check</button> '
        f'<button type="button" data-predict="reveal">Show the step</button>'
        f'<p class="bpb-player-feedback" role="status" aria-live="polite"></p>'
        f'<p class="bpb-player-score"></p></div>'
        f'<script type="application/json" class="bpb-player-predictions">{data}</script>'
        f"{rules_script()}"
    )
