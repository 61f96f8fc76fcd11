"""``graph_player``: one output carrying both renditions of a player (``display.both``),
built from one model and one layout; without ipywidgets (the website's Python) the
output carries the HTML and text renditions only, as the quizzes do.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from backprop_core.display import Both, both, optional_widget
from backprop_core.engine.value import Value
from backprop_core.figures.player.html import static_player
from backprop_core.figures.player.layout import layout
from backprop_core.figures.player.model import PlayerModel


def graph_player(output: Value, title: str = "", output_name: str | None = None) -> Both:
    """Step through the forward then the backward pass of ``output``'s graph.

    Display the result (last expression of a cell): JupyterLab shows the widget, the book's
    website shows the HTML player. Runs ``output.backward()``. ``output_name`` names the
    output in the legend (default: its label).
    """
    model = PlayerModel.of(output, title, output_name)
    drawing = layout(model)
    widget = optional_widget(lambda: _widget().PlayerWidget(model, drawing))
    text = f"Step-through player: {model.shown_name} ({model.count} steps)"
    return both(widget, static_player(model, drawing), text)


def player_html(output: Value, title: str = "", output_name: str | None = None) -> str:
    """The static rendition alone (what the website shows)."""
    model = PlayerModel.of(output, title, output_name)
    return static_player(model, layout(model))


def player_widget(output: Value, title: str = "", output_name: str | None = None) -> Any:
    """The live rendition alone (needs ipywidgets): a ``widget.PlayerWidget``."""
    model = PlayerModel.of(output, title, output_name)
    return _widget().PlayerWidget(model, layout(model))


def _widget() -> ModuleType:
    """The ipywidgets side, imported only when a widget is built (not in the browser)."""
    from backprop_core.figures.player import widget

    return widget
