"""Generated reader actions on a page of quizzes, and the Python model's view of them.

Shared by ``tests/quiz/test_sequences.py`` (the model alone, hypothesis profiles) and
``tests/browser/test_quiz_rules_site.py`` (the same sequences replayed in Chromium).
A page (:class:`Layout`) shows some or all quizzes of one file in cells; an action is
``["check", i, answer]`` (answer indices, or the text typed), ``["reset", i]``,
``["clear"]`` (the scoreboard's button), ``["reload"]`` or ``["look"]`` (nothing).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from backprop_core.quiz import Chapter, Outcome, messages, read_chapter
from backprop_core.quiz.numbers import format_value
from backprop_core.quiz.session import ChapterSession

ROOT = Path(__file__).resolve().parents[2]
QUIZ_FILES = sorted((ROOT / "book" / "quizzes").glob("*.txt")) + sorted(
    (ROOT / "tests" / "quiz" / "data").glob("*.txt")
)
# Expected values bound to the numeric quizzes' {name}s: ties of the 7th digit
# (123456.5, 12345.25), tiny, large, negative, 0.1 + 0.2.
VALUES = [4.75, 123456.5, 12345.25, -0.000123456789, 2.5e-7, 1234565.0, 0.1 + 0.2, -3.0]


def value_for(name: str) -> float:
    return VALUES[int(hashlib.sha256(name.encode()).hexdigest(), 16) % len(VALUES)]


@dataclass(frozen=True)
class Layout:
    """A page: which quizzes of which file, in which cells."""

    name: str
    path: Path
    cells: tuple[tuple[int, ...], ...]

    @property
    def shown(self) -> list[int]:
        return sorted(i for cell in self.cells for i in cell)


def chapter_of(path: Path) -> Chapter:
    chapter = read_chapter(path)
    names = {q.numeric.name for q in chapter.quizzes if q.numeric and q.numeric.name}
    return chapter.bind({n: value_for(n) for n in names}) if names else chapter


def layouts() -> list[Layout]:
    out = []
    for path in QUIZ_FILES:
        n = len(read_chapter(path).quizzes)
        full = tuple(tuple(range(i, min(i + 3, n))) for i in range(0, n, 3))
        out.append(Layout(f"{path.stem}-all", path, full))
        # every quiz but the 2nd, 5th, ...: gates whose quiz is missing are open; cells
        # written in reverse order (quiz.js orders quizzes by index, not by page position)
        some = [i for i in range(n) if i % 3 != 1]
        cells = tuple(tuple(some[i : i + 2]) for i in range(0, len(some), 2))[::-1]
        out.append(Layout(f"{path.stem}-some", path, cells))
    return out


LAYOUTS = layouts()


class Model:
    """A page as the Python model sees it: one session per quiz file, the quizzes shown."""

    def __init__(self, chapter: Chapter, shown: list[int]) -> None:
        self.chapter = chapter
        self.shown = shown
        self.session = ChapterSession(chapter)
        self.session.show(shown)
        self.keys = chapter.quiz_keys()

    def act(self, action: list[Any]) -> None:
        s, progress = self.session, self.session.progress
        if action[0] == "check":
            i = action[1]
            # a reader can press Check only on a quiz shown and not yet solved
            if progress.visible(i) and not progress.quizzes[i].solved:
                s.check(i, action[2])
        elif action[0] == "reset":
            if progress.visible(i := action[1]):
                s.reset([i])
        elif action[0] == "clear":
            s.reset()
        elif action[0] == "reload":
            # the page keeps tries and solved; a solved quiz says its "Right!" again
            s.whynot.clear()
            s.feedback = {
                i: (messages.feedback(p, Outcome.DONE), "right")
                for i, p in enumerate(progress.quizzes)
                if p.solved
            }

    def snapshot(self) -> dict[str, Any]:
        s, progress = self.session, self.session.progress
        quizzes = []
        for i in self.shown:
            p, q = progress.quizzes[i], self.chapter.quizzes[i]
            visible = progress.visible(i)
            text, tone = s.feedback.get(i, ("", ""))
            quizzes.append(
                {
                    "index": i,
                    "visible": visible,
                    "locked": self.chapter.gated(i) and not visible,
                    "status": messages.status(p),
                    "feedback": text,
                    "tone": tone,
                    "solved": p.solved,
                    "whynot": s.whynot.get(i, []),
                    "explain": p.solved and q.explain is not None,
                }
            )
        board = messages.scoreboard(
            progress.score, self.chapter.total, progress.solved, len(self.chapter.quizzes)
        )
        stored = {
            self.keys[i]: {"tries": p.wrong_tries, "solved": p.solved}
            for i, p in enumerate(progress.quizzes)
            if p.solved or p.wrong_tries
        }
        return {"quizzes": quizzes, "board": [board], "stored": stored}


def numbers_for(chapter: Chapter, i: int, careful: bool) -> st.SearchStrategy[str]:
    """What a reader might type into numeric quiz ``i``."""
    numeric = chapter.quizzes[i].numeric
    assert numeric is not None and numeric.value is not None
    v, t = numeric.value, numeric.tolerance
    bound = t * abs(v) if numeric.relative else t
    near = [v, v + 0.5 * bound, v - 0.999 * bound, v + 1.001 * bound + 1e-12, v - 3 * bound,
            v * 1.5, -v]
    fixed = [format_value(v), repr(v), *(repr(x) for x in near), *(f"{x:.3g}" for x in near),
             "", "   ", "abc", "4,75", "1/0", "0/0", "1e999", "\u22123", "21/2", " 7 / 2 ",
             "\u00a05", "5\u00a0", "\x1c5", "\t5\t", "\ufeff5", "1" * 25,
             "\U0001d7d8" * 21, "1e-3", ".5", "5.", "+3", "--3", "1e", "e5", "1/-4", "2*3"]
    if careful:
        return st.one_of(st.just(format_value(v)), st.sampled_from(fixed))
    return st.one_of(
        st.sampled_from(fixed),
        st.text(alphabet="0123456789.+-eE/, \t\u2212", max_size=10),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
    )


def choices_for(chapter: Chapter, i: int, careful: bool) -> st.SearchStrategy[list[int]]:
    """Answer indices a reader might tick.  A careful reader mostly ticks the right ones
    (gates open, what they reveal gets solved); a hasty one rarely does, so that several
    wrong tries, and penalties that reach the floor of 0, come first."""
    q = chapter.quizzes[i]
    right = st.just(sorted(q.correct))
    if q.multiple:  # checkboxes: any set
        other = st.sets(st.integers(0, len(q.answers) - 1)).map(sorted)
    else:
        other = st.one_of(st.just([]), st.integers(0, len(q.answers) - 1).map(lambda k: [k]))
    return st.one_of(right, right, other) if careful else st.one_of(right, other, other, other)


def actions_for(chapter: Chapter, shown: list[int], reload: bool) -> st.SearchStrategy[Any]:
    """Sequences of up to 24 actions, mostly on a run of 1-3 quizzes shown next to each
    other (deep enough to open gates, solve what they reveal and close them again)."""

    @st.composite
    def sequence(draw: st.DrawFn) -> list[list[Any]]:
        careful = draw(st.booleans())

        def check(i: int) -> st.SearchStrategy[list[Any]]:
            answer = numbers_for if chapter.quizzes[i].numeric is not None else choices_for
            return answer(chapter, i, careful).map(lambda a: ["check", i, a])

        start = draw(st.integers(0, len(shown) - 1))
        focus = shown[start : start + draw(st.integers(1, 3))]
        checks = st.sampled_from(focus).flatmap(check)
        anywhere = st.sampled_from(shown).flatmap(check)
        other = [st.sampled_from(focus).map(lambda i: ["reset", i]), st.just(["clear"])]
        if reload:
            other.append(st.just(["reload"]))
        action = st.one_of(checks, checks, checks, checks, anywhere, *other)
        return draw(st.lists(action, min_size=1, max_size=24))

    return sequence()


def solve_then_reset(chapter: Chapter, shown: list[int]) -> list[list[Any]]:
    """A written-out sequence: every quiz shown answered right in order (each opening the
    next gate), a reload, then Reset on the first gating quiz (closing, and resetting,
    what it revealed)."""
    actions: list[list[Any]] = []
    for i in shown:
        numeric = chapter.quizzes[i].numeric
        answer: Any = (
            format_value(numeric.value) if numeric is not None and numeric.value is not None
            else sorted(chapter.quizzes[i].correct)
        )
        actions.append(["check", i, answer])
    gates = [i for i in shown if chapter.quizzes[i].shownext] or shown
    return [*actions, ["reload"], ["reset", gates[0]],
            ["check", gates[0], actions[shown.index(gates[0])][2]]]  # its own answer again
