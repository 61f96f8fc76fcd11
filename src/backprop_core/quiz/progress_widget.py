"""The book-wide progress in JupyterLab: the same totals as the site, for this kernel.

A kernel holds the progress of the quizzes answered in it (:mod:`.session`), and of the
predictions made right in the chapters' step-through players: run the chapters' cells in
this kernel, then *Refresh*. As on the site, a chapter's predictions are said beside its
score ("(+N points from predictions in the players)"), and their sum under the table.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import ipywidgets as widgets

from . import messages
from .book import BookChapter, check_book_chapters
from .progress import PAGE_TEXT
from .rulebook import TEXT
from .session import ChapterSession, existing_session, predictions_for
from .show import QUIZ_DIR


class BookProgress(widgets.VBox):
    """A table of every chapter's score in this kernel, *Refresh* and *Retry my mistakes*."""

    def __init__(self, chapters: Sequence[BookChapter]) -> None:
        self.chapters = list(check_book_chapters(chapters))
        self.table = widgets.HTML()
        self.refresh_button = widgets.Button(description=TEXT["progress_refresh"])
        self.retry_button = widgets.Button(description=TEXT["progress_retry"],
                                           tooltip=TEXT["progress_retry_tooltip"])
        self.refresh_button.on_click(lambda _: self.refresh())
        self.retry_button.on_click(lambda _: self.retry())
        super().__init__([self.table, widgets.HBox([self.refresh_button, self.retry_button])])
        self.refresh()

    def session(self, bc: BookChapter) -> ChapterSession | None:
        return existing_session(Path(QUIZ_DIR) / f"{bc.chapter.name}.txt")

    def totals(self) -> list[tuple[str, int, int, int, int, int]]:
        """(title, score, total, answered, count, mistakes) per chapter."""
        rows = []
        for bc in self.chapters:
            s = self.session(bc)
            count = len(bc.chapter.quizzes)
            if s is None:
                rows.append((bc.title, 0, bc.chapter.total, 0, count, 0))
                continue
            p = s.progress
            mistakes = sum(1 for q in p.quizzes if q.wrong_tries)
            rows.append((bc.title, p.score, bc.chapter.total, p.solved, count, mistakes))
        return rows

    def predictions(self) -> list[tuple[int, int]]:
        """(points, steps predicted right) of each chapter's players in this kernel."""
        return [predictions_for(bc.chapter.name).score() for bc in self.chapters]

    def retry(self) -> None:
        """Reset every question with a wrong try, in every chapter of this kernel."""
        for bc in self.chapters:
            s = self.session(bc)
            if s is not None:
                wrong = [i for i, q in enumerate(s.progress.quizzes) if q.wrong_tries]
                if wrong:
                    s.reset(wrong)
        self.refresh()

    def refresh(self) -> None:
        rows, predicted = self.totals(), self.predictions()
        body = "".join(
            f"<tr><td>{html.escape(t)}</td><td>{s} of {tot}{_players(extra)}</td>"
            f"<td>{a} of {n}</td><td>{m}</td></tr>"
            for (t, s, tot, a, n, m), extra in zip(rows, predicted, strict=True)
        )
        extra, solved = sum(p[0] for p in predicted), sum(p[1] for p in predicted)
        said = PAGE_TEXT["players_total"].format(points=messages.points(extra), solved=solved)
        players = f"<p>{html.escape(said)}</p>" if solved else ""
        score, total = sum(r[1] for r in rows), sum(r[2] for r in rows)
        answered, count = sum(r[3] for r in rows), sum(r[4] for r in rows)
        self.table.value = (
            f"<p><b>{messages.book_total(score, total, answered, count)}</b></p>"
            f"<table><tr><th>{TEXT['progress_chapter']}</th><th>{TEXT['progress_score_head']}"
            f"</th><th>{TEXT['progress_answered']}</th>"
            f"<th>{TEXT['progress_with_wrong']}</th></tr>{body}</table>{players}"
        )


def _players(predicted: tuple[int, int]) -> str:
    """What a chapter's score cell adds for its players' predictions (none: nothing)."""
    extra, solved = predicted
    if not solved:
        return ""
    return html.escape(PAGE_TEXT["players_chapter"].format(points=messages.points(extra)))
