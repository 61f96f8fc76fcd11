"""The author's API: finding the file, choosing quizzes, and the one output with two renditions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backprop_core.display import WIDGET_VIEW
from backprop_core.errors import ArgumentError, MissingFileError
from backprop_core.quiz import quiz_output, scoreboard_output, show_quiz, show_scoreboard
from backprop_core.quiz.show import find_quiz_file, select_quizzes
from backprop_core.quiz.widget import QuizGroup, Scoreboard

TEXT = "".join(f"??\nQuestion {i}\n\\c: yes\n\\w: no\n??\n" for i in range(1, 6))


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder laid out like book/: quizzes/<chapter>.txt, and the cwd set to it."""
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "chapter.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("which", "indices"),
    [
        (None, [0, 1, 2, 3, 4]),
        ("all", [0, 1, 2, 3, 4]),
        (" ALL ", [0, 1, 2, 3, 4]),
        (2, [1]),
        ("2", [1]),
        ("1-3", [0, 1, 2]),
        (" 2 - 3 , 5", [1, 2, 4]),
        ("4-", [3, 4]),
        ("1,4", [0, 3]),
        ([5, 1], [4, 0]),
        (range(2, 4), [1, 2]),
    ],
)
def test_select_quizzes(which: object, indices: list[int]) -> None:
    assert select_quizzes(which, 5) == indices  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("which", "error", "words"),
    [
        (0, ValueError, "quizzes 1 to 5"),
        (6, ValueError, "no quiz 6"),
        ("3-9", ValueError, "no quiz 6"),
        ("3-1", ValueError, "empty quiz range"),
        ("one", ValueError, "expected e.g."),
        ("1;2", ValueError, "cannot read"),
        ("", ValueError, "cannot read"),
        ("1,1", ValueError, "twice"),
        ([], ValueError, "empty quiz selection"),
        ([1.0], ValueError, "no quiz 1.0"),
        ([True], ValueError, "no quiz True"),
        (True, TypeError, "must be a number"),
        (2.0, TypeError, "must be a number"),
    ],
)
def test_select_quizzes_errors(which: object, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words) as info:
        select_quizzes(which, 5)  # type: ignore[arg-type]
    assert isinstance(info.value, ArgumentError)  # a BackpropError, and still the built-in


def test_find_quiz_file(book: Path) -> None:
    assert find_quiz_file("chapter") == Path("quizzes/chapter.txt")
    assert find_quiz_file("quizzes/chapter.txt") == Path("quizzes/chapter.txt")
    assert find_quiz_file(book / "quizzes" / "chapter.txt").is_file()
    (book / "loose.txt").write_text(TEXT, encoding="utf-8")
    assert find_quiz_file("loose.txt") == Path("loose.txt")
    with pytest.raises(MissingFileError, match=r"quizzes/missing\.txt.*book/quizzes") as info:
        find_quiz_file("missing")
    assert isinstance(info.value, FileNotFoundError)
    with pytest.raises(FileNotFoundError):
        find_quiz_file(Path("chapter"))  # a Path is taken as it is


def test_quiz_output_carries_widget_html_and_short_text(book: Path) -> None:
    out = quiz_output("chapter", "2-3")
    bundle = out._repr_mimebundle_()
    assert set(bundle) == {WIDGET_VIEW, "text/html", "text/plain"}
    assert bundle["text/plain"] == "Quiz chapter: questions 2-3 of 5 (20 points)"
    assert bundle[WIDGET_VIEW]["model_id"] == out.widget.model_id
    assert isinstance(out.widget, QuizGroup) and len(out.widget.quizzes) == 2
    assert bundle["text/html"].startswith('<div class="bpb-quiz-group" data-bpb-chapter="chapter">')
    assert bundle["text/html"].count('<section class="bpb-quiz"') == 2
    again = quiz_output("chapter", "2-3")._repr_mimebundle_()
    assert again["text/html"] == bundle["text/html"]  # byte-identical: strict nbval
    assert again["text/plain"] == bundle["text/plain"]
    assert quiz_output("chapter", 4).text == "Quiz chapter: question 4 of 5 (10 points)"
    assert quiz_output("chapter", "1,3").text == "Quiz chapter: questions 1, 3 of 5 (20 points)"


def test_html_does_not_depend_on_the_path_used(book: Path) -> None:
    relative = quiz_output("chapter").html
    absolute = quiz_output(os.fspath(book / "quizzes" / "chapter.txt")).html
    assert relative == absolute


def test_cells_share_one_session(book: Path) -> None:
    a = quiz_output("chapter", 1).widget
    b = quiz_output("chapter", 2).widget
    assert a.session is b.session
    board = scoreboard_output("chapter")
    assert isinstance(board.widget, Scoreboard) and board.widget.session is a.session
    assert board.text == "Chapter score chapter: 5 questions, 50 points"
    assert 'data-bpb-total="50"' in board.html


def test_show_functions_display_one_output(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[object] = []
    monkeypatch.setattr("backprop_core.quiz.show.display", shown.append)
    show_quiz("chapter", 1)
    show_scoreboard("chapter")
    assert [repr(o) for o in shown] == [
        "Quiz chapter: question 1 of 5 (10 points)",
        "Chapter score chapter: 5 questions, 50 points",
    ]
