"""The answer's position and length give nothing away, over every quiz file of the book.

Among the single-answer multiple-choice questions of ``book/quizzes/*.txt``, shown in
:meth:`.Quiz.display_order`: no display position may hold more than 40% of the right
answers, and the longest option may be the right one in at most 35% of them.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from backprop_core.quiz import read_chapter
from backprop_core.quiz.model import Answer, Quiz

BOOK_QUIZZES = Path(__file__).resolve().parents[2] / "book" / "quizzes"
MAX_POSITION_SHARE = 0.40
MAX_LONGEST_SHARE = 0.35


def single_answer_quizzes() -> list[Quiz]:
    quizzes = []
    for path in sorted(BOOK_QUIZZES.glob("*.txt")):
        quizzes += [
            q for q in read_chapter(path).quizzes if q.numeric is None and len(q.correct) == 1
        ]
    return quizzes


def visible_length(text: str) -> int:
    """Characters a reader sees, roughly: TeX commands and markup count as one symbol."""
    text = re.sub(r"\\[A-Za-z]+", "x", text)
    return len(re.sub(r"[${}*`\\ ]", "", text))


def correct_position(quiz: Quiz) -> int:
    (right,) = quiz.correct
    return quiz.display_order().index(right)


def longest_share(quiz: Quiz) -> float:
    """1 when the right answer is the longest option; 1/k when it ties with k - 1 others
    for the longest (a reader guessing "the longest" picks it once in k); else 0."""
    lengths = [visible_length(a.text) for a in quiz.answers]
    (right,) = quiz.correct
    if lengths[right] < max(lengths):
        return 0.0
    return 1 / lengths.count(lengths[right])


def test_there_are_enough_questions_to_judge() -> None:
    assert len(single_answer_quizzes()) >= 30


def test_no_display_position_holds_more_than_40_percent_of_right_answers() -> None:
    quizzes = single_answer_quizzes()
    counts = Counter(correct_position(q) for q in quizzes)
    share = {p + 1: n / len(quizzes) for p, n in sorted(counts.items())}
    assert max(share.values()) <= MAX_POSITION_SHARE, share


def test_the_longest_option_is_right_in_at_most_35_percent() -> None:
    quizzes = single_answer_quizzes()
    share = sum(longest_share(q) for q in quizzes) / len(quizzes)
    where = [f"{Path(q.source).name}:{q.line}" for q in quizzes if longest_share(q) == 1]
    assert share <= MAX_LONGEST_SHARE, (f"{share:.0%}", where)


@pytest.mark.parametrize(
    ("texts", "right", "longest"),
    [(["ab", "abcd", "a"], 1, 1.0), (["ab", "abcd", "abcd e"], 1, 0.0),
     (["$\\mathbf{W}$", "WW", "V"], 0, 0.5), (["$1$", "$2$", "$3$", "$4$"], 3, 0.25)],
)
def test_the_length_measure(texts: list[str], right: int, longest: float) -> None:
    quiz = Quiz("Q", tuple(Answer(t, i == right) for i, t in enumerate(texts)))
    assert longest_share(quiz) == longest


def test_the_position_measure_sees_a_biased_book() -> None:
    """The test can fail: file order (right answer first, as once in error-signal) is 100%."""
    quizzes = single_answer_quizzes()
    biased = [q.__class__(q.question, tuple(sorted(q.answers, key=lambda a: not a.correct)),
                          order="file") for q in quizzes]
    assert {correct_position(q) for q in biased} == {0}
