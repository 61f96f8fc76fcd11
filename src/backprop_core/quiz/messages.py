"""The words a reader sees, shared by the live widget and the static page.

``book/_vendor/bpb/quiz.js`` writes the same sentences; the browser tests check a
few of them, so change both together.
"""

from __future__ import annotations

from .model import Outcome, Progress, Quiz
from .numbers import EXAMPLES, format_value


def points(n: int) -> str:
    return f"{n} point" if n == 1 else f"{n} points"


def meta(quiz: Quiz, number: int) -> str:
    """The line above a question: ``Question 2 · 10 points · −5 per wrong try``."""
    parts = [f"Question {number}", points(quiz.points)]
    if quiz.penalty:
        parts.append(f"\u2212{quiz.penalty} per wrong try")
    return " \u00b7 ".join(parts)


def hint(quiz: Quiz) -> str:
    if quiz.numeric is not None:
        return (
            f"Type a number ({quiz.numeric.describe()} counts as right), e.g. {EXAMPLES}; "
            "use a point, not a comma."
        )
    if quiz.multiple:
        return "Select every correct answer (there are several)."
    return "Select one answer."


def status(progress: Progress) -> str:
    """The score line under a quiz."""
    quiz = progress.quiz
    if progress.solved:
        return f"Scored {progress.score} of {points(quiz.points)}."
    if progress.wrong_tries and quiz.penalty:
        return f"Now worth {progress.worth} of {points(quiz.points)}."
    return f"Worth {points(quiz.points)}."


def feedback(progress: Progress, outcome: Outcome, reveals: bool = False) -> str:
    """What *Check* says: plain text (no markup)."""
    quiz = progress.quiz
    if outcome is Outcome.INVALID or (outcome is Outcome.EMPTY and quiz.numeric is not None):
        return progress.last_problem
    if outcome is Outcome.EMPTY:
        return "Select at least one answer first." if quiz.multiple else "Select an answer first."
    if outcome is Outcome.REPEATED:
        if quiz.numeric is not None:
            return "You already tried this number: it is not right, and costs nothing again."
        return "You already tried exactly this: it is not right, and costs nothing again."
    if outcome is Outcome.WRONG:
        text = "Not right."
        if quiz.multiple:
            text += " Select every correct answer and no wrong one."
        if quiz.penalty:
            text += f" \u2212{points(quiz.penalty)}: this question is now worth {progress.worth}."
        else:
            text += " Try again: wrong tries cost nothing here."
        return text
    # RIGHT, or DONE (a solved quiz restored or checked again)
    text = f"Right! +{points(progress.score)}"
    if progress.wrong_tries:
        tries = "try" if progress.wrong_tries == 1 else "tries"
        text += f" (after {progress.wrong_tries} wrong {tries})"
    text += "."
    if quiz.numeric is not None and quiz.numeric.value is not None:
        text += f" The value computed by the book: {format_value(quiz.numeric.value)}."
    if reveals:
        text += " The next question is now shown below."
    return text


def scoreboard(score: int, total: int, solved: int, count: int) -> str:
    return (
        f"Chapter score: {score} of {points(total)} \u00b7 {solved} of {count} questions answered"
    )


def book_total(score: int, total: int, solved: int, count: int) -> str:
    return (
        f"Book score: {score} of {points(total)} \u00b7 {solved} of {count} questions answered"
    )
