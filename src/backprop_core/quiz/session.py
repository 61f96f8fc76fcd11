"""Progress on one quiz file in the running Python session, shared by every view on it.

One :class:`ChapterSession` per quiz file holds the reader's progress; the widgets (quizzes
shown in several cells, the scoreboard) subscribe to it, so the chapter score and
``\\shownext`` gating are shared across cells. Needs no ipywidgets.

The predictions made right in a chapter's step-through players ("predict, then see",
``figures.player.predict``) are kept beside it, one :class:`ChapterPredictions` per
chapter name, as the site keeps them in the chapter's progress: under
``player:<player>:<step>``, each worth ``max(0, PREDICT_POINTS − PREDICT_PENALTY · t)``
after t wrong tries. The chapter's reset (:meth:`ChapterSession.reset` of every quiz)
clears them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from ..errors import ArgumentError, ArgumentTypeError, check_index, check_steps, describe
from . import messages
from .model import Chapter, ChapterProgress, Outcome
from .parse import read_chapter

# A step-through player in "predict, then see" mode keeps each prediction in its chapter's
# progress under "player:<player>:<step>", scored like a numeric question worth
# PREDICT_POINTS, less PREDICT_PENALTY per wrong try (progress.js: playerProgress).
PREDICT_POINTS, PREDICT_PENALTY = 2, 1
PLAYER_PREFIX = "player:"


def player_entry(player: str, step: int) -> str:
    """The progress key of a player's prediction of step ``step`` (counted from 0)."""
    return f"{PLAYER_PREFIX}{player}:{step}"


def prediction_worth(wrong_tries: int) -> int:
    """What a right prediction earns after ``wrong_tries`` wrong ones: max(0, P − p · t)."""
    return max(0, PREDICT_POINTS - PREDICT_PENALTY * wrong_tries)


class ChapterPredictions:
    """The predictions made right in one chapter's players in this kernel:
    ``solved`` maps each ``player:<player>:<step>`` key to its wrong tries."""

    def __init__(self) -> None:
        self.solved: dict[str, int] = {}
        self._listeners: list[Callable[[], None]] = []

    def record(self, key: str, wrong_tries: int) -> None:
        """Count a step predicted right after ``wrong_tries`` wrong tries (a key counts once:
        predicting it again replaces it)."""
        if not isinstance(key, str) or not key.startswith(PLAYER_PREFIX):
            raise ArgumentError(f"key must be a prediction's progress key such as "
                                f"'{player_entry('graph', 3)}', got {describe(key)}")
        self.solved[key] = check_steps(wrong_tries, "wrong_tries")

    def score(self) -> tuple[int, int]:
        """(points, steps predicted right), the site's playerProgress."""
        return sum(prediction_worth(t) for t in self.solved.values()), len(self.solved)

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` when the predictions are cleared (the chapter's reset)."""
        self._listeners.append(listener)

    def clear(self) -> None:
        self.solved.clear()
        for listener in self._listeners:
            listener()


_PREDICTIONS: dict[str, ChapterPredictions] = {}


def predictions_for(chapter: str) -> ChapterPredictions:
    """The predictions this kernel counts in the chapter ``chapter`` (its quiz file's name,
    such as 'worked-example'), new and empty the first time."""
    if not isinstance(chapter, str) or not chapter:
        raise ArgumentTypeError(f"chapter must be a chapter's name such as 'worked-example', "
                                f"got {describe(chapter)}")
    return _PREDICTIONS.setdefault(chapter, ChapterPredictions())


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

    @property
    def predictions(self) -> ChapterPredictions:
        """The predictions made right in this chapter's players (:func:`predictions_for`)."""
        return predictions_for(self.chapter.name)

    def reset(self, indices: Sequence[int] | None = None) -> None:
        """Reset quizzes (all by default); quizzes that get hidden again are reset too.
        The chapter's reset (no ``indices``) clears its players' predictions as well."""
        before = [(p.solved, p.wrong_tries) for p in self.progress.quizzes]
        targets = self.chapter.indices(indices)
        self.progress.reset(targets)
        for i, p in enumerate(self.progress.quizzes):
            if i in targets or (p.solved, p.wrong_tries) != before[i]:
                self.generation[i] += 1
                self.feedback.pop(i, None)
                self.whynot.pop(i, None)
        if indices is None:
            self.predictions.clear()
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
