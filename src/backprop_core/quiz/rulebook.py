r"""The quiz rulebook: every number and every sentence of the quizzes, defined once.

Python reads it here (:mod:`.model`, :mod:`.numbers`, :mod:`.messages`, :mod:`.static`,
the widgets); :mod:`.static` and :mod:`.progress` write it into the page as JSON
(:func:`rules_json`), where ``book/_vendor/bpb/quiz.js`` reads it.  Neither language
keeps a copy of a sentence or a number of its own; ``tests/browser/test_quiz_rules_site.py``
replays generated sequences of actions in the browser and compares everything the page
shows with what the Python model computes.

Sentences are templates: ``{name}`` is replaced by a value (:func:`fill`, and
``fill`` in quiz.js); nothing else is special.  A number that the reader sees with
its unit goes through ``points_one`` / ``points_many``.

Scoring (the formula itself is code, in :meth:`.model.Quiz.score` and quiz.js):

    score = max(0, points - penalty · wrong_tries)

Reading a typed number (:mod:`.numbers`): ``space`` is trimmed at both ends, ``minus``
counts as ``-``, an entry holding a ``refused`` character is refused with its own
sentence, ``decimal`` is a whole number, ``fraction`` a quotient of two (the same
regular-expression syntax works in Python and JavaScript); a value ``x`` is right for
the expected ``v`` when ``|x - v| ≤ bound · (1 + slack_rel) + slack_abs · |v|`` with
``bound`` the tolerance (times ``|v|`` if relative).
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from ..errors import UnknownKeyError, check_steps

_SPACE = " \\t\\n\\r\\f\\v"
_DECIMAL = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"

RULES: Final[dict[str, Any]] = {
    "version": 1,
    "scoring": {
        "default_points": 10,
        "default_tolerance": 0.01,
    },
    "number": {
        "space": f"[{_SPACE}]",
        "minus": "\u2212",
        "refused": ",",
        "decimal": _DECIMAL,
        "fraction": rf"({_DECIMAL})[{_SPACE}]*/[{_SPACE}]*({_DECIMAL})",
        "shown_max": 20,
        "slack_rel": 1e-12,
        "slack_abs": 1e-15,
        "significant_digits": 6,
    },
    "text": {
        # amounts
        "points_one": "{n} point",
        "points_many": "{n} points",
        "try_one": "try",
        "try_many": "tries",
        "question_one": "question",
        "question_many": "questions",
        "chapter_one": "chapter",
        "chapter_many": "chapters",
        # above and in a quiz (static HTML, widget)
        "meta_question": "Question {number}",
        "meta_penalty": "\u2212{penalty} per wrong try",
        "meta_separator": " \u00b7 ",
        "hint_number": (
            "Type a number ({tolerance} counts as right), e.g. {examples}; "
            "use a point, not a comma."
        ),
        "hint_several": "Select every correct answer (there are several).",
        "hint_one": "Select one answer.",
        "tolerance_relative": "within {percent}%",
        "tolerance_absolute": "within \u00b1{tolerance}",
        "tolerance_exact": "only the exact value",
        "locked": "Question {number} appears when question {previous} above is answered right.",
        "answer_label": "Answer {number}: ",
        "your_answer": "Your answer: ",
        "your_number": "Your answer ({tolerance}): ",
        "why_not": "Why not: ",
        "why": "Why: ",
        "check": "Check",
        "check_tooltip": "Check your answer",
        "reset": "Reset",
        "reset_tooltip": "Clear this question",
        "clear": "Clear my answers",
        "clear_tooltip": "Reset every question of this chapter",
        "number_placeholder": "e.g. 10.5",
        # the score line under a quiz
        "status_solved": "Scored {score} of {points}.",
        "status_worth_now": "Now worth {worth} of {points}.",
        "status_worth": "Worth {points}.",
        # what Check says
        "number_empty": "Type a number first.",
        "number_refused": (
            "Use a point as the decimal separator (10.5, not 10,5). This "
            "cost nothing."
        ),
        "number_invalid": (
            "\u201c{entry}\u201d is not a number: type e.g. {examples}. "
            "This cost nothing."
        ),
        "number_examples": "10.5, -0.25, 1e-3 or 21/2",
        "ellipsis": "\u2026",
        "empty_several": "Select at least one answer first.",
        "empty_one": "Select an answer first.",
        "repeated_number": (
            "You already tried this number: it is not right, and costs "
            "nothing again."
        ),
        "repeated_choice": (
            "You already tried exactly this: it is not right, and costs "
            "nothing again."
        ),
        "wrong": "Not right.",
        "wrong_several": " Select every correct answer and no wrong one.",
        "wrong_penalty": " \u2212{penalty}: this question is now worth {worth}.",
        "wrong_worthless": (
            " This question is already worth 0 points: a wrong try costs nothing more."
        ),
        "wrong_free": " Try again: wrong tries cost nothing here.",
        "right": "Right! +{score}",
        "right_after": " (after {count} wrong {tries})",
        "right_end": ".",
        "right_value": " The value computed by the book: {value}.",
        "right_reveals": " The next question is now shown below.",
        # the chapter's and the book's score
        "scoreboard": (
            "Chapter score: {score} of {total} \u00b7 {solved} of "
            "{count} questions answered"
        ),
        "book_total": (
            "Book score: {score} of {total} \u00b7 {solved} of {count} "
            "questions answered"
        ),
        # the progress page
        "progress_score": "{score} of {total}",
        "progress_none_left": "nothing: all answered",
        "progress_all_left": "all {count} questions",
        "progress_left": "{questions} ",
        "progress_list_separator": ", ",
        "progress_reopened_item": "{title}, question {number}",
        "progress_reopened": (
            "Reopened {count} {questions} answered wrongly at first "
            "(questions that a reopened one unlocks close again):"
        ),
        "progress_no_mistakes": "No question had a wrong try.",
        "progress_reset": "Reset: {what} starts over.",
        "progress_whole_book": "the whole book",
        "progress_quoted": "\u201c{title}\u201d",
        "progress_exported": "Exported the progress of {count} {chapters} to {file}.",
        "progress_imported": "Imported {file}: {count} {questions} restored.",
        "progress_not_export": (
            "{file} is not a progress file exported from this book: nothing changed."
        ),
        "progress_file": "backprop-book-progress.json",
        "progress_caption": "Score per chapter",
        "progress_chapter": "Chapter",
        "progress_score_head": "Score",
        "progress_answered": "Answered",
        "progress_left_head": "Left to answer",
        "progress_actions": "Actions",
        "progress_with_wrong": "With wrong tries",
        "progress_retry": "Retry my mistakes",
        "progress_retry_tooltip": "Reopen every question answered wrongly",
        "progress_retry_all": "Retry all my mistakes",
        "progress_reset_all": "Reset the whole book",
        "progress_export": "Export my progress",
        "progress_import": "Import progress from a file",
        "progress_refresh": "Refresh",
    },
}

TEXT: Final[dict[str, str]] = RULES["text"]
NUMBER: Final[dict[str, Any]] = RULES["number"]
SCORING: Final[dict[str, Any]] = RULES["scoring"]

_FIELD = re.compile(r"\{(\w+)\}")


def fill(key: str, **values: object) -> str:
    """The sentence ``key`` with each ``{name}`` replaced by ``values[name]``."""
    if not isinstance(key, str) or key not in TEXT:
        raise UnknownKeyError(f"the rulebook has no sentence {key!r}")
    missing = sorted(set(_FIELD.findall(TEXT[key])) - set(values))
    if missing:
        raise UnknownKeyError(f"the sentence {key!r} needs the value of {{{missing[0]}}}")
    return _FIELD.sub(lambda match: str(values[match.group(1)]), TEXT[key])


def plural(key: str, n: int) -> str:
    """``key_one`` when ``n`` is 1, else ``key_many`` (filled with ``n``), for a count n."""
    n = check_steps(n, "n")
    return fill(f"{key}_one" if n == 1 else f"{key}_many", n=n)


def rules_json() -> str:
    """The rulebook as JSON for a ``<script type="application/json">`` block (no ``<``)."""
    text = json.dumps(RULES, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c")


def rules_script() -> str:
    """The ``<script>`` block that carries the rulebook into a page for quiz.js."""
    return f'<script type="application/json" class="bpb-quiz-rules">{rules_json()}</script>'
