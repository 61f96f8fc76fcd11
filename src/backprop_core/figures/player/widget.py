"""The live rendition, for JupyterLab: an ipywidget with play, previous/next and a slider,
showing one SVG per step (``svg.frame_svg``, drawn when first shown, on the shared
layout), the list of ∂C/∂w and ∂C/∂b found so far, and in "predict, then see" mode a box
for the reader's prediction. The only module of the player that imports ipywidgets.
"""

from __future__ import annotations

import html

import ipywidgets as w

from backprop_core.errors import check_integer
from backprop_core.figures.player.layout import Layout
from backprop_core.figures.player.model import PlayerModel
from backprop_core.figures.player.predict import TEXT as SAYS
from backprop_core.figures.player.predict import Prediction, answer_label, predictions
from backprop_core.figures.player.svg import frame_svg
from backprop_core.quiz.messages import points
from backprop_core.quiz.numbers import read_number
from backprop_core.quiz.rulebook import TEXT, fill, plural
from backprop_core.quiz.session import PREDICT_POINTS, prediction_worth, predictions_for


class PlayerWidget(w.VBox):
    """Heading, picture, caption and controls (play, previous, next, a slider counting
    steps from 1 like the captions). Tests drive it like a reader: ``next()``,
    ``previous()``, ``go(step)``, and with ``predict``: ``answer.value = "0.25"`` then
    ``check()``, or ``reveal()``; ``picture``, ``caption``, ``feedback`` and ``score``
    hold what is shown. ``next()`` stops at a step whose value is still to be predicted.
    A step predicted right is recorded in the kernel under the chapter ``predict``
    (``quiz.session.predictions_for``), where ``show_progress()`` counts it; the chapter's
    reset clears the record, and this widget's predictions with it."""

    def __init__(self, model: PlayerModel, drawing: Layout, predict: str | None = None
                 ) -> None:
        self._model, self._drawing = model, drawing
        self._pictures: dict[int, str] = {}
        count = model.count
        self.heading = w.HTML(value=f"<b>{html.escape(model.title or 'Forward and backward pass')}"
                                    f"</b><br><small>{html.escape(model.legend)}</small>")
        self.picture = w.HTML(value=self._picture(0))
        self.caption = w.HTML(value=self._caption(0))
        self.parameters = w.HTML(value=self._parameters(0))
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
        parts: list[w.Widget] = [self.heading, self.picture, self.caption, self.parameters,
                                 controls]
        # "predict, then see": the reader's predictions, {step: Prediction}, and their state
        self._predictions: dict[int, Prediction] = (
            {p.step: p for p in predictions(model)} if predict else {})
        self._tried: dict[int, set[float]] = {}
        self._answered: set[int] = set()  # predicted right, or shown without points
        self.score = 0
        self._right = 0  # steps predicted right
        self._record = predictions_for(predict) if predict else None
        self.question = w.HTML()
        self.answer = w.Text(description="", placeholder="e.g. 0.25",
                             layout=w.Layout(width="12em"))
        self.check_button = w.Button(description="Check", tooltip="Check my prediction")
        self.reveal_button = w.Button(description="Show the step",
                                      tooltip="Show the step without predicting")
        self.feedback = w.HTML()
        self.score_line = w.HTML()
        if self._predictions:
            self.check_button.on_click(lambda _: self.check())
            self.reveal_button.on_click(lambda _: self.reveal())
            parts.append(w.VBox([self.question, w.HBox([w.Label(answer_label()), self.answer,
                                                        self.check_button, self.reveal_button]),
                                 self.feedback, self.score_line]))
            self._ask()
            if self._record is not None:
                self._record.subscribe(self._cleared)
        super().__init__(parts)
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
        """One step on, unless that step's value is still to be predicted."""
        if self._pending() is not None:
            self.feedback.value = html.escape(SAYS["wait"])
            return
        self.go(self.step + 1)

    def previous(self) -> None:
        self.go(self.step - 1)

    def check(self) -> None:
        """Judge the number in ``answer`` against the next step's value."""
        p = self._pending()
        if p is None:
            return
        reading = read_number(self.answer.value)
        if reading.value is None:
            self.feedback.value = html.escape(reading.problem)
            return
        tried = self._tried.setdefault(p.step, set())
        said = p.judge(reading.value)
        if not said:  # the quiz's words: "Right! +1 (after 1 wrong try). The value: 3."
            earned = prediction_worth(len(tried))
            text = fill("right", score=points(earned))
            if tried:
                text += fill("right_after", count=len(tried), tries=plural("try", len(tried)))
            self.score += earned
            self._right += 1
            self._answered.add(p.step)
            if self._record is not None:
                self._record.record(p.key, len(tried))
            self.feedback.value = html.escape(
                text + TEXT["right_end"] + fill("right_value", value=p.shown))
            self.go(p.step + 1)
            return
        if reading.value in tried:
            self.feedback.value = html.escape(TEXT["repeated_number"])
            return
        before = prediction_worth(len(tried))
        tried.add(reading.value)
        lost = before - prediction_worth(len(tried))
        cost = (fill("wrong_penalty", penalty=points(lost), worth=prediction_worth(len(tried)))
                if lost
                else TEXT["wrong_worthless"])
        self.feedback.value = html.escape(f"{TEXT['wrong']} {said}{cost}")
        self._ask()

    def reveal(self) -> None:
        """Show the next step without a prediction (it earns nothing)."""
        p = self._pending()
        if p is not None:
            self._answered.add(p.step)
            self.go(p.step + 1)

    def _cleared(self) -> None:
        """The chapter was reset: every prediction of this player is to be made again."""
        self._tried.clear()
        self._answered.clear()
        self.score = self._right = 0
        self.feedback.value = ""
        self._ask()

    def _pending(self) -> Prediction | None:
        """The prediction the next step waits for, if any."""
        p = self._predictions.get(self.step)  # frame index of the next step = self.step
        return p if p is not None and p.step not in self._answered else None

    def _ask(self) -> None:
        p = self._pending()
        self.question.value = html.escape(p.question if p else SAYS["ready"])
        count = len(self._predictions)
        self.score_line.value = html.escape(SAYS["score"].format(
            score=self.score, total=points(PREDICT_POINTS * count), solved=self._right,
            count=count))

    def _picture(self, index: int) -> str:
        if index not in self._pictures:
            self._pictures[index] = frame_svg(self._model, self._drawing, index)
        return self._pictures[index]

    def _caption(self, index: int) -> str:
        return f"<code>{html.escape(self._model.caption(index))}</code>"

    def _parameters(self, index: int) -> str:
        shown = [text for i, text in self._model.parameter_texts if i <= index]
        return "".join(f"<code>{html.escape(t)}</code><br>" for t in shown)

    def _show(self, change: dict[str, int]) -> None:
        i = change["new"] - 1
        self.picture.value = self._picture(i)
        self.caption.value = self._caption(i)
        self.parameters.value = self._parameters(i)
        if self._predictions:
            self._ask()

