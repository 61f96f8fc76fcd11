"""The live widgets, driven from Python like a reader: select, Check, Reset, read the score."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pytest

from backprop_core.quiz import Outcome, parse_quizzes
from backprop_core.quiz.model import Chapter
from backprop_core.quiz.session import ChapterSession, session_for
from backprop_core.quiz.widget import QuizGroup, QuizWidget, Scoreboard

TEXT = """
??
First, gates the second. Row or column?
\\w: column
\\c: row
\\w: both
\\penalty:5
\\shownext:true
\\explain: Rows hold the weights *into* a neuron.
??
??
Second, gated. Pick all that apply.
\\c: a
\\w: b
\\c: c
\\penalty:3
??
??
Third, free and worth 4.
\\c: yes
\\w: no
\\points:4
??
"""


@pytest.fixture
def session() -> ChapterSession:
    return ChapterSession(Chapter("demo", tuple(parse_quizzes(TEXT))))


def test_radio_buttons_for_one_answer_checkboxes_for_several(session: ChapterSession) -> None:
    group = QuizGroup(session, [0, 1])
    first, second = group.quizzes
    assert all(isinstance(c, widgets.RadioButtons) for c in first.choices)
    assert all(isinstance(c, widgets.Checkbox) for c in second.choices)
    assert len(first.choices) == 3 and len(second.choices) == 3


def test_radio_buttons_are_exclusive(session: ChapterSession) -> None:
    (quiz,) = QuizGroup(session, [0]).quizzes
    quiz.choices[0].index = 0
    assert quiz.selection == (0,)
    quiz.choices[2].index = 0  # a reader clicks another answer
    assert quiz.selection == (2,)
    quiz.select(1)
    assert quiz.selection == (1,)
    quiz.select()
    assert quiz.selection == ()


def test_wrong_then_right_with_penalty_and_feedback(session: ChapterSession) -> None:
    group = QuizGroup(session, [0, 1, 2])
    first, second, third = group.quizzes
    board = Scoreboard(session)
    assert first.status.value == "Worth 10 points."
    first.check_button.click()  # nothing selected: not a try
    assert "Select an answer first." in first.feedback.value
    first.select(0)
    first.check_button.click()
    assert "Not right. −5 points: this question is now worth 5." in first.feedback.value
    assert first.status.value == "Now worth 5 of 10 points."
    assert first.explain.layout.display == "none"  # hidden until right
    first.check_button.click()  # same selection again: free
    assert "already tried" in first.feedback.value
    assert session.progress.quizzes[0].wrong_tries == 1
    first.select(1)
    assert first.check() is Outcome.RIGHT
    assert "Right! +5 points (after 1 wrong try). The next question is now shown below." in (
        first.feedback.value
    )
    assert first.status.value == "Scored 5 of 10 points."
    assert first.explain.layout.display is None  # the explanation shows
    assert all(c.disabled for c in first.choices) and first.check_button.disabled
    assert board.score == 5
    assert "Chapter score: 5 of 24 points · 1 of 3 questions answered" in board.label.value
    del second, third


def test_explanation_hidden_until_right(session: ChapterSession) -> None:
    (quiz,) = QuizGroup(session, [0]).quizzes
    assert quiz.explain.layout.display == "none"
    quiz.select(1)
    quiz.check()
    assert quiz.explain.layout.display is None


def test_several_answers_need_exactly_the_right_set(session: ChapterSession) -> None:
    group = QuizGroup(session, [0, 1])
    first, second = group.quizzes
    first.select(1)
    first.check()
    second.select(0)
    assert second.check() is Outcome.WRONG
    assert "Select every correct answer and no wrong one." in second.feedback.value
    second.select(0, 1, 2)
    assert second.check() is Outcome.WRONG
    second.choices[1].value = False  # untick the wrong one
    assert second.selection == (0, 2)
    assert second.check() is Outcome.RIGHT
    assert session.progress.score == 10 + 4


def test_shownext_gates_across_cells_and_reset_hides_again(session: ChapterSession) -> None:
    cell_one = QuizGroup(session, [0])
    cell_two = QuizGroup(session, [1, 2])  # another cell, same file
    first = cell_one.quizzes[0]
    second, third = cell_two.quizzes
    assert not second.visible and second.body.layout.display == "none"
    assert second.locked.layout.display is None
    assert third.visible
    first.select(1)
    first.check()
    assert second.visible and second.body.layout.display is None
    assert second.locked.layout.display == "none"
    second.select(0, 2)
    second.check()
    assert session.progress.score == 20
    second.select(1)  # a half-ticked view is cleared by the reset below
    first.reset_button.click()
    assert not second.visible
    assert session.progress.score == 0
    assert second.selection == () and second.feedback.value == ""
    assert first.selection == () and first.feedback.value == ""
    assert not any(c.disabled for c in first.choices)


def test_gate_of_a_quiz_not_shown_in_this_kernel_is_open(session: ChapterSession) -> None:
    (second,) = QuizGroup(session, [1]).quizzes
    assert second.visible  # quiz 1 (its gate) has not been displayed
    QuizGroup(session, [0])
    assert not second.visible  # now it has


def test_two_views_of_one_quiz_share_progress(session: ChapterSession) -> None:
    a = QuizGroup(session, [2]).quizzes[0]
    b = QuizGroup(session, [2]).quizzes[0]
    a.select(0)
    a.check()
    assert b.status.value == "Scored 4 of 4 points." and "Right!" in b.feedback.value
    assert all(c.disabled for c in b.choices)


def test_scoreboard_clears_every_answer(session: ChapterSession) -> None:
    group = QuizGroup(session, [0, 2])
    board = Scoreboard(session)
    for quiz, pick in zip(group.quizzes, [1, 0], strict=True):
        quiz.select(pick)
        quiz.check()
    assert board.score == 14
    board.clear_button.click()
    assert board.score == 0
    assert "0 of 24 points · 0 of 3" in board.label.value
    assert all(q.selection == () for q in group.quizzes)


def test_check_after_solved_changes_nothing(session: ChapterSession) -> None:
    (quiz,) = QuizGroup(session, [2]).quizzes
    quiz.select(0)
    quiz.check()
    assert quiz.check() is Outcome.DONE
    assert session.progress.score == 4
    assert "Right! +4 points." in quiz.feedback.value


def test_wrong_without_penalty_says_it_is_free(session: ChapterSession) -> None:
    (quiz,) = QuizGroup(session, [2]).quizzes
    quiz.select(1)
    quiz.check()
    assert "wrong tries cost nothing here" in quiz.feedback.value
    assert quiz.status.value == "Worth 4 points."


def test_session_for_is_shared_per_file_and_renewed_when_the_file_changes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "chapter.txt"
    path.write_text(TEXT, encoding="utf-8")
    one = session_for(path)
    assert session_for(tmp_path / ".." / tmp_path.name / "chapter.txt") is one
    path.write_text(TEXT.replace("worth 4", "worth four"), encoding="utf-8")
    two = session_for(path)
    assert two is not one and two.chapter.name == "chapter"
    path.write_text(TEXT.replace("worth 4", "worth four") + "\n# comment\n", encoding="utf-8")
    assert session_for(path) is two  # layout and comments do not matter


def test_quiz_widget_is_a_vbox_with_locked_notice(session: ChapterSession) -> None:
    quiz = QuizWidget(session, 1)
    assert isinstance(quiz, widgets.VBox)
    assert "Question 2 appears when question 1 above is answered right." in quiz.locked.value
