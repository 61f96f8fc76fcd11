"""This book's extensions of the `??` format: numeric answers, why-not lines, answer order.

Parsed (with errors that name the line), scored by the model, rendered for the site and
driven in the widget, and bound to values the chapter computes (``show_quiz(values=)``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backprop_core.errors import ArgumentError, ArgumentTypeError, UnknownKeyError
from backprop_core.quiz import Outcome, QuizFormatError, parse_quizzes, quiz_output
from backprop_core.quiz.model import Chapter, NumericAnswer, Progress
from backprop_core.quiz.session import ChapterSession
from backprop_core.quiz.static import render_quizzes
from backprop_core.quiz.widget import QuizGroup

NUMERIC = """\
??
At $a = 2$, what is $\\partial o/\\partial a$?
\\number: {do_da}
\\tolerance: 0.5%
\\penalty:4
??
??
How many paths?
\\number: 4
\\tolerance: 0
??
??
Which row?
\\w: column
\\why: A column holds the weights *out of* a neuron.

\\c: row
\\w: diagonal
\\order: file
??
"""


def chapter() -> Chapter:
    return Chapter("demo", tuple(parse_quizzes(NUMERIC, "demo.txt")))


# -- parsing ------------------------------------------------------------------------------


def test_numeric_blocks_parse() -> None:
    named, literal, choice = chapter().quizzes
    assert named.numeric == NumericAnswer(None, "do_da", 0.005, True, 3)
    assert named.answers == () and named.correct == frozenset() and named.penalty == 4
    assert literal.numeric == NumericAnswer(4.0, None, 0.0, False, 9)
    assert choice.numeric is None and choice.order == "file"
    assert choice.answers[0].why == "A column holds the weights *out of* a neuron."
    assert choice.answers[1].why is None and choice.answers[2].why is None


def test_default_tolerance_is_one_percent_relative() -> None:
    (quiz,) = parse_quizzes("??\nQ\n\\number: 2.5\n??")
    assert quiz.numeric is not None
    assert (quiz.numeric.tolerance, quiz.numeric.relative) == (0.01, True)
    assert quiz.numeric.describe() == "within 1%"


def test_canonical_text_of_the_extensions_parses_back() -> None:
    for quiz in chapter().quizzes:
        (again,) = parse_quizzes(quiz.canonical(), quiz.source)
        assert again.canonical() == quiz.canonical()
        pairs = zip(quiz.answers, again.answers, strict=True)
        assert all((a.text, a.correct, a.why) == (b.text, b.correct, b.why) for a, b in pairs)


ERRORS = [
    ("??\nQ\n\\number: ten\n??", 3, ["'\\number:' expects", "{do_da}", "'ten'"]),
    ("??\nQ\n\\number: {1x}\n??", 3, ["'\\number:' expects"]),
    ("??\nQ\n\\number: 10,5\n??", 3, ["'\\number:' expects", "'10,5'"]),
    ("??\nQ\n\\number: 1\n\\tolerance: abc\n??", 4, ["'\\tolerance:' expects", "1%"]),
    ("??\nQ\n\\number: 1\n\\tolerance: -1\n??", 4, ["'\\tolerance:' expects"]),
    ("??\nQ\n\\number: 1\n\\tolerance: 100%\n??", 4, ["below 100%"]),
    ("??\nQ\n\\c: a\n\\tolerance: 1%\n??", 4, ["belongs to a numeric quiz"]),
    ("??\nQ\n\\number: 1\n\\order: file\n??", 4, ["a numeric quiz", "has none"]),
    ("??\nQ\n\\c: a\n\\number: 1\n??", 3, ["numeric quiz", "line 4", "no '\\c:'/'\\w:'"]),
    ("??\nQ\n\\number: 1\n\\number: 2\n??", 4, ["duplicate directive", "line 3"]),
    ("??\nQ\n\\number: 0\n??", 3, ["only 0 exactly", "absolute"]),
    ("??\nQ\n\\why: no\n\\c: a\n??", 3, ["'\\why:' must come right after the '\\w:'"]),
    ("??\nQ\n\\c: a\n\\why: no\n??", 4, ["'\\why:' must come right after"]),
    ("??\nQ\n\\c: a\n\\w: b\n\\penalty:1\n\\why: no\n??", 6, ["must come right after"]),
    ("??\nQ\n\\c: a\n\\w: b\n\\why:\n??", 5, ["empty '\\why:'"]),
    ("??\nQ\n\\c: a\n\\w: b\n\\why: x\n\\why: y\n??", 6, ["must come right after"]),
    ("??\nQ\n\\c: a\n\\order: random\n??", 4, ["'\\order:' expects file or mixed"]),
    ("??\nQ\n\\penalty: 1\n??", 1, ["no correct answer"]),
    ("??\nQ\n\\number: 1e400\n??", 3, ["'\\number:' expects a finite number", "'1e400'"]),
    ("??\nQ\n\\number: -2e308\n??", 3, ["'\\number:' expects a finite number"]),
    ("??\nQ\n\\number: 1\n\n\\tolerance: 1e400\n??", 5,
     ["'\\tolerance:' expects a finite number", "'1e400'"]),
    ("??\nQ\n\\number: 1\n\\tolerance: 1e999%\n??", 4,
     ["'\\tolerance:' expects a finite number", "'1e999%'"]),
]


@pytest.mark.parametrize(("text", "line", "words"), ERRORS)
def test_malformed_extension_blocks_name_file_and_line(text: str, line: int,
                                                       words: list[str]) -> None:
    with pytest.raises(QuizFormatError) as info:
        parse_quizzes(text, "book/quizzes/x.txt")
    err = info.value
    assert (err.path, err.line) == ("book/quizzes/x.txt", line), str(err)
    for word in words:
        assert word in err.message, (word, err.message)


# -- binding values computed by the chapter -------------------------------------------------


def test_bind_sets_the_named_value_and_keeps_the_key() -> None:
    ch = chapter()
    bound = ch.bind({"do_da": 7.0})
    assert bound.quizzes[0].numeric is not None and bound.quizzes[0].numeric.value == 7.0
    assert bound.quiz_keys() == ch.quiz_keys()  # progress survives a changed value


@pytest.mark.parametrize(
    ("values", "indices", "words"),
    [
        ({}, None, ["needs the value {do_da}", "demo.txt:3"]),
        ({"do_da": 1.0, "typo": 2.0}, None, ["no question shown here names ['typo']"]),
        ({"do_da": 1.0}, [1, 2], ["no question shown here names ['do_da']"]),
    ],
)
def test_bind_refuses_missing_and_unused_values(values: dict[str, float],
                                                indices: list[int] | None,
                                                words: list[str]) -> None:
    with pytest.raises(UnknownKeyError) as info:
        chapter().bind(values, indices)
    assert isinstance(info.value, KeyError)  # what code written before the class catches
    for word in words:
        assert word in str(info.value)
    assert not str(info.value).startswith("'")  # the message, not KeyError's quoted repr


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_bind_refuses_non_finite_values(bad: float) -> None:
    with pytest.raises(ArgumentError, match=r"the value \{do_da\} must be a finite number, "
                                            r"got (nan|inf)$"):
        chapter().bind({"do_da": bad})


def test_bind_refuses_zero_with_a_relative_tolerance() -> None:
    with pytest.raises(ArgumentError, match="absolute"):
        chapter().bind({"do_da": 0.0})


def test_unbound_numeric_quiz_cannot_be_rendered_or_checked() -> None:
    with pytest.raises(ArgumentError, match="was not supplied"):
        render_quizzes(chapter(), [0])
    with pytest.raises(ArgumentError, match="not supplied"):
        Progress(chapter().quizzes[0]).check("1")


# -- scoring ------------------------------------------------------------------------------


def test_numeric_scoring_follows_the_same_rules() -> None:
    p = Progress(chapter().bind({"do_da": 10.5}).quizzes[0])
    assert p.check("") is Outcome.EMPTY and p.last_problem == "Type a number first."
    assert p.check("10,5") is Outcome.INVALID and "point" in p.last_problem
    assert p.check("ten") is Outcome.INVALID and p.wrong_tries == 0
    assert p.check("11") is Outcome.WRONG and p.worth == 6
    assert p.check("11.0") is Outcome.REPEATED and p.worth == 6  # the same number
    assert p.check("22/2") is Outcome.REPEATED
    assert p.check("10.6") is Outcome.WRONG and p.worth == 2  # outside 0.5%
    assert p.check("21/2") is Outcome.RIGHT and p.score == 2
    assert p.check("0") is Outcome.DONE and p.score == 2
    p.reset()
    assert (p.score, p.wrong_tries, p.last_problem) == (0, 0, "")
    assert p.check("10.52") is Outcome.RIGHT and p.score == 10  # within 0.5%


def test_exact_literal_with_zero_tolerance() -> None:
    p = Progress(chapter().quizzes[1])
    assert p.check("4.0001") is Outcome.WRONG
    assert p.check("8/2") is Outcome.RIGHT


def test_selection_types_are_checked() -> None:
    with pytest.raises(ArgumentTypeError, match="answered with the text typed") as info:
        Progress(chapter().quizzes[1]).check([0])
    assert isinstance(info.value, TypeError)
    with pytest.raises(ArgumentTypeError, match="answered with answer indices"):
        Progress(chapter().quizzes[2]).check("0")


def test_picked_wrong_answers_with_a_why() -> None:
    p = Progress(chapter().quizzes[2])
    assert p.picked_wrong([0]) == [0]
    assert p.picked_wrong([2]) == []  # wrong, but without a \why:
    assert p.picked_wrong([1]) == []


# -- answer order ---------------------------------------------------------------------------


def test_display_order_is_a_content_derived_permutation() -> None:
    text = "??\nQ?\n\\w: a\n\\w: b\n\\c: c\n\\w: d\n\\w: e\n??"
    (quiz,) = parse_quizzes(text)
    order = quiz.display_order()
    assert sorted(order) == [0, 1, 2, 3, 4] and order != (0, 1, 2, 3, 4)
    (same,) = parse_quizzes(text.replace("\\c: c", "\n\\c: c   "))  # layout only
    assert same.display_order() == order
    (moved,) = parse_quizzes("??\nQ?\n\\c: c\n\\w: a\n\\w: b\n\\w: d\n\\w: e\n??")
    shown = [quiz.answers[i].text for i in order]
    assert [moved.answers[i].text for i in moved.display_order()] == shown  # not file order
    (filed,) = parse_quizzes(text[:-2] + "\\order: file\n??")
    assert filed.display_order() == (0, 1, 2, 3, 4)


# -- the site's HTML and the widget ----------------------------------------------------------


def test_static_numeric_quiz_has_a_labelled_text_box() -> None:
    html = render_quizzes(chapter().bind({"do_da": 10.5}), [0, 1])
    assert 'data-bpb-kind="number"' in html and 'data-bpb-value="10.5"' in html
    assert 'data-bpb-tolerance="0.0050000000000000001"' in html
    assert 'data-bpb-relative="true"' in html and 'data-bpb-relative="false"' in html
    assert 'inputmode="decimal"' in html and 'type="text"' in html
    assert "Your answer (within 0.5%): </label>" in html and "within 0.5%" in html
    assert 'aria-describedby="bpb-' in html


def test_static_choices_follow_the_display_order_and_carry_hidden_whys() -> None:
    text = "??\nQ?\n\\w: a\n\\why: not *a*\n\\w: b\n\\c: c\n\\w: d\n??"
    (quiz,) = parse_quizzes(text)
    html = render_quizzes(Chapter("x", (quiz,)), [0])
    positions = [html.index(f'value="{i}"') for i in quiz.display_order()]
    assert positions == sorted(positions)
    assert '<p class="bpb-quiz-whynot" data-bpb-answer="0" hidden>' in html
    assert "<em>a</em>" in html and html.count("bpb-quiz-whynot\"") == 1
    assert "Answer 1: " in html  # numbered by position on screen


def test_widget_numeric_and_why_not() -> None:
    session = ChapterSession(chapter())
    session.bind({"do_da": 10.5}, [0])
    group = QuizGroup(session, [0, 1, 2])
    number, _, choice = group.quizzes
    number.type("abc")
    assert number.check() is Outcome.INVALID and "not a number" in number.feedback.value
    number.type("11")
    assert number.check() is Outcome.WRONG and "Now worth 6" in number.status.value
    number.type("10.5")
    assert number.check() is Outcome.RIGHT
    assert "The value computed by the book: 10.5." in number.feedback.value
    assert number.number.disabled
    choice.select(0)
    assert choice.check() is Outcome.WRONG and "Why not:" in choice.whynot.value
    assert "<em>out of</em>" in choice.whynot.value
    choice.select(2)
    assert choice.check() is Outcome.WRONG and choice.whynot.value == ""
    choice.select(1)
    assert choice.check() is Outcome.RIGHT and choice.whynot.value == ""
    choice.reset()
    number.reset()
    assert number.number.value == "" and session.progress.score == 0


def test_show_quiz_passes_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "demo.txt").write_text(NUMERIC, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = quiz_output("demo", 1, values={"do_da": 3.25})
    assert 'data-bpb-value="3.25"' in out.html
    with pytest.raises(UnknownKeyError, match="needs the value"):
        quiz_output("demo", 1)
