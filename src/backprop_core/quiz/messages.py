"""Which sentence of the rulebook a reader sees when, shared by the widget and the page.

The sentences themselves live in :mod:`.rulebook`; ``book/_vendor/bpb/quiz.js``
picks them by the same rules (``tests/browser/test_quiz_rules_site.py`` compares the two
on generated sequences of actions).
"""

from __future__ import annotations

from ..errors import check_count, check_instance, check_steps
from .model import Outcome, Progress, Quiz
from .numbers import EXAMPLES, format_value
from .rulebook import TEXT, fill, plural


def points(n: int) -> str:
    return plural("points", n)


def meta(quiz: Quiz, number: int) -> str:
    """The line above a question: ``Question 2 · 10 points · −5 per wrong try``."""
    check_instance(quiz, Quiz, "quiz")
    number = check_count(number, "number (of the question, from 1)")
    parts = [fill("meta_question", number=number), points(quiz.points)]
    if quiz.penalty:
        parts.append(fill("meta_penalty", penalty=quiz.penalty))
    return TEXT["meta_separator"].join(parts)


def answer_label(quiz: Quiz) -> str:
    """The label of a numeric quiz's input, with its tolerance: ``Your answer (within
    0.5%):``; of a multiple-choice quiz's, ``Your answer:``."""
    check_instance(quiz, Quiz, "quiz")
    if quiz.numeric is not None:
        return fill("your_number", tolerance=quiz.numeric.describe())
    return TEXT["your_answer"]


def hint(quiz: Quiz) -> str:
    check_instance(quiz, Quiz, "quiz")
    if quiz.numeric is not None:
        return fill("hint_number", tolerance=quiz.numeric.describe(), examples=EXAMPLES)
    return TEXT["hint_several"] if quiz.multiple else TEXT["hint_one"]


def locked(number: int) -> str:
    """What stands in for a question behind a closed ``\\shownext`` gate."""
    number = check_count(number, "number (of the question, from 1)")
    return fill("locked", number=number, previous=number - 1)


def status(progress: Progress) -> str:
    """The score line under a quiz."""
    check_instance(progress, Progress, "progress")
    quiz = progress.quiz
    if progress.solved:
        return fill("status_solved", score=progress.score, points=points(quiz.points))
    if progress.wrong_tries and quiz.penalty:
        return fill("status_worth_now", worth=progress.worth, points=points(quiz.points))
    return fill("status_worth", points=points(quiz.points))


def feedback(progress: Progress, outcome: Outcome, reveals: bool = False) -> str:
    """What *Check* says: plain text (no markup)."""
    check_instance(progress, Progress, "progress")
    check_instance(outcome, Outcome, "outcome")
    quiz = progress.quiz
    numeric = quiz.numeric is not None
    if outcome is Outcome.INVALID or (outcome is Outcome.EMPTY and numeric):
        return progress.last_problem
    if outcome is Outcome.EMPTY:
        return TEXT["empty_several"] if quiz.multiple else TEXT["empty_one"]
    if outcome is Outcome.REPEATED:
        return TEXT["repeated_number"] if numeric else TEXT["repeated_choice"]
    if outcome is Outcome.WRONG:
        text = TEXT["wrong"]
        if quiz.multiple:
            text += TEXT["wrong_several"]
        lost = quiz.score(max(progress.wrong_tries - 1, 0)) - progress.worth
        if quiz.penalty and lost:
            text += fill("wrong_penalty", penalty=points(lost), worth=progress.worth)
        elif quiz.penalty:
            text += TEXT["wrong_worthless"]
        else:
            text += TEXT["wrong_free"]
        return text
    # RIGHT, or DONE (a solved quiz restored or checked again)
    text = fill("right", score=points(progress.score))
    if progress.wrong_tries:
        tries = plural("try", progress.wrong_tries)
        text += fill("right_after", count=progress.wrong_tries, tries=tries)
    text += TEXT["right_end"]
    if quiz.numeric is not None and quiz.numeric.value is not None:
        text += fill("right_value", value=format_value(quiz.numeric.value))
    if reveals:
        text += TEXT["right_reveals"]
    return text


def _counts(**counts: int) -> dict[str, int]:
    return {name: check_steps(n, name) for name, n in counts.items()}


def scoreboard(score: int, total: int, solved: int, count: int) -> str:
    """The chapter's running score under its quizzes (the rulebook's ``scoreboard``)."""
    score, total, solved, count = _counts(score=score, total=total, solved=solved,
                                          count=count).values()
    return fill("scoreboard", score=score, total=points(total), solved=solved, count=count)


def book_total(score: int, total: int, solved: int, count: int) -> str:
    """The book's total on the progress page (the rulebook's ``book_total``)."""
    score, total, solved, count = _counts(score=score, total=total, solved=solved,
                                          count=count).values()
    return fill("book_total", score=score, total=points(total), solved=solved, count=count)
