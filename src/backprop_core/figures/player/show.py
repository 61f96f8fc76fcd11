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
from backprop_core.figures.player.layout import Layout, layout
from backprop_core.figures.player.model import PlayerModel
from backprop_core.figures.player.predict import check_chapter
from backprop_core.networks.forms import NetworkGraph


def graph_player(output: Value, title: str = "", output_name: str | None = None, *,
                 parameters: NetworkGraph | None = None, predict: str | None = None) -> Both:
    """Step through the forward then the backward pass of ``output``'s graph.

    Display the result (last expression of a cell): JupyterLab shows the widget, the book's
    website shows the HTML player. Runs ``output.backward()``. ``output_name`` names the
    output in the legend (default: its label). ``parameters``: the network graph whose cost
    ``output`` is; then BP4 and BP3 follow the sweep, one ∂C/∂b or ∂C/∂w per step.
    ``predict``: the chapter (its quiz file's name) whose progress counts the reader's
    predictions: before each backward or parameter step the reader types the value it will
    reveal, scored like a numeric question (``predict.py``).
    """
    model, drawing = _built(output, title, output_name, parameters, predict)
    widget = optional_widget(lambda: _widget().PlayerWidget(model, drawing, predict))
    text = f"Step-through player: {model.shown_name} ({model.count} steps)"
    return both(widget, static_player(model, drawing, predict), text)


def player_html(output: Value, title: str = "", output_name: str | None = None, *,
                parameters: NetworkGraph | None = None, predict: str | None = None) -> str:
    """The static rendition alone (what the website shows)."""
    model, drawing = _built(output, title, output_name, parameters, predict)
    return static_player(model, drawing, predict)


def player_widget(output: Value, title: str = "", output_name: str | None = None, *,
                  parameters: NetworkGraph | None = None, predict: str | None = None) -> Any:
    """The live rendition alone (needs ipywidgets): a ``widget.PlayerWidget``."""
    model, drawing = _built(output, title, output_name, parameters, predict)
    return _widget().PlayerWidget(model, drawing, predict)


def _built(output: Value, title: str, output_name: str | None,
           parameters: NetworkGraph | None, predict: str | None) -> tuple[PlayerModel, Layout]:
    if predict is not None:
        check_chapter(predict)
    model = PlayerModel.of(output, title, output_name, parameters)
    return model, layout(model)


def _widget() -> ModuleType:
    """The ipywidgets side, imported only when a widget is built (not in the browser)."""
    from backprop_core.figures.player import widget

    return widget
