"""Progress on one quiz file in the running Python session, shared by every view on it.

One :class:`ChapterSession` per quiz file holds the reader's progress; the widgets (quizzes
shown in several cells, the scoreboard) subscribe to it, so the chapter score and
``\\shownext`` gating are shared across cells. Needs no ipywidgets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from ..errors import ArgumentTypeError, check_index, describe
from . import messages
from .model import Chapter, ChapterProgress, Outcome
from .parse import read_chapter


class ChapterSession:
    """Kernel-side state of one quiz file, shared by all the views on it."""

    def __init__(self, chapter: Chapter) -> None:
        self.chapter = chapter
        self.progress = ChapterProgress(chapter)
        self.progress.shown = set()
        self.feedback: dict[int, tuple[str, str]] = {}
        self.whynot: dict[int, list[int]] = {}  # wrong answers picked whose \why: shows
        self.generation = [0] * len(chapter.quizzes)
        self._listeners: list[Callable[[], None]] = []

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def changed(self) -> None:
        for listener in self._listeners:
            listener()

    def show(self, indices: Iterable[int]) -> None:
        """Record that these quizzes are on display (gates only count between those)."""
        assert self.progress.shown is not None
        self.progress.shown.update(indices)
        self.changed()

    def bind(self, values: Mapping[str, float], indices: Iterable[int]) -> None:
        """Give the numeric quizzes at ``indices`` the values the chapter computed."""
        self.chapter = self.chapter.bind(values, indices)
        self.progress.chapter = self.chapter
        for progress, quiz in zip(self.progress.quizzes, self.chapter.quizzes, strict=True):
            progress.quiz = quiz

    def check(self, index: int, selection: Iterable[int] | str) -> Outcome:
        """Judge a selection for quiz ``index`` (0-based) and tell the views."""
        index = check_index(index, len(self.progress), "index (a quiz of the chapter)")
        before = self.progress.visibility()
        progress = self.progress.quizzes[index]
        if not isinstance(selection, str):
            if not isinstance(selection, Iterable):
                raise ArgumentTypeError(f"selection must be a list of answer indices, or the "
                                        f"text typed for a numeric quiz, got "
                                        f"{describe(selection)}")
            selection = list(selection)
        picked = [] if isinstance(selection, str) else progress.picked_wrong(selection)
        outcome = progress.check(selection)
        shown = outcome in (Outcome.WRONG, Outcome.REPEATED)
        self.whynot[index] = picked if shown else []
        after = self.progress.visibility()
        # "the next question is now shown" only when it is on display (a page may show
        # some of a file's quizzes; the gate of one not shown opens unseen)
        reveals = any(
            after[i] and not before[i] and self.progress.is_shown(i) for i in range(len(after))
        )
        tone = {Outcome.RIGHT: "right", Outcome.DONE: "right", Outcome.WRONG: "wrong"}
        self.feedback[index] = (
            messages.feedback(progress, outcome, reveals),
            tone.get(outcome, "note"),
        )
        self.changed()
        return outcome

    def reset(self, indices: Sequence[int] | None = None) -> None:
        """Reset quizzes (all by default); quizzes that get hidden again are reset too."""
        before = [(p.solved, p.wrong_tries) for p in self.progress.quizzes]
        targets = self.chapter.indices(indices)
        self.progress.reset(targets)
        for i, p in enumerate(self.progress.quizzes):
            if i in targets or (p.solved, p.wrong_tries) != before[i]:
                self.generation[i] += 1
                self.feedback.pop(i, None)
                self.whynot.pop(i, None)
        self.changed()


_SESSIONS: dict[Path, ChapterSession] = {}


def existing_session(path: Path) -> ChapterSession | None:
    """The session of a quiz file if this kernel has one (quizzes of it were shown), else None."""
    return _SESSIONS.get(path.resolve())


def session_for(path: Path) -> ChapterSession:
    """The session of a quiz file, new if the file's quizzes changed since last time."""
    chapter = read_chapter(path)
    key = path.resolve()
    session = _SESSIONS.get(key)
    if session is None or session.chapter.content_keys() != chapter.content_keys():
        session = _SESSIONS[key] = ChapterSession(chapter)
    return session
