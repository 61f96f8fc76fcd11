"""What a quiz is and how it is scored, independent of how it is shown.

A quiz earns its full ``points`` when answered right at the first try and loses
``penalty`` points for each wrong try, never going below zero:

    score = max(0, points - penalty * wrong_tries)

A try is a press of *Check* with a selection that has not been found wrong
before: an empty selection, or one already tried, costs nothing.  For a numeric
quiz (``\\number:``) a try is a number not tried before; an entry that is not a
number (see :mod:`.numbers`) costs nothing.  The browser rendition
(``book/_vendor/bpb/quiz.js`` and its modules in ``quiz/``) implements the same rules with
the numbers and sentences of :mod:`.rulebook`; ``tests/browser/test_quiz_rules_site.py``
proves the two agree.

Answers are shown in an order derived from the quiz's content (:meth:`Quiz.display_order`),
the same on every run, so that the position of the right answer gives nothing away;
``\\order: file`` keeps the file's order where it matters.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import (
    ArgumentError,
    ArgumentTypeError,
    UnknownKeyError,
    check_index,
    check_real,
    check_steps,
    describe,
)
from .numbers import describe_tolerance, read_number, trim, within
from .rulebook import SCORING

DEFAULT_POINTS: int = SCORING["default_points"]
"""Points a quiz is worth when its block has no ``\\points:`` line (the rulebook's)."""

DEFAULT_TOLERANCE: float = SCORING["default_tolerance"]
"""Relative tolerance of a numeric quiz whose block has no ``\\tolerance:`` line."""


@dataclass(frozen=True)
class Answer:
    """One answer line of a block: ``\\c: text`` (correct) or ``\\w: text`` (wrong).

    ``why`` (a ``\\why:`` line under a wrong answer) says why it is wrong; it is shown
    when the reader picks that answer.
    """

    text: str
    correct: bool
    line: int = 0
    why: str | None = None


@dataclass(frozen=True)
class NumericAnswer:
    """The answer of a numeric quiz: ``\\number: 12.5`` or ``\\number: {name}``.

    A ``{name}`` is supplied by the chapter's code when it shows the quiz
    (``show_quiz(..., values={"name": x})``), so the expected value is always computed,
    never typed; until then ``value`` is None.  ``tolerance`` is absolute, or relative
    to the value when ``relative`` (``\\tolerance: 1%``).
    """

    value: float | None = None
    name: str | None = None
    tolerance: float = DEFAULT_TOLERANCE
    relative: bool = True
    line: int = 0

    def accepts(self, x: float) -> bool:
        """Whether the number ``x`` is right, within the tolerance."""
        if self.value is None:
            raise ArgumentError(f"the value {{{self.name}}} was not supplied")
        return within(check_real(x, "x (the answer)"), self.value, self.tolerance,
                      self.relative)

    def source_text(self) -> str:
        return f"{{{self.name}}}" if self.name is not None else repr(self.value)

    def tolerance_text(self) -> str:
        """The ``\\tolerance:`` value as written in a file: ``1%`` or ``0.01``."""
        return f"{self.tolerance * 100:g}%" if self.relative else f"{self.tolerance:g}"

    def describe(self) -> str:
        return describe_tolerance(self.tolerance, self.relative)


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
    numeric: NumericAnswer | None = None
    order: str = "mixed"
    qid: str | None = None  # the block's \id:, if it has one

    @property
    def correct(self) -> frozenset[int]:
        """Indices (0-based, file order) of the correct answers."""
        return frozenset(i for i, a in enumerate(self.answers) if a.correct)

    @property
    def multiple(self) -> bool:
        """True when several answers are correct: shown as checkboxes, not radio buttons."""
        return len(self.correct) > 1

    def display_order(self) -> tuple[int, ...]:
        """The answers' indices (file order) in the order they are shown.

        Sorted by a hash of the question and the answer's text: the same order on every
        run and machine (strict nbval), unrelated to where the author wrote the right
        answer.  ``\\order: file`` keeps the file's order.
        """
        if self.order == "file":
            return tuple(range(len(self.answers)))

        def rank(i: int) -> str:
            payload = f"{self.question}\n{self.answers[i].text}".encode("utf-8", "surrogatepass")
            return hashlib.sha256(payload).hexdigest()

        return tuple(sorted(range(len(self.answers)), key=rank))

    def bind(self, value: float) -> Quiz:
        """This numeric quiz with its ``{name}`` given the value computed by the chapter."""
        if self.numeric is None or self.numeric.name is None:
            raise ArgumentError(f"{self.source}:{self.line}: this quiz has no named value to bind")
        number = check_real(value, f"{self.source}:{self.line}: the value "
                                   f"{{{self.numeric.name}}}")
        if self.numeric.relative and number == 0.0:
            raise ArgumentError(
                f"{self.source}:{self.line}: {{{self.numeric.name}}} is 0, where a relative "
                "tolerance accepts only exactly 0: give an absolute '\\tolerance:'"
            )
        return replace(self, numeric=replace(self.numeric, value=number))

    def canonical(self) -> str:
        """The block written back in a normal form (no blank lines or trailing spaces).

        Two blocks that differ only in layout have the same canonical text, hence the
        same :func:`quiz_key`.  A ``{name}`` stays a name: a bound value does not
        change the key.
        """
        lines = ["??", self.question]
        for a in self.answers:
            lines.append(("\\c: " if a.correct else "\\w: ") + a.text)
            if a.why is not None:
                lines.append(f"\\why: {a.why}")
        if self.numeric is not None:
            lines.append(f"\\number: {self.numeric.source_text()}")
            lines.append(f"\\tolerance: {self.numeric.tolerance_text()}")
        if self.order != "mixed":
            lines.append(f"\\order: {self.order}")
        if self.penalty:
            lines.append(f"\\penalty:{self.penalty}")
        if self.points != DEFAULT_POINTS:
            lines.append(f"\\points:{self.points}")
        if self.explain is not None:
            lines.append(f"\\explain: {self.explain}")
        if self.shownext:
            lines.append("\\shownext:true")
        if self.qid is not None:
            lines.append(f"\\id: {self.qid}")
        lines.append("??")
        return "\n".join(lines)

    def score(self, wrong_tries: int) -> int:
        """Points earned by a right answer after ``wrong_tries`` wrong tries."""
        return max(0, self.points - self.penalty * check_steps(wrong_tries, "wrong_tries"))


def quiz_key(file_name: str, quiz: Quiz, occurrence: int = 0) -> str:
    """A short id derived from content only: the file's name and the quiz's text.

    ``occurrence`` tells apart identical blocks of one file.  Being derived from
    content, the id is the same on every run and every machine (strict nbval), and
    progress saved in a browser survives edits to *other* quizzes.
    """
    occurrence = check_steps(occurrence, "occurrence")
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
        """The quizzes' keys, in file order, under which the reader's progress is kept:
        ``<chapter>--<id>`` for a block with an ``\\id:`` (it stays when blocks are
        inserted, reordered or reworded), else the block's :meth:`content_keys` entry."""
        return [f"{self.name}--{q.qid}" if q.qid is not None else key
                for q, key in zip(self.quizzes, self.content_keys(), strict=True)]

    def content_keys(self, ids: bool = True) -> list[str]:
        """Keys derived from each block's whole text (:func:`quiz_key`), in file order: they
        change when a block changes (the stale-quiz guard compares them).  ``ids=False``:
        the keys the blocks had before they were given ids, from which saved progress is
        moved to :meth:`quiz_keys`."""
        seen: dict[str, int] = {}
        out = []
        for q in self.quizzes:
            q = q if ids else replace(q, qid=None)
            text = q.canonical()
            n = seen.get(text, 0)
            seen[text] = n + 1
            out.append(quiz_key(self.name, q, n))
        return out

    def bind(self, values: Mapping[str, float], indices: Iterable[int] | None = None) -> Chapter:
        """The chapter with the ``{name}`` of the numeric quizzes at ``indices`` (all by
        default) set from ``values``; every name must be used and every value given."""
        if not isinstance(values, Mapping):
            raise ArgumentTypeError(f"values must be a dict {{name: number}} of the values "
                                    f"computed by the chapter, got {describe(values)}")
        targets = self.indices(indices)
        quizzes = list(self.quizzes)
        used: set[str] = set()
        for i in targets:
            numeric = quizzes[i].numeric
            if numeric is None or numeric.name is None:
                continue
            if numeric.name not in values:
                raise UnknownKeyError(
                    f"question {i + 1} of {self.name} ({quizzes[i].source}:{numeric.line}) "
                    f"needs the value {{{numeric.name}}}: pass values={{{numeric.name!r}: ...}}"
                    " computed by the chapter's code"
                )
            quizzes[i] = quizzes[i].bind(values[numeric.name])
            used.add(numeric.name)
        unused = sorted(set(values) - used)
        if unused:
            raise UnknownKeyError(
                f"no question shown here names {unused} (values for the numeric quizzes of "
                f"{self.name}: {sorted(used) or 'none'})"
            )
        return Chapter(self.name, tuple(quizzes))

    def gated(self, index: int) -> bool:
        """True when quiz ``index`` waits for the one before it (``\\shownext:true``)."""
        index = check_index(index, len(self.quizzes), "index (a quiz of the chapter)")
        return index > 0 and self.quizzes[index - 1].shownext

    def indices(self, indices: Iterable[int] | None) -> list[int]:
        """``indices`` (0-based quiz numbers) as a list, every one a quiz of the chapter;
        None: all of them."""
        if indices is None:
            return list(range(len(self.quizzes)))
        if isinstance(indices, (str, bytes)) or not isinstance(indices, Iterable):
            raise ArgumentTypeError(f"indices must be a list of quiz indices (0-based), got "
                                    f"{describe(indices)}")
        return [check_index(i, len(self.quizzes), f"index {i!r} (a quiz of the chapter)")
                for i in indices]


class Outcome(enum.Enum):
    """What pressing *Check* did."""

    EMPTY = "empty"  # nothing selected: not a try, costs nothing
    INVALID = "invalid"  # a numeric entry that is not a number: costs nothing
    REPEATED = "repeated"  # a selection already found wrong: costs nothing again
    WRONG = "wrong"  # a new wrong selection: costs the penalty
    RIGHT = "right"  # exactly the correct answers
    DONE = "done"  # the quiz was already answered right: nothing changes


@dataclass
class Progress:
    """A reader's progress on one quiz: the wrong selections tried, and whether solved."""

    quiz: Quiz
    tried: set[Any] = field(default_factory=set)  # frozensets of indices, or floats
    solved: bool = False
    last_problem: str = ""  # why the last numeric entry was not read as a number

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

    def check(self, selection: Iterable[int] | str) -> Outcome:
        """Judge a selection of answer indices (or, for a numeric quiz, the text typed)
        and record the try."""
        if self.solved:
            return Outcome.DONE
        if self.quiz.numeric is not None:
            if not isinstance(selection, str):
                raise ArgumentTypeError(f"a numeric quiz is answered with the text typed, got "
                                        f"the selection {describe(selection)}")
            return self._check_number(selection)
        chosen = self._selection(selection)
        if not chosen:
            return Outcome.EMPTY
        if chosen == self.quiz.correct:
            self.solved = True
            return Outcome.RIGHT
        if chosen in self.tried:
            return Outcome.REPEATED
        self.tried.add(chosen)
        return Outcome.WRONG

    def _check_number(self, text: str) -> Outcome:
        assert self.quiz.numeric is not None
        reading = read_number(text)
        self.last_problem = reading.problem
        if reading.value is None:
            return Outcome.EMPTY if not trim(text) else Outcome.INVALID
        if self.quiz.numeric.accepts(reading.value):
            self.solved = True
            return Outcome.RIGHT
        if reading.value in self.tried:
            return Outcome.REPEATED
        self.tried.add(reading.value)
        return Outcome.WRONG

    def _selection(self, selection: object) -> frozenset[int]:
        """The answer indices chosen, each an answer of the quiz."""
        if isinstance(selection, str):
            raise ArgumentTypeError("a multiple-choice quiz is answered with answer indices "
                                    f"(a selection such as [0, 2]), got {describe(selection)}")
        if not isinstance(selection, Iterable):
            raise ArgumentTypeError(f"selection must be a list of answer indices, got "
                                    f"{describe(selection)}")
        count = len(self.quiz.answers)
        return frozenset(check_index(i, count, f"answer {i!r} of the selection")
                         for i in selection)

    def picked_wrong(self, selection: Iterable[int]) -> list[int]:
        """The wrong answers in ``selection`` that carry a ``\\why:``, in display order."""
        chosen = self._selection(selection)
        return [
            i
            for i in self.quiz.display_order()
            if i in chosen and not self.quiz.answers[i].correct and self.quiz.answers[i].why
        ]

    def reset(self) -> None:
        self.tried.clear()
        self.solved = False
        self.last_problem = ""


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
        """Whether quiz ``index`` is on display."""
        index = self._index(index)
        return self.shown is None or index in self.shown

    def _index(self, index: int) -> int:
        return check_index(index, len(self.quizzes), "index (a quiz of the chapter)")

    def visible(self, index: int) -> bool:
        """Whether quiz ``index`` is revealed (its gate, if any, is open)."""
        index = self._index(index)
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

    def check(self, index: int, selection: Iterable[int] | str) -> Outcome:
        """Judge a selection (or a typed number) for quiz ``index`` (0-based)."""
        return self.quizzes[self._index(index)].check(selection)

    def reset(self, indices: Sequence[int] | None = None) -> None:
        """Reset the given quizzes (all by default), then every quiz now hidden."""
        for i in self.chapter.indices(indices):
            self.quizzes[i].reset()
        for i, seen in enumerate(self.visibility()):
            if not seen:
                self.quizzes[i].reset()
