"""The author's API: one call in a chapter shows its quizzes.

``show_quiz("chain-rule", "local-slope")`` (by the blocks' ``\\id:``, the book's way) or
``show_quiz("chain-rule", "1-3")`` (by position) reads ``quizzes/chain-rule.txt`` (relative to
the notebook's working directory, which is ``book/`` when the book runs) and
displays one output holding both renditions: the live widget for JupyterLab and
the static HTML for the built site (see :mod:`backprop_core.display`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType

from ..display import Both, both, display, optional_widget
from ..errors import (
    ArgumentError,
    ArgumentTypeError,
    MissingFileError,
    UnknownKeyError,
    check_steps,
    describe,
)
from . import messages
from .model import Chapter
from .parse import ID
from .session import session_for
from .static import render_quizzes, render_scoreboard

QUIZ_DIR = "quizzes"
Which = int | str | Iterable[int] | None


def find_quiz_file(source: str | os.PathLike[str]) -> Path:
    """``"chain-rule"`` -> ``quizzes/chain-rule.txt``; a path (with a folder or
    ``.txt``) is used as it is."""
    if not isinstance(source, (str, os.PathLike)) or source == "":
        raise ArgumentTypeError(f"source must be a chapter's name such as 'chain-rule' or the "
                                f"path of a quiz file, got {describe(source)}")
    path = Path(source)
    if not isinstance(source, os.PathLike) and path.suffix != ".txt" and len(path.parts) == 1:
        path = Path(QUIZ_DIR) / f"{source}.txt"
    if not path.is_file():
        raise MissingFileError(
            f"no quiz file {str(path)!r} (relative to {str(Path.cwd())!r}); a chapter's "
            f"quizzes live in book/{QUIZ_DIR}/<chapter>.txt and notebooks run in book/"
        )
    return path


def select_quizzes(which: Which, count: int) -> list[int]:
    """Turn ``which`` into 0-based indices.

    ``None`` or ``"all"``: every quiz; ``2``: the second; ``"1-3"``, ``"1,4"``,
    ``"2-"``: ranges and lists, 1-based and inclusive; or an iterable of numbers.
    """
    count = check_steps(count, "count (the number of quizzes)")
    if which is None or (isinstance(which, str) and which.strip().lower() == "all"):
        return list(range(count))
    numbers: list[int] = []
    if isinstance(which, str):
        for part in which.split(","):
            m = re.fullmatch(r"\s*(\d+)\s*(?:(-)\s*(\d*)\s*)?", part)
            if m is None:
                raise ArgumentError(
                    f"cannot read quiz selection {which!r}: expected e.g. 2, '1-3', "
                    "'1,4', '3-' or 'all'"
                )
            first = int(m.group(1))
            last = first if not m.group(2) else int(m.group(3) or count)
            numbers.extend(range(first, last + 1))
            if last < first:
                raise ArgumentError(f"empty quiz range {part.strip()!r} in {which!r}")
    elif isinstance(which, int) and not isinstance(which, bool):
        numbers = [which]
    elif isinstance(which, Iterable):
        numbers = list(which)
    else:
        raise ArgumentTypeError(
            f"quiz selection must be a number, a string or numbers, not {which!r}"
        )
    for n in numbers:
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= count:
            has = f"quizzes 1 to {count}" if count else "no quizzes (count = 0)"
            raise ArgumentError(f"no quiz {n!r}: the file has {has}")
    if len(set(numbers)) != len(numbers):
        raise ArgumentError(f"quiz selection {which!r} names a quiz twice")
    if not numbers:
        raise ArgumentError("empty quiz selection")
    return [n - 1 for n in numbers]


def _ids(which: Which) -> list[str] | None:
    """The ids named by ``which`` ("delta-sum", "delta-sum, delta-bias" or a list of
    them), or None when ``which`` selects by position."""
    if isinstance(which, str):
        parts = [p.strip() for p in which.split(",")]
        return parts if all(ID.fullmatch(p) for p in parts) and parts != ["all"] else None
    if isinstance(which, (list, tuple)) and which and all(isinstance(w, str) for w in which):
        return list(which)
    return None


def select_ids(chapter: Chapter, ids: Iterable[str]) -> list[int]:
    """0-based indices of the quizzes with these ``\\id:`` values, in the given order.

    Selecting by id needs an id on every block of the file (a block without one would be
    reachable only by position); an unknown or repeated id is an error naming the file."""
    if not isinstance(chapter, Chapter):
        raise ArgumentTypeError(f"chapter must be a Chapter (from read_chapter), got "
                                f"{describe(chapter)}")
    ids = list(ids) if not isinstance(ids, str) else [ids]
    source = chapter.quizzes[0].source if chapter.quizzes else chapter.name
    missing = [q.line for q in chapter.quizzes if q.qid is None]
    if missing:
        lines = ", ".join(map(str, missing))
        raise ArgumentError(
            f"{source}: cannot select quizzes by id {', '.join(map(repr, ids))}: the blocks "
            f"opened at line(s) {lines} have no '\\id:' line; expected an id on every block "
            "(e.g. '\\id: delta-sum-index')")
    known = {q.qid: i for i, q in enumerate(chapter.quizzes)}
    for qid in ids:
        if not isinstance(qid, str) or qid not in known:
            raise UnknownKeyError(
                f"{source}: the chapter {chapter.name!r} has no quiz with the id {qid!r}; "
                f"expected one of {', '.join(map(repr, known))}")
    if len(set(ids)) != len(ids):
        raise ArgumentError(f"quiz selection {ids!r} names a quiz twice")
    if not ids:
        raise ArgumentError("empty quiz selection")
    return [known[qid] for qid in ids]


def select(chapter: Chapter, which: Which) -> list[int]:
    """0-based indices of the quizzes ``which`` names: ids (:func:`select_ids`) or
    positions (:func:`select_quizzes`)."""
    ids = _ids(which)
    if ids is not None:
        return select_ids(chapter, ids)
    return select_quizzes(which, len(chapter.quizzes))


def _label(indices: list[int]) -> str:
    numbers = [i + 1 for i in indices]
    if len(numbers) == 1:
        return f"question {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"questions {numbers[0]}-{numbers[-1]}"
    return "questions " + ", ".join(map(str, numbers))


def quiz_output(
    source: str | os.PathLike[str], which: Which = None, values: Mapping[str, float] | None = None
) -> Both:
    """The displayable that :func:`show_quiz` displays (``.widget`` is a QuizGroup)."""
    session = session_for(find_quiz_file(source))
    indices = select(session.chapter, which)
    session.bind(values or {}, indices)
    chapter = session.chapter
    points = sum(chapter.quizzes[i].points for i in indices)
    text = (
        f"Quiz {chapter.name}: {_label(indices)} of {len(chapter.quizzes)} "
        f"({messages.points(points)})"
    )
    group = optional_widget(lambda: _widgets().QuizGroup(session, indices))
    return both(group, render_quizzes(chapter, indices), text)


def scoreboard_output(source: str | os.PathLike[str]) -> Both:
    """The displayable that :func:`show_scoreboard` displays (``.widget`` is a Scoreboard)."""
    session = session_for(find_quiz_file(source))
    chapter = session.chapter
    text = (
        f"Chapter score {chapter.name}: {len(chapter.quizzes)} questions, "
        f"{messages.points(chapter.total)}"
    )
    board = optional_widget(lambda: _widgets().Scoreboard(session))
    return both(board, render_scoreboard(chapter), text)


def _widgets() -> ModuleType:
    """The ipywidgets side, imported only when a widget is built (not in the browser)."""
    from . import widget

    return widget


def show_quiz(
    source: str | os.PathLike[str], which: Which = None, values: Mapping[str, float] | None = None
) -> None:
    """Show quizzes of a chapter by their ``\\id:`` (the book's way): ``show_quiz(
    "error-signal", "delta-sum-index")``, several as ``"delta-sum-index, delta-bias"`` or a
    list; by position: ``show_quiz("chain-rule", 1)``, ``show_quiz("chain-rule", "1-3")``;
    or ``show_quiz("chain-rule")`` for all of them.

    A numeric quiz whose file says ``\\number: {do_da}`` gets its expected value from
    ``values``, computed by the chapter: ``show_quiz("computational-graph", 8,
    values={"do_da": g["a"].grad})``.  Every ``{name}`` of the quizzes shown must be
    given, and every value given must be used.

    Quizzes of one file shown in several cells share the chapter score and the
    ``\\shownext`` gating, in the kernel and on the site.
    """
    display(quiz_output(source, which, values))


def show_scoreboard(source: str | os.PathLike[str]) -> None:
    """Show the chapter's running score (the sum over its file's quizzes) with a button
    that clears every answer."""
    display(scoreboard_output(source))
