r"""Read the ``??`` quiz format: the third source article's, plus this book's extensions
(reference for authors: the page "How the quizzes work", section "For authors").

A file holds quiz blocks, each opened and closed by a line ``??``::

    # A comment: outside blocks, only '#' lines and blank lines are allowed.
    ??
    Question text: Markdown with $math$, one or more lines
    \c: a correct answer
    \w: a wrong answer
    \penalty:5          N points lost per wrong try (default 0)
    \shownext:true      keep the next quiz hidden until this one is right (default false)
    \points:10          what a first-try right answer earns (default 10)   [extension]
    \explain: text      shown once the quiz is answered right              [extension]
    \id: delta-sum      the block's stable id (unique in the file)         [extension]
    ??

This book's extensions (the source's blocks parse unchanged):

* ``\why: text`` on the line after a ``\w:`` answer: why that answer is wrong, shown
  when the reader picks it.
* ``\id: slug`` names the block: a lowercase letter, then lowercase letters, digits and
  single hyphens (``delta-sum-index``), unique within the file.  A chapter selects its
  quizzes by id (``show_quiz("error-signal", "delta-sum-index")``) and the reader's saved
  progress, the answer key and the GIFT export are keyed on it, so inserting or reordering
  blocks moves nothing; give a question a new id when it asks something else.
* ``\order: file`` keeps the answers in file order; by default (``\order: mixed``)
  they are shown in an order derived from the quiz's text (:meth:`.Quiz.display_order`).
* A **numeric quiz** has no ``\c:``/``\w:`` lines but one ``\number:`` line, and the
  reader types a number (rules in :mod:`.numbers`)::

      ??
      At $a = 2$, $b = 3$, what is $\partial o / \partial a$?
      \number: {do_da}      a value the chapter supplies: show_quiz(..., values={"do_da": x})
      \tolerance: 0.5%     relative ('%') or absolute ('0.01'); default 1%
      \penalty:5
      ??

  ``\number:`` takes a ``{name}`` (the book's way: the value is computed by the
  chapter's code and passed to :func:`.show_quiz`) or a plain decimal number.

Rules, in the order a block is read:

* The question comes first: every line up to the first ``\word:`` line.  Blank
  lines inside it separate paragraphs; leading and trailing blank lines are dropped.
* Then answers and settings, one per line, in any order; answers keep file order.
  Blank lines and trailing spaces are allowed anywhere.  A plain text line after
  the first answer is an error (answers are one line each).
* A line is a directive when it starts with a backslash, a word and a colon
  (``\c:``, ``\penalty:``); so a question line cannot start with ``\word:``.
* At least one ``\c:``; all answers may be correct.  Each setting at most once.
  A numeric quiz has exactly one ``\number:`` and no ``\c:``/``\w:`` lines.

Anything else raises :class:`QuizFormatError`, which names the file, the line and
what was expected.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path

from ..errors import BackpropError, check_file, check_text
from .model import DEFAULT_POINTS, DEFAULT_TOLERANCE, Answer, Chapter, NumericAnswer, Quiz

FENCE = "??"
_DIRECTIVE = re.compile(r"\\([A-Za-z]+)[ \t]*:(.*)")
_ANSWERS = {"c": True, "w": False}
_SETTINGS = ("penalty", "shownext", "points", "explain", "number", "tolerance", "order", "id")
_MAX_VALUE = 1_000_000  # points and penalties stay exact integers in JavaScript too
_KNOWN = (
    "\\c:, \\w:, \\why:, \\penalty:, \\shownext:, \\points:, \\explain:, "
    "\\number:, \\tolerance:, \\order: or \\id:"
)
_NAME = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
"""What an ``\\id:`` looks like: it starts with a letter, so it never reads as a position."""
_RESERVED_IDS = ("all",)  # means every quiz in a selection
_TOLERANCE = re.compile(r"((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(%?)")


class QuizFormatError(BackpropError, ValueError):
    """A quiz file breaks the format: ``str(err)`` reads ``path:line: message``."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


def _split_lines(text: str) -> list[str]:
    # Only real line breaks count (not the form feeds str.splitlines also splits
    # on), so line numbers match what an editor shows.
    return re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))


class _Block:
    """A block being read: collects lines, then builds a :class:`Quiz`."""

    def __init__(self, path: str, line: int) -> None:
        self.path = path
        self.line = line
        self.question: list[str] = []
        self.answers: list[Answer] = []
        self.settings: dict[str, tuple[int, str]] = {}
        self.last_directive = ""  # the directive on the last non-blank line

    def fail(self, line: int, message: str) -> QuizFormatError:
        return QuizFormatError(self.path, line, message)

    @property
    def in_question(self) -> bool:
        return not self.answers and not self.settings

    def add(self, number: int, raw: str) -> None:
        text = raw.rstrip()
        match = _DIRECTIVE.fullmatch(text.lstrip())
        if match is None:
            if self.in_question:
                self.question.append(text)
            elif text.strip():
                raise self.fail(
                    number,
                    f"expected an answer ({_KNOWN}), a blank line or '??' to close the "
                    f"quiz opened at line {self.line}, found text: {text.strip()[:40]!r} "
                    "(an answer must fit on one line)",
                )
            return
        name, value = match.group(1), match.group(2).strip()
        if name in _ANSWERS:
            self.add_answer(number, name, value)
        elif name == "why":
            self.add_why(number, value)
        elif name in _SETTINGS:
            self.add_setting(number, name, value)
        else:
            raise self.fail(number, f"unknown directive '\\{name}:'; expected {_KNOWN}")
        self.last_directive = name

    def add_why(self, number: int, value: str) -> None:
        if self.last_directive != "w":
            raise self.fail(
                number,
                "'\\why:' must come right after the '\\w:' answer it explains "
                "(blank lines allowed in between)",
            )
        if not value:
            raise self.fail(number, "empty '\\why:': expected why the answer above is wrong")
        self.answers[-1] = replace(self.answers[-1], why=value)

    def add_answer(self, number: int, name: str, value: str) -> None:
        if not any(q.strip() for q in self.question):
            raise self.fail(number, f"answer '\\{name}:' before any question text")
        if not value:
            raise self.fail(number, f"empty answer: expected text after '\\{name}:'")
        if any(a.text == value for a in self.answers):
            raise self.fail(number, f"duplicate answer {value!r}")
        self.answers.append(Answer(value, _ANSWERS[name], number))

    def add_setting(self, number: int, name: str, value: str) -> None:
        if not any(q.strip() for q in self.question):
            raise self.fail(number, f"'\\{name}:' before any question text")
        if name in self.settings:
            first = self.settings[name][0]
            raise self.fail(number, f"duplicate directive '\\{name}:' (first at line {first})")
        if name in ("penalty", "points") and not re.fullmatch(r"[0-9]+", value):
            kind = "non-negative" if name == "penalty" else "positive"
            raise self.fail(number, f"'\\{name}:' expects a {kind} integer, found {value!r}")
        digits = value.lstrip("0") or "0"  # int() refuses very long digit strings
        if name in ("penalty", "points") and (len(digits) > 7 or int(digits) > _MAX_VALUE):
            raise self.fail(number, f"'\\{name}:' expects at most {_MAX_VALUE}, found {value!r}")
        if name == "points" and digits == "0":
            raise self.fail(number, "'\\points:' expects a positive integer, found '0'")
        if name == "shownext" and value.lower() not in ("true", "false"):
            raise self.fail(number, f"'\\shownext:' expects true or false, found {value!r}")
        if name == "explain" and not value:
            raise self.fail(number, "empty explanation: expected text after '\\explain:'")
        if name == "number" and not (_NAME.fullmatch(value) or _PLAIN_NUMBER.fullmatch(value)):
            raise self.fail(
                number,
                "'\\number:' expects a {name} that the chapter supplies (e.g. {do_da}) or a "
                f"decimal number such as 12.5, found {value!r}",
            )
        if name == "number" and _PLAIN_NUMBER.fullmatch(value) and not math.isfinite(
                float(value)):
            raise self.fail(number, "'\\number:' expects a finite number (at most about "
                            f"1.8e308), found {value!r}")
        if name == "tolerance":
            m = _TOLERANCE.fullmatch(value)
            if m is None:
                raise self.fail(
                    number,
                    "'\\tolerance:' expects an absolute tolerance such as 0.01 or a relative "
                    f"one such as 1%, found {value!r}",
                )
            if not math.isfinite(float(m.group(1))):
                raise self.fail(number, "'\\tolerance:' expects a finite number (at most "
                                f"about 1.8e308), found {value!r}")
            if m.group(2) and float(m.group(1)) >= 100:
                raise self.fail(number, f"'\\tolerance:' must be below 100%, found {value!r}")
        if name == "id" and (not ID.fullmatch(value) or value in _RESERVED_IDS):
            raise self.fail(
                number,
                "'\\id:' expects a lowercase letter, then lowercase letters, digits and single "
                f"hyphens (e.g. delta-sum-index), not 'all'; found {value!r}",
            )
        if name == "order" and value.lower() not in ("file", "mixed"):
            raise self.fail(number, f"'\\order:' expects file or mixed, found {value!r}")
        self.settings[name] = (number, digits if name in ("penalty", "points") else value)

    def build(self, number: int) -> Quiz:
        lines = self.question
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines:
            raise self.fail(number, "empty quiz: expected question text, then answers")
        numeric = self.numeric()
        if numeric is None and "tolerance" in self.settings:
            raise self.fail(
                self.settings["tolerance"][0],
                "'\\tolerance:' belongs to a numeric quiz: expected a '\\number:' line too",
            )
        if numeric is not None and "order" in self.settings:
            raise self.fail(
                self.settings["order"][0],
                "'\\order:' orders answer lines; a numeric quiz ('\\number:') has none",
            )
        if numeric is None and not any(a.correct for a in self.answers):
            found = "no answers" if not self.answers else "only wrong ('\\w:') answers"
            raise self.fail(
                self.line,
                f"no correct answer in the quiz opened at line {self.line} and closed at "
                f"line {number} ({found}): expected at least one '\\c:' line",
            )
        value = {k: v for k, (_, v) in self.settings.items()}
        return Quiz(
            numeric=numeric,
            order=value.get("order", "mixed").lower(),
            question="\n".join(lines),
            answers=tuple(self.answers),
            penalty=int(value.get("penalty", "0")),
            shownext=value.get("shownext", "false").lower() == "true",
            points=int(value.get("points", DEFAULT_POINTS)),
            explain=value.get("explain"),
            source=self.path,
            line=self.line,
            qid=value.get("id"),
        )


    def numeric(self) -> NumericAnswer | None:
        """The ``\\number:`` answer of the block, if it has one."""
        if "number" not in self.settings:
            return None
        line, text = self.settings["number"]
        if self.answers:
            raise self.fail(
                self.answers[0].line,
                f"a numeric quiz ('\\number:' at line {line}) has no '\\c:'/'\\w:' answers: "
                "remove one or the other",
            )
        tolerance, relative = DEFAULT_TOLERANCE, True
        if "tolerance" in self.settings:
            m = _TOLERANCE.fullmatch(self.settings["tolerance"][1])
            assert m is not None  # checked in add_setting
            relative = bool(m.group(2))
            tolerance = float(m.group(1)) / (100 if relative else 1)
        name = _NAME.fullmatch(text)
        if name is None and relative and float(text) == 0.0:
            raise self.fail(
                line, "'\\number: 0' with a relative tolerance accepts only 0 exactly: give "
                "an absolute '\\tolerance:' such as 0.01",
            )
        return NumericAnswer(
            value=None if name else float(text),
            name=name.group(1) if name else None,
            tolerance=tolerance,
            relative=relative,
            line=line,
        )


def parse_quizzes(text: str, path: str = "<string>") -> list[Quiz]:
    """Parse the text of a quiz file; ``path`` is only used in messages."""
    text = check_text(text, "text")
    quizzes: list[Quiz] = []
    ids: dict[str, int] = {}  # id -> line of its block
    block: _Block | None = None
    lines = _split_lines(text)
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if stripped == FENCE:
            if block is None:
                block = _Block(path, number)
            else:
                quiz = block.build(number)
                if quiz.qid is not None and quiz.qid in ids:
                    raise QuizFormatError(
                        path, block.settings["id"][0],
                        f"duplicate id {quiz.qid!r}: the quiz at line {ids[quiz.qid]} has it "
                        "already; expected an id unique within the file")
                if quiz.qid is not None:
                    ids[quiz.qid] = block.line
                quizzes.append(quiz)
                block = None
        elif block is not None:
            block.add(number, raw)
        elif stripped and not stripped.startswith("#"):
            raise QuizFormatError(
                path,
                number,
                f"text outside a quiz block: expected '??' to open a quiz, a '#' comment "
                f"or a blank line, found {stripped[:40]!r}",
            )
    if block is not None:
        raise QuizFormatError(
            path, block.line, "unterminated quiz block: expected a closing '??' line"
        )
    return quizzes


def read_chapter(path: str | Path) -> Chapter:
    """Parse a quiz file into a :class:`Chapter` named after the file's stem.

    Raises :class:`QuizFormatError` for a file that breaks the format (including
    bytes that are not UTF-8) or that holds no quiz at all.
    """
    path = check_file(path, "path", "quiz file")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise QuizFormatError(str(path), line, "not UTF-8 text") from None
    quizzes = parse_quizzes(text, str(path))
    if not quizzes:
        raise QuizFormatError(str(path), 1, "no quiz: expected at least one '??' block")
    return Chapter(path.stem, tuple(quizzes))
