"""What a quiz is and how it is scored, independent of how it is shown.

A quiz earns its full ``points`` when answered right at the first try and loses
``penalty`` points for each wrong try, never going below zero:

    score = max(0, points - penalty * wrong_tries)

A try is a press of *Check* with a selection that has not been found wrong
before: an empty selection, or one already tried, costs nothing.  The browser
rendition (``book/_vendor/bpb/quiz.js``) implements the same rules.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

DEFAULT_POINTS = 10
"""Points a quiz is worth when its block has no ``\\points:`` line."""


@dataclass(frozen=True)
class Answer:
    """One answer line of a block: ``\\c: text`` (correct) or ``\\w: text`` (wrong)."""

    text: str
    correct: bool
    line: int = 0


@dataclass(frozen=True)
class Quiz:
    """One ``??`` block, parsed.

    ``line`` is the line of the opening ``??`` in ``source`` (the file's name),
    kept so that messages can point back at the block.
    """

    question: str
    answers: tuple[Answer, ...]
    penalty: int = 0
    shownext: bool = False
    points: int = DEFAULT_POINTS
    explain: str | None = None
    source: str = "<string>"
    line: int = 0

    @property
    def correct(self) -> frozenset[int]:
        """Indices (0-based, file order) of the correct answers."""
        return frozenset(i for i, a in enumerate(self.answers) if a.correct)

    @property
    def multiple(self) -> bool:
        """True when several answers are correct: shown as checkboxes, not radio buttons."""
        return len(self.correct) > 1

    def canonical(self) -> str:
        """The block written back in a normal form (no blank lines or trailing spaces).

        Two blocks that differ only in layout have the same canonical text, hence the
        same :func:`quiz_key`.
        """
        lines = ["??", self.question]
        lines += [("\\c: " if a.correct else "\\w: ") + a.text for a in self.answers]
        if self.penalty:
            lines.append(f"\\penalty:{self.penalty}")
        if self.points != DEFAULT_POINTS:
            lines.append(f"\\points:{self.points}")
        if self.explain is not None:
            lines.append(f"\\explain: {self.explain}")
        if self.shownext:
            lines.append("\\shownext:true")
        lines.append("??")
        return "\n".join(lines)

    def score(self, wrong_tries: int) -> int:
        """Points earned by a right answer after ``wrong_tries`` wrong tries."""
        return max(0, self.points - self.penalty * wrong_tries)


def quiz_key(file_name: str, quiz: Quiz, occurrence: int = 0) -> str:
    """A short id derived from content only: the file's name and the quiz's text.

    ``occurrence`` tells apart identical blocks of one file.  Being derived from
    content, the id is the same on every run and every machine (strict nbval), and
    progress saved in a browser survives edits to *other* quizzes.
    """
    payload = f"{file_name}\n{occurrence}\n{quiz.canonical()}"
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:12]


@dataclass(frozen=True)
class Chapter:
    """The quizzes of one file, in file order; ``name`` is the file's stem."""

    name: str
    quizzes: tuple[Quiz, ...]

    @property
    def total(self) -> int:
        """The most points the chapter's quizzes can earn together."""
        return sum(q.points for q in self.quizzes)

    def quiz_keys(self) -> list[str]:
        """Content-derived ids of the quizzes, in file order."""
        seen: dict[str, int] = {}
        out = []
        for q in self.quizzes:
            text = q.canonical()
            n = seen.get(text, 0)
            seen[text] = n + 1
            out.append(quiz_key(self.name, q, n))
        return out

    def gated(self, index: int) -> bool:
        """True when quiz ``index`` waits for the one before it (``\\shownext:true``)."""
        return index > 0 and self.quizzes[index - 1].shownext


class Outcome(enum.Enum):
    """What pressing *Check* did."""

    EMPTY = "empty"  # nothing selected: not a try, costs nothing
    REPEATED = "repeated"  # a selection already found wrong: costs nothing again
    WRONG = "wrong"  # a new wrong selection: costs the penalty
    RIGHT = "right"  # exactly the correct answers
    DONE = "done"  # the quiz was already answered right: nothing changes


@dataclass
class Progress:
    """A reader's progress on one quiz: the wrong selections tried, and whether solved."""

    quiz: Quiz
    tried: set[frozenset[int]] = field(default_factory=set)
    solved: bool = False

    @property
    def wrong_tries(self) -> int:
        return len(self.tried)

    @property
    def score(self) -> int:
        """Points earned so far: 0 until the quiz is answered right."""
        return self.quiz.score(self.wrong_tries) if self.solved else 0

    @property
    def worth(self) -> int:
        """Points a right answer would earn now."""
        return self.quiz.score(self.wrong_tries)

    def check(self, selection: Iterable[int]) -> Outcome:
        """Judge a selection of answer indices and record the try."""
        if self.solved:
            return Outcome.DONE
        chosen = frozenset(selection)
        if not chosen:
            return Outcome.EMPTY
        if chosen == self.quiz.correct:
            self.solved = True
            return Outcome.RIGHT
        if chosen in self.tried:
            return Outcome.REPEATED
        self.tried.add(chosen)
        return Outcome.WRONG

    def reset(self) -> None:
        self.tried.clear()
        self.solved = False


class ChapterProgress:
    """Progress on every quiz of a chapter, with the ``\\shownext`` gating between them.

    Quiz ``i`` is visible when the quiz before it has no ``\\shownext:true``, or is
    visible and answered right.  Gating only applies between quizzes that are shown:
    ``shown`` holds the indices on display (all of them by default), and a gate whose
    quiz is not on display is open.  A quiz that gets hidden again (because a reset
    closed its gate) is reset too, so a hidden quiz never holds points.
    """

    def __init__(self, chapter: Chapter) -> None:
        self.chapter = chapter
        self.quizzes = [Progress(q) for q in chapter.quizzes]
        self.shown: set[int] | None = None

    def __len__(self) -> int:
        return len(self.quizzes)

    def is_shown(self, index: int) -> bool:
        return self.shown is None or index in self.shown

    def visible(self, index: int) -> bool:
        """Whether quiz ``index`` is revealed (its gate, if any, is open)."""
        while self.chapter.gated(index) and self.is_shown(index - 1):
            if not self.quizzes[index - 1].solved:
                return False
            index -= 1
        return True

    def visibility(self) -> list[bool]:
        return [self.visible(i) for i in range(len(self))]

    @property
    def score(self) -> int:
        return sum(p.score for p in self.quizzes)

    @property
    def solved(self) -> int:
        return sum(p.solved for p in self.quizzes)

    def check(self, index: int, selection: Iterable[int]) -> Outcome:
        return self.quizzes[index].check(selection)

    def reset(self, indices: Sequence[int] | None = None) -> None:
        """Reset the given quizzes (all by default), then every quiz now hidden."""
        for i in range(len(self)) if indices is None else indices:
            self.quizzes[i].reset()
        for i, seen in enumerate(self.visibility()):
            if not seen:
                self.quizzes[i].reset()
