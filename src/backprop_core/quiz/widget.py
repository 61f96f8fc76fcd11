"""The live rendition: ipywidgets in JupyterLab.

The progress lives in :class:`.session.ChapterSession` (one per quiz file); every view
(quizzes shown in several cells, the scoreboard) subscribes to it, so the chapter
score and ``\\shownext`` gating are shared across cells.  A view keeps only what
the reader has ticked but not yet checked.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets

from ..errors import check_index, check_instance, check_text
from . import messages
from .markup import render_block, render_inline
from .model import Outcome
from .rulebook import TEXT
from .session import ChapterSession
from .static import LOCK_ICON

_COLOURS = {
    "right": "var(--jp-success-color1, #1b7e3c)",
    "wrong": "var(--jp-error-color1, #c62828)",
    "note": "var(--jp-ui-font-color1, inherit)",
}


def _coloured(text: str, tone: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<span style="color: {_COLOURS[tone]}">{escaped}</span>'


class QuizWidget(widgets.VBox):
    """One quiz: question, an input per answer, Check and Reset, feedback and points.

    Radio buttons when one answer is correct, checkboxes when several are, a text box
    for a numeric quiz; answers in :meth:`.Quiz.display_order`.  Tests can drive it like
    a reader: ``select(1)`` (file index) or ``type("10.5")``, ``check()`` (or
    ``check_button.click()``), then read ``feedback.value``, ``status.value``,
    ``whynot.value`` or the session's score.
    """

    def __init__(self, session: ChapterSession, index: int) -> None:
        check_instance(session, ChapterSession, "session")
        index = check_index(index, len(session.chapter.quizzes),
                            "index (a quiz of the chapter)")
        self.session = session
        self.index = index
        self.quiz = quiz = session.chapter.quizzes[index]
        self._generation = session.generation[index]
        self.multiple = quiz.multiple
        self.choices: list[widgets.Checkbox | widgets.RadioButtons] = []
        rows: list[widgets.Widget] = []
        self.number = widgets.Text(
            placeholder=TEXT["number_placeholder"],
            description=messages.answer_label(quiz).strip(),
            style={"description_width": "initial"},
        )
        if quiz.numeric is not None:
            rows.append(self.number)
        for i, answer in enumerate(quiz.answers):
            choice: widgets.Checkbox | widgets.RadioButtons
            if self.multiple:
                choice = widgets.Checkbox(
                    value=False,
                    indent=False,
                    layout=widgets.Layout(width="28px", margin="6px 0 0 0"),
                )
            else:
                choice = widgets.RadioButtons(
                    options=[("", i)],
                    index=None,
                    layout=widgets.Layout(width="28px", margin="6px 0 0 0"),
                )
                choice.observe(self._exclusive, names="index")
            self.choices.append(choice)
            label = widgets.HTMLMath(render_inline(answer.text))
            rows.append(widgets.HBox([choice, label], layout=widgets.Layout(align_items="center")))
        if quiz.numeric is None:
            rows = [rows[i] for i in quiz.display_order()]
        self.check_button = widgets.Button(
            description=TEXT["check"], button_style="primary", tooltip=TEXT["check_tooltip"]
        )
        self.reset_button = widgets.Button(description=TEXT["reset"], tooltip=TEXT["reset_tooltip"])
        self.check_button.on_click(lambda _: self.check())
        self.reset_button.on_click(lambda _: self.reset())
        self.status = widgets.HTML()
        self.feedback = widgets.HTML()
        self.whynot = widgets.HTMLMath()
        self.explain = widgets.HTMLMath(
            "" if quiz.explain is None
            else f"<b>{html.escape(TEXT['why'])}</b>{render_inline(quiz.explain)}"
        )
        self.locked = widgets.HTML(
            f"{LOCK_ICON}<i>{html.escape(messages.locked(index + 1))}</i>"
        )
        self.body = widgets.VBox(
            [
                widgets.HTML(f"<b>{messages.meta(quiz, index + 1)}</b>"),
                widgets.HTMLMath(render_block(quiz.question, tag="p")),
                widgets.HTML(f"<i>{messages.hint(quiz)}</i>"),
                *rows,
                widgets.HBox([self.check_button, self.reset_button, self.status]),
                self.feedback,
                self.whynot,
                self.explain,
            ]
        )
        super().__init__(
            [self.locked, self.body],
            layout=widgets.Layout(
                border="1px solid var(--jp-border-color1, #ccc)",
                padding="4px 12px",
                margin="8px 0",
            ),
        )
        session.subscribe(self.refresh)
        self.refresh()

    def _exclusive(self, change: dict[str, object]) -> None:
        if change["new"] is None:
            return
        for other in self.choices:
            if other is not change["owner"] and isinstance(other, widgets.RadioButtons):
                other.index = None

    @property
    def selection(self) -> tuple[int, ...]:
        """Indices of the ticked answers (0-based, file order)."""
        return tuple(
            i
            for i, c in enumerate(self.choices)
            if (c.value if isinstance(c, widgets.Checkbox) else c.index == 0)
        )

    def select(self, *indices: int) -> None:
        """Tick exactly these answers (0-based); for radio buttons, the last one wins."""
        indices = tuple(check_index(i, len(self.choices), f"answer {i!r} to select")
                        for i in indices)
        for i, choice in enumerate(self.choices):
            if isinstance(choice, widgets.Checkbox):
                choice.value = i in indices
            elif i not in indices:
                choice.index = None
        for i in indices:
            choice = self.choices[i]
            if isinstance(choice, widgets.RadioButtons):
                choice.index = 0

    def type(self, text: str) -> None:
        """Type ``text`` into the box of a numeric quiz."""
        self.number.value = check_text(text, "text")

    def check(self) -> Outcome:
        """Press Check."""
        if self.quiz.numeric is not None:
            return self.session.check(self.index, self.number.value)
        return self.session.check(self.index, self.selection)

    def reset(self) -> None:
        """Press Reset: this quiz starts over (the quizzes it reveals hide again)."""
        self.session.reset([self.index])

    @property
    def visible(self) -> bool:
        return self.session.progress.visible(self.index)

    def refresh(self) -> None:
        """Bring the view in line with the session."""
        progress = self.session.progress.quizzes[self.index]
        if self._generation != self.session.generation[self.index]:
            self._generation = self.session.generation[self.index]
            self.select()
            self.number.value = ""
            self.whynot.value = ""
        visible = self.visible
        self.locked.layout.display = "none" if visible else None
        self.body.layout.display = None if visible else "none"
        for choice in self.choices:
            choice.disabled = progress.solved
        self.number.disabled = progress.solved
        self.whynot.value = "".join(
            f"<p><b>{html.escape(TEXT['why_not'])}</b>"
            f"{render_inline(self.quiz.answers[i].why or '')}</p>"
            for i in self.session.whynot.get(self.index, [])
        )
        self.check_button.disabled = progress.solved
        self.status.value = messages.status(progress)
        text, tone = self.session.feedback.get(self.index, ("", "note"))
        self.feedback.value = _coloured(text, tone) if text else ""
        show_explain = progress.solved and self.quiz.explain is not None
        self.explain.layout.display = None if show_explain else "none"


class QuizGroup(widgets.VBox):
    """The quizzes shown by one call, each a :class:`QuizWidget`."""

    def __init__(self, session: ChapterSession, indices: Sequence[int]) -> None:
        check_instance(session, ChapterSession, "session")
        indices = session.chapter.indices(indices)
        self.session = session
        self.quizzes = [QuizWidget(session, i) for i in indices]
        super().__init__(self.quizzes)
        session.show(indices)


class Scoreboard(widgets.HBox):
    """The chapter's running score and a button that clears every answer."""

    def __init__(self, session: ChapterSession) -> None:
        self.session = session
        self.label = widgets.HTML()
        self.clear_button = widgets.Button(
            description=TEXT["clear"], tooltip=TEXT["clear_tooltip"]
        )
        self.clear_button.on_click(lambda _: session.reset())
        super().__init__([self.label, self.clear_button])
        session.subscribe(self.refresh)
        self.refresh()

    @property
    def score(self) -> int:
        return self.session.progress.score

    def refresh(self) -> None:
        p = self.session.progress
        text = messages.scoreboard(p.score, self.session.chapter.total, p.solved, len(p))
        self.label.value = f"<b>{text}</b>"
