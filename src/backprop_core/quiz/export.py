"""The quizzes for instructors: an answer key and an export to Moodle's GIFT format.

Both are made from the same parsed quiz files as the pages, with the numeric values the
chapters computed (read from their stored outputs by ``tools/instructor.py``):

- ``answer_key_markdown``: every question (with its ``\\id:``) and its options lettered
  in the order the page shows them (A, B, ...), the right ones marked, the explanation; a
  numeric question with its value and tolerance;
- ``to_gift``: one GIFT question per quiz, named ``<chapter> <id>`` (``<chapter> <n>`` for
  a block without an ``\\id:``) (single answer ``{=right ~wrong}``, several
  right answers with weights that sum to 100 %, numeric ``{#value:tolerance}`` with the
  tolerance made absolute), which Moodle and other learning-management systems import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..errors import (
    ArgumentError,
    ArgumentTypeError,
    check_instance,
    check_text,
    describe,
)
from .model import Chapter, Quiz

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _absolute_tolerance(quiz: Quiz) -> float:
    numeric = quiz.numeric
    assert numeric is not None and numeric.value is not None
    return abs(numeric.value) * numeric.tolerance if numeric.relative else numeric.tolerance


def _value(quiz: Quiz, where: str) -> float:
    if quiz.numeric is None or quiz.numeric.value is None:
        raise ArgumentError(f"{where}: the value of this numeric question was not supplied "
                            "(bind the chapter with its values first)")
    return quiz.numeric.value


def _titled(chapters: object) -> list[tuple[str, Chapter]]:
    """``chapters`` checked: a list of (title, Chapter) pairs."""
    if isinstance(chapters, (str, bytes)) or not isinstance(chapters, Sequence):
        raise ArgumentTypeError(f"chapters must be a list of (title, Chapter) pairs, got "
                                f"{describe(chapters)}")
    pairs = []
    for i, pair in enumerate(chapters):
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise ArgumentTypeError(f"chapters[{i}] must be a pair (title, Chapter), got "
                                    f"{describe(pair)}")
        pairs.append((check_text(pair[0], f"chapters[{i}][0] (the title)"),
                      check_instance(pair[1], Chapter, f"chapters[{i}][1]")))
    return pairs


def _one_line(text: str) -> str:
    return " ".join(text.split())


def answer_key_markdown(chapters: Sequence[tuple[str, Chapter]]) -> str:
    """The answer key of ``(title, chapter)`` pairs, as Markdown with ``$math$``."""
    chapters = _titled(chapters)
    out = ["# Answer key", "",
           "For instructors. Options are lettered in the order the page shows them; "
           "**bold** marks a right answer.", ""]
    for title, chapter in chapters:
        out += [f"## {title} (`book/quizzes/{chapter.name}.txt`)", ""]
        for n, quiz in enumerate(chapter.quizzes, start=1):
            qid = f"`{quiz.qid}`: " if quiz.qid is not None else ""
            out.append(f"{n}. {qid}{_one_line(quiz.question)}")
            if quiz.numeric is not None:
                value = _value(quiz, f"{chapter.name} question {n}")
                out.append(f"   - answer: **{value:.6g}** ({quiz.numeric.describe()}; "
                           f"accepted: {value - _absolute_tolerance(quiz):.6g} to "
                           f"{value + _absolute_tolerance(quiz):.6g})")
            else:
                for letter, i in zip(LETTERS, quiz.display_order(), strict=False):
                    text = _one_line(quiz.answers[i].text)
                    out.append(f"   - {letter}. " + (f"**{text}** (right)"
                                                       if quiz.answers[i].correct else text))
            if quiz.explain:
                out.append(f"   - why: {_one_line(quiz.explain)}")
            out.append("")
    return "\n".join(out)


# GIFT: these characters are markup and are written with a backslash in text
_GIFT_SPECIAL = re.compile(r"([~=#{}:\\])")
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)


def _escape(text: str) -> str:
    return _GIFT_SPECIAL.sub(r"\\\1", text)


def gift_text(text: str) -> str:
    """Quiz text (Markdown with ``$math$``) as GIFT text: math as MathJax's ``\\(...\\)``
    and ``\\[...\\]`` (what Moodle's MathJax filter reads), GIFT's markup escaped."""
    text = check_text(text, "text")
    parts: list[str] = []
    pos = 0
    for m in _MATH.finditer(text):
        parts.append(_escape(text[pos:m.start()]))
        display, inline = m.group(1), m.group(2)
        body = _escape(display if display is not None else inline)
        # "\(" in GIFT text is written "\\(" (a backslash is escaped by a backslash)
        parts.append(f"\\\\[{body}\\\\]" if display is not None else f"\\\\({body}\\\\)")
        pos = m.end()
    parts.append(_escape(text[pos:]))
    return _one_line("".join(parts))


def _gift_weights(quiz: Quiz) -> dict[int, str]:
    """Moodle's percentages for a question with several right answers: the right ones
    share +100 %, the wrong ones share -100 % (a guess of everything scores 0)."""
    right = sorted(quiz.correct)
    wrong = [i for i in range(len(quiz.answers)) if i not in quiz.correct]
    weights = {i: f"{100 / len(right):.5g}" for i in right}
    weights.update({i: f"-{100 / len(wrong):.5g}" for i in wrong} if wrong else {})
    return weights


def quiz_to_gift(quiz: Quiz, title: str) -> str:
    """One quiz as a GIFT question named ``title``."""
    quiz, title = check_instance(quiz, Quiz, "quiz"), check_text(title, "title")
    head = f"::{_escape(title)}::[markdown]{gift_text(quiz.question)}"
    feedback = f"\t####{gift_text(quiz.explain)}\n" if quiz.explain else ""
    if quiz.numeric is not None:
        value = _value(quiz, title)
        return f"{head} {{\n\t#{value:.12g}:{_absolute_tolerance(quiz):.6g}\n{feedback}}}"
    weights = _gift_weights(quiz) if quiz.multiple else {}
    lines = []
    for i in quiz.display_order():
        answer = quiz.answers[i]
        mark = f"~%{weights[i]}%" if quiz.multiple else ("=" if answer.correct else "~")
        why = f" #{gift_text(answer.why)}" if answer.why else ""
        lines.append(f"\t{mark}{gift_text(answer.text)}{why}\n")
    return f"{head} {{\n{''.join(lines)}{feedback}}}"


def to_gift(chapters: Sequence[tuple[str, Chapter]],
            categories: Mapping[str, str] | None = None) -> str:
    """Every quiz of ``(title, chapter)`` pairs in GIFT, one category per chapter."""
    chapters = _titled(chapters)
    if categories is not None and not isinstance(categories, Mapping):
        raise ArgumentTypeError(f"categories must map a chapter's name to its category, got "
                                f"{describe(categories)}")
    blocks = ["// backprop-book quizzes, exported to GIFT (Moodle) by tools/instructor.py"]
    for title, chapter in chapters:
        category = check_text((categories or {}).get(chapter.name, title),
                              f"categories[{chapter.name!r}]")
        blocks.append(f"$CATEGORY: backprop-book/{_GIFT_SPECIAL.sub('', category)}")
        for n, quiz in enumerate(chapter.quizzes, start=1):
            # named by the block's id where it has one: a re-import after blocks were
            # inserted or reordered updates the same question
            name = quiz.qid if quiz.qid is not None else str(n)
            blocks.append(quiz_to_gift(quiz, f"{chapter.name} {name}"))
    return "\n\n".join(blocks) + "\n"
