"""The `??` parser: the source's blocks parse unchanged, everything else is a clear error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core.errors import BackpropError
from backprop_core.quiz import QuizFormatError, parse_quizzes, read_chapter
from backprop_core.quiz.model import Answer, Quiz

DATA = Path(__file__).parent / "data"
BOOK_QUIZZES = Path(__file__).resolve().parents[2] / "book" / "quizzes"


def test_source_blocks_parse_unchanged() -> None:
    chapter = read_chapter(DATA / "source_blocks.txt")
    assert chapter.name == "source_blocks"
    quizzes = chapter.quizzes
    assert len(quizzes) == 6
    first = quizzes[0]
    assert first.question == "The number neurons in layer $l-1$ is the same as"
    assert [a.correct for a in first.answers] == [False, True, False]
    assert first.answers[1].text == "Number of columns in $\\bold{W}^l$"
    assert (first.penalty, first.shownext, first.points, first.explain) == (5, True, 10, None)
    assert quizzes[1].shownext and not quizzes[2].shownext
    # trailing space after "1" is dropped; answers keep file order
    assert [a.text for a in quizzes[2].answers] == ["1", "2", "3"]
    # blank lines between the answers of the fourth block
    assert [a.correct for a in quizzes[3].answers] == [False, True, False]
    assert quizzes[3].penalty == 10
    # an all-correct quiz (two \c, no \w), whose question line ends with a space
    assert quizzes[4].question.endswith("\\right )$?")
    assert quizzes[4].correct == frozenset({0, 1}) and quizzes[4].multiple
    assert quizzes[4].penalty == 0
    assert quizzes[5].shownext is False
    assert [q.line for q in quizzes] == [5, 14, 23, 31, 42, 49]
    assert all(q.source.endswith("source_blocks.txt") for q in quizzes)


@pytest.mark.parametrize("path", sorted(BOOK_QUIZZES.glob("*.txt")), ids=lambda p: p.name)
def test_every_book_quiz_file_parses(path: Path) -> None:
    assert read_chapter(path).quizzes


def test_a_full_block_with_extensions() -> None:
    text = (
        "??\n"
        "First paragraph with **bold**.\n"
        "\n"
        "Second paragraph.   \n"
        "\\c:   right   \n"
        "\n"
        "  \\w: wrong\n"
        "\\points : 4\n"
        "\\explain: because\n"
        "\\shownext:TRUE\n"
        "\\penalty: 0\n"
        "??"
    )
    (quiz,) = parse_quizzes(text, "demo.txt")
    assert quiz == Quiz(
        question="First paragraph with **bold**.\n\nSecond paragraph.",
        answers=(Answer("right", True, 5), Answer("wrong", False, 7)),
        penalty=0,
        shownext=True,
        points=4,
        explain="because",
        source="demo.txt",
        line=1,
    )


def test_comments_blank_lines_crlf_and_bom_outside_blocks() -> None:
    text = "\ufeff# a comment\r\n\r\n   # indented comment\r\n??\r\nQ\r\n\\c: a\r\n ?? \r\n\t\r\n"
    (quiz,) = parse_quizzes(text)
    assert quiz.question == "Q" and quiz.line == 4 and quiz.source == "<string>"


def test_question_lines_may_hold_latex_and_lone_question_marks() -> None:
    text = "??\n\\frac{a}{b} and ??? and \\(x\\)\n\\alpha is not a directive\n\\c: yes\n??\n"
    (quiz,) = parse_quizzes(text)
    assert quiz.question.startswith("\\frac{a}{b} and ???")


def test_empty_text_has_no_quiz() -> None:
    assert parse_quizzes("") == []
    assert parse_quizzes("# only a comment\n\n") == []


ERRORS = [
    # (text, line, words the message must contain)
    ("??\nQ\n\\x: y\n\\c: a\n??", 3, ["unknown directive", "\\x:", "expected", "\\c:"]),
    ("??\n\\c: a\nQ\n??", 2, ["answer", "before any question text"]),
    ("??\n\n\\w: a\n??", 3, ["before any question text"]),
    ("??\n\\penalty:5\nQ\n\\c: a\n??", 2, ["'\\penalty:' before any question text"]),
    (
        "# x\n??\nQ\n\\w: a\n\\w: b\n??",
        2,
        ["no correct answer", "opened at line 2 and closed at line 6", "only wrong"],
    ),
    ("??\nQ\n??", 1, ["no correct answer", "opened at line 1 and closed at line 3", "no answers"]),
    ("# x\n??\nQ\n\\c: a\n", 2, ["unterminated", "closing '??'"]),
    ("??\nQ\n\\c: a\n??\n??\nR\n", 5, ["unterminated"]),
    ("??\nQ\n\\c: a\n\\penalty:-1\n??", 4, ["non-negative integer", "'-1'"]),
    ("??\nQ\n\\c: a\n\\penalty:2.5\n??", 4, ["non-negative integer"]),
    ("??\nQ\n\\c: a\n\\penalty:\n??", 4, ["non-negative integer", "''"]),
    ("??\nQ\n\\c: a\n\\penalty:five\n??", 4, ["non-negative integer"]),
    ("??\nQ\n\\c: a\n\\penalty:99999999\n??", 4, ["at most 1000000"]),
    ("??\nQ\n\\c: a\n\\penalty:1000001\n??", 4, ["at most 1000000"]),
    ("??\nQ\n\\c: a\n\\penalty:" + "7" * 5000 + "\n??", 4, ["at most"]),
    ("??\nQ\n\\c: a\n\\points:0\n??", 4, ["positive integer"]),
    ("??\nQ\n\\c: a\n\\points:000\n??", 4, ["positive integer"]),
    ("??\nQ\n\\c: a\n\\points:x\n??", 4, ["positive integer"]),
    ("??\nQ\n\\c: a\n\\shownext:yes\n??", 4, ["true or false", "'yes'"]),
    ("??\nQ\n\\c: a\n\\penalty:1\n\\penalty:2\n??", 5, ["duplicate directive", "line 4"]),
    ("??\nQ\n\\c: a\n\\shownext:true\n\\shownext:true\n??", 5, ["duplicate directive"]),
    ("??\nQ\n\\c: a\n\\explain: x\n\\explain: y\n??", 5, ["duplicate directive"]),
    ("??\nQ\n\\c: a\n\\explain:\n??", 4, ["empty explanation"]),
    ("??\nQ\n\\c:   \n??", 3, ["empty answer"]),
    ("??\nQ\n\\c: a\n\\w: a\n??", 4, ["duplicate answer"]),
    ("??\nQ\n\\c: a\nmore text\n??", 4, ["expected an answer", "one line", "'more text'"]),
    ("??\nQ\n\\penalty:1\nmore text\n\\c: a\n??", 4, ["expected an answer"]),
    ("??\n\n  \n??", 4, ["empty quiz", "expected question text"]),
    ("Some prose\n??\nQ\n\\c: a\n??", 1, ["outside a quiz block", "'#' comment", "'Some prose'"]),
    ("??\nQ\n\\c: a\n??\nstray", 5, ["outside a quiz block"]),
]


@pytest.mark.parametrize(("text", "line", "words"), ERRORS)
def test_errors_name_file_line_and_expectation(text: str, line: int, words: list[str]) -> None:
    with pytest.raises(QuizFormatError) as info:
        parse_quizzes(text, "book/quizzes/x.txt")
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, BackpropError)
    assert (err.path, err.line) == ("book/quizzes/x.txt", line)
    assert str(err).startswith(f"book/quizzes/x.txt:{line}: ")
    for word in words:
        assert word in err.message


def test_read_chapter_rejects_bad_bytes_and_empty_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"??\nQ\n\\c: caf\xe9\n??\n")
    with pytest.raises(QuizFormatError, match=r"bad\.txt:3: not UTF-8"):
        read_chapter(bad)
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(QuizFormatError, match=r"empty\.txt:1: no quiz"):
        read_chapter(empty)


# -- properties ------------------------------------------------------------------------

LINES = st.sampled_from(
    [
        "??",
        "",
        " ",
        "# c",
        "Q $x$",
        "\\c: a",
        "\\c: b",
        "\\w: a",
        "\\w: c",
        "\\penalty:5",
        "\\penalty:-2",
        "\\shownext:true",
        "\\shownext:maybe",
        "\\points:3",
        "\\explain: e",
        "\\zz: q",
        "text",
        "\\c:",
        "\\points:0",
    ]
)


@settings(deadline=None)
@given(st.text())
def test_arbitrary_text_raises_only_the_format_error(text: str) -> None:
    try:
        parse_quizzes(text)
    except QuizFormatError as err:
        assert err.line >= 1 and err.message


@settings(deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=12)), max_size=30))
def test_arbitrary_format_like_lines_raise_only_the_format_error(lines: list[str]) -> None:
    text = "\n".join(lines)
    try:
        quizzes = parse_quizzes(text)
    except QuizFormatError as err:
        assert 1 <= err.line <= len(re.split(r"\r\n|\r|\n", text))
    else:
        for quiz in quizzes:
            assert quiz.correct and quiz.question.strip()


TEXT = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(lambda s: s and not s.startswith(("\\", "?", "#")))
)


@st.composite
def quizzes(draw: st.DrawFn) -> Quiz:
    texts = draw(st.lists(TEXT, min_size=1, max_size=5, unique=True))
    flags = draw(st.lists(st.booleans(), min_size=len(texts), max_size=len(texts)))
    flags[draw(st.integers(0, len(texts) - 1))] = True
    return Quiz(
        question=draw(TEXT),
        answers=tuple(Answer(t, c) for t, c in zip(texts, flags, strict=True)),
        penalty=draw(st.integers(0, 50)),
        shownext=draw(st.booleans()),
        points=draw(st.integers(1, 50)),
        explain=draw(st.none() | TEXT),
    )


@settings(deadline=None)
@given(st.lists(quizzes(), min_size=1, max_size=4))
def test_canonical_text_parses_back_to_the_same_quizzes(qs: list[Quiz]) -> None:
    text = "\n\n".join(q.canonical() for q in qs)
    parsed = parse_quizzes(text)
    def content(q: Quiz) -> tuple[object, ...]:
        answers = [(a.text, a.correct) for a in q.answers]
        return (q.question, answers, q.penalty, q.shownext, q.points, q.explain)

    assert [content(q) for q in parsed] == [content(q) for q in qs]
    assert [q.canonical() for q in parsed] == [q.canonical() for q in qs]
