"""The book-wide progress page: every chapter's score, what is left, reset, retry, export.

On the site, :func:`render_progress` writes a table (all zeros) and a JSON description of
every chapter's quizzes (ids, points, penalties, gates, page) and the rulebook
(:mod:`.rulebook`, for the sentences); ``book/_vendor/bpb/progress.js`` fills the table
from the progress each chapter page keeps in the browser's ``localStorage`` and wires the
buttons: reset a chapter or the whole book, "retry my mistakes" (reopen every question
that was answered wrongly at first), export to a file and import it back.  No quiz text is
on this page, only question numbers.

In JupyterLab the same call shows a widget with the same totals for the quizzes answered
in the running kernel (:mod:`.session`), and the players' predictions made in it, with a
refresh button and "retry my mistakes".
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from types import ModuleType

from ..display import Both, both, display, optional_widget
from ..version import __version__
from . import messages
from .book import BookChapter, book_chapters, check_book_chapters
from .rulebook import TEXT, fill, rules_script
from .session import PREDICT_PENALTY, PREDICT_POINTS
from .session import player_entry as player_entry  # re-exported (tests/support/api)

BOOK = "backprop-book"  # the book's name in progress keys and exports (quiz/store.js: BOOK)

# A step-through player in "predict, then see" mode (figures.player.predict) keeps each
# prediction in its chapter's progress under "player:<player>:<step>" (.session, where the
# kernel keeps them); the page counts them beside the quizzes (progress.js reads the
# numbers from the page's meta), and so does the JupyterLab widget.

# The progress page's own sentences (the rulebook's are shared by every quiz; these are
# only on this page): an export's integrity, and undoing a reset.
PAGE_TEXT = {
    "changed": ("{file} was changed after it was exported (its checksum does not match): "
                "nothing imported."),
    "undo": "Undo",
    "undone": "Undone: {what} has its progress back.",
    # the predictions of the step-through players ("predict, then see"), beside the quizzes
    "players_chapter": " (+{points} from predictions in the players)",
    "players_total": ("Predictions in the step-through players: {points} more "
                      "({solved} predicted right)."),
}


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def progress_data(chapters: Sequence[BookChapter]) -> list[dict[str, object]]:
    """What progress.js needs to score each chapter from the browser's storage."""
    chapters = check_book_chapters(chapters)
    return [
        {
            "name": bc.chapter.name,
            "page": bc.page,
            "total": bc.chapter.total,
            "quizzes": [
                {"key": key, "points": q.points, "penalty": q.penalty,
                 "shownext": q.shownext, **({"was": was} if was != key else {})}
                for key, was, q in zip(bc.chapter.quiz_keys(), bc.chapter.content_keys(False),
                                       bc.chapter.quizzes, strict=True)
            ],
        }
        for bc in chapters
    ]


def render_progress(chapters: Sequence[BookChapter]) -> str:
    """The static progress page: a table progress.js fills in, and its buttons."""
    chapters = check_book_chapters(chapters)
    rows = []
    for bc in chapters:
        ch = bc.chapter
        name = _attr(ch.name)
        rows.append(
            f'<tr data-bpb-chapter="{name}">'
            f'<th scope="row"><a href="{_attr(bc.page)}">{_attr(bc.title)}</a></th>'
            f'<td class="bpb-progress-score">'
            f"{_attr(fill('progress_score', score=0, total=ch.total))}</td>"
            f'<td class="bpb-progress-answered">'
            f"{_attr(fill('progress_score', score=0, total=len(ch.quizzes)))}</td>"
            f'<td class="bpb-progress-left">'
            f"{_attr(fill('progress_all_left', count=len(ch.quizzes)))}</td>"
            f'<td class="bpb-progress-actions">'
            f'<button type="button" class="bpb-progress-retry" disabled>'
            f'{_attr(TEXT["progress_retry"])}'
            f'<span class="bpb-sr-only"> in {_attr(bc.title)}</span></button> '
            f'<button type="button" class="bpb-progress-reset">{_attr(TEXT["reset"])}'
            f'<span class="bpb-sr-only"> {_attr(bc.title)}</span></button></td></tr>'
        )
    total = sum(bc.chapter.total for bc in chapters)
    count = sum(len(bc.chapter.quizzes) for bc in chapters)
    data = json.dumps(progress_data(chapters), separators=(",", ":"), sort_keys=True)
    data = data.replace("<", "\\u003c")  # no "</script>" can end the block early
    meta = json.dumps({"book": BOOK, "version": __version__, "text": PAGE_TEXT,
                       "players": {"points": PREDICT_POINTS, "penalty": PREDICT_PENALTY}},
                      separators=(",", ":"), sort_keys=True).replace("<", "\\u003c")
    t = {k: _attr(v) for k, v in TEXT.items()}
    return (
        '<div class="bpb-progress">\n'
        f'<p class="bpb-progress-total" aria-live="polite">'
        f"{_attr(messages.book_total(0, total, 0, count))}</p>\n"
        f'<table class="bpb-progress-table"><caption>{t["progress_caption"]}</caption>'
        f'<thead><tr><th scope="col">{t["progress_chapter"]}</th>'
        f'<th scope="col">{t["progress_score_head"]}</th>'
        f'<th scope="col">{t["progress_answered"]}</th>'
        f'<th scope="col">{t["progress_left_head"]}</th>'
        f'<th scope="col">{t["progress_actions"]}</th></tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table>\n"
        '<div class="bpb-progress-book">'
        '<button type="button" class="bpb-progress-retry-all" disabled>'
        f'{t["progress_retry_all"]}'
        "</button> "
        f'<button type="button" class="bpb-progress-reset-all">{t["progress_reset_all"]}'
        "</button> "
        f'<button type="button" class="bpb-progress-export">{t["progress_export"]}</button> '
        '<label class="bpb-progress-import-label" for="bpb-progress-import">'
        f"{t['progress_import']}</label> "
        '<input type="file" id="bpb-progress-import" class="bpb-progress-import" '
        'accept=".json,application/json"></div>\n'
        '<p class="bpb-progress-players" aria-live="polite" hidden></p>\n'
        '<p class="bpb-progress-message" role="status" aria-live="polite"></p>\n'
        '<ul class="bpb-progress-reopened" hidden></ul>\n'
        f'<script type="application/json" class="bpb-progress-data">{data}</script>\n'
        f'<script type="application/json" class="bpb-progress-meta">{meta}</script>\n'
        f"{rules_script()}\n"
        "</div>"
    )


def progress_output(names: Sequence[str] | None = None) -> Both:
    """The displayable of :func:`show_progress` (``.widget`` is a BookProgress): the
    chapters named (a list such as ``["chain-rule"]``, each once), or all of them."""
    chapters = book_chapters(names)
    total = sum(bc.chapter.total for bc in chapters)
    count = sum(len(bc.chapter.quizzes) for bc in chapters)
    text = f"Book progress: {len(chapters)} chapters, {count} questions, {messages.points(total)}"
    widget = optional_widget(lambda: _widgets().BookProgress(chapters))
    return both(widget, render_progress(chapters), text)


def _widgets() -> ModuleType:
    from . import progress_widget

    return progress_widget


def show_progress(names: Sequence[str] | None = None) -> None:
    """Show the book-wide progress table (every chapter with quizzes, in the book's order)."""
    display(progress_output(names))
