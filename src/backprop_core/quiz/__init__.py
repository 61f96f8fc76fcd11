"""Quizzes in the ``??`` format: parse, score, and show them live or on the site.

Authors call :func:`show_quiz` and :func:`show_scoreboard`; the format and the
scoring are documented in :mod:`.parse` and :mod:`.model`, and for readers on the
book's page "How the quizzes work".
"""

from .model import DEFAULT_POINTS, Answer, Chapter, ChapterProgress, Outcome, Progress, Quiz
from .parse import QuizFormatError, parse_quizzes, read_chapter
from .progress import progress_output, show_progress
from .show import quiz_output, scoreboard_output, show_quiz, show_scoreboard

__all__ = [
    "DEFAULT_POINTS",
    "Answer",
    "Chapter",
    "ChapterProgress",
    "Outcome",
    "Progress",
    "Quiz",
    "QuizFormatError",
    "parse_quizzes",
    "progress_output",
    "quiz_output",
    "read_chapter",
    "scoreboard_output",
    "show_progress",
    "show_quiz",
    "show_scoreboard",
]
