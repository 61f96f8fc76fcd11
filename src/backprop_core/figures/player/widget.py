"""The live rendition, for JupyterLab: an ipywidget with play, previous/next and a slider,
showing one SVG per step (``svg.frame_svg``, drawn when first shown, on the shared
layout). The only module of the player that imports ipywidgets.
"""

from __future__ import annotations

import html

import ipywidgets as w

from backprop_core.errors import check_integer
from backprop_core.figures.player.layout import Layout
from backprop_core.figures.player.model import PlayerModel
from backprop_core.figures.player.svg import frame_svg


class PlayerWidget(w.VBox):
    """Heading, picture, caption and controls (play, previous, next, a slider counting
    steps from 1 like the captions). Tests drive it like a reader: ``next()``,
    ``previous()``, ``go(step)``; ``picture`` and ``caption`` hold what is shown."""

    def __init__(self, model: PlayerModel, drawing: Layout) -> None:
        self._model, self._drawing = model, drawing
        self._pictures: dict[int, str] = {}
        count = model.count
        self.heading = w.HTML(value=f"<b>{html.escape(model.title or 'Forward and backward pass')}"
                                    f"</b><br><small>{html.escape(model.legend)}</small>")
        self.picture = w.HTML(value=self._picture(0))
        self.caption = w.HTML(value=self._caption(0))
        self.slider = w.IntSlider(value=1, min=1, max=count, description="Step",
                                  continuous_update=True, readout=True)
        self.play = w.Play(value=1, min=1, max=count, interval=900, description="Play")
        w.jslink((self.play, "value"), (self.slider, "value"))
        self.prev_button = w.Button(description="◀ Previous", tooltip="Previous step")
        self.next_button = w.Button(description="Next ▶", tooltip="Next step")
        self.slider.observe(self._show, names="value")
        self.prev_button.on_click(lambda _: self.previous())
        self.next_button.on_click(lambda _: self.next())
        controls = w.HBox([self.play, self.prev_button, self.next_button, self.slider])
        super().__init__([self.heading, self.picture, self.caption, controls])
        self.add_class("bpb-player-widget")

    @property
    def step(self) -> int:
        """The step shown, counted from 1."""
        return int(self.slider.value)

    def go(self, step: int) -> None:
        """Show step ``step`` (counted from 1; one beyond either end shows that end)."""
        step = check_integer(step, "step")
        self.slider.value = max(1, min(self._model.count, step))

    def next(self) -> None:
        self.go(self.step + 1)

    def previous(self) -> None:
        self.go(self.step - 1)

    def _picture(self, index: int) -> str:
        if index not in self._pictures:
            self._pictures[index] = frame_svg(self._model, self._drawing, index)
        return self._pictures[index]

    def _caption(self, index: int) -> str:
        return f"<code>{html.escape(self._model.caption(index))}</code>"

    def _show(self, change: dict[str, int]) -> None:
        i = change["new"] - 1
        self.picture.value = self._picture(i)
        self.caption.value = self._caption(i)
