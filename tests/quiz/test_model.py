"""Scoring, penalties, repeated tries, \\shownext gating and resets, without any display."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core.errors import ArgumentError, ArgumentTypeError, BackpropError
from backprop_core.quiz import Answer, Chapter, ChapterProgress, Outcome, Progress, Quiz
from backprop_core.quiz.model import NumericAnswer, quiz_key


def quiz(correct: tuple[int, ...] = (1,), n: int = 3, **kw: Any) -> Quiz:
    answers = tuple(Answer(f"answer {i}", i in correct) for i in range(n))
    return Quiz(question="Q?", answers=answers, **kw)


def test_first_try_earns_full_points() -> None:
    p = Progress(quiz(penalty=5))
    assert p.score == 0 and p.worth == 10
    assert p.check([1]) is Outcome.RIGHT
    assert p.solved and p.score == 10


def test_each_new_wrong_try_costs_the_penalty_floored_at_zero() -> None:
    p = Progress(quiz(penalty=4, n=5))
    assert p.check([0]) is Outcome.WRONG
    assert p.worth == 6 and p.score == 0
    assert p.check([2]) is Outcome.WRONG
    assert p.check([3]) is Outcome.WRONG
    assert p.worth == 0  # 10 - 12 floors at 0
    assert p.check([1]) is Outcome.RIGHT
    assert p.score == 0 and p.wrong_tries == 3


def test_empty_and_repeated_selections_cost_nothing() -> None:
    p = Progress(quiz(penalty=5))
    assert p.check([]) is Outcome.EMPTY
    assert p.check([0]) is Outcome.WRONG
    assert p.check([0]) is Outcome.REPEATED
    assert p.check(iter([0])) is Outcome.REPEATED
    assert p.wrong_tries == 1
    assert p.check([1]) is Outcome.RIGHT and p.score == 5
    assert p.check([0]) is Outcome.DONE and p.score == 5


def test_no_penalty_means_wrong_tries_are_free() -> None:
    p = Progress(quiz())
    p.check([0])
    p.check([2])
    p.check([1])
    assert p.score == 10


def test_several_correct_answers_need_exactly_the_right_set() -> None:
    q = quiz(correct=(0, 2), n=4, penalty=3)
    assert q.multiple and q.correct == {0, 2}
    p = Progress(q)
    assert p.check([0]) is Outcome.WRONG  # one missing
    assert p.check([0, 2, 3]) is Outcome.WRONG  # one wrong too many
    assert p.check([2, 0]) is Outcome.RIGHT  # order does not matter
    assert p.score == 4


def test_all_answers_correct_is_a_valid_quiz() -> None:
    p = Progress(quiz(correct=(0, 1), n=2))
    assert p.check([0]) is Outcome.WRONG
    assert p.check([0, 1]) is Outcome.RIGHT


def test_reset_starts_over() -> None:
    p = Progress(quiz(penalty=5))
    p.check([0])
    p.check([1])
    p.reset()
    assert (p.solved, p.wrong_tries, p.score, p.worth) == (False, 0, 0, 10)


def test_points_setting() -> None:
    q = quiz(points=3, penalty=2)
    assert q.score(0) == 3 and q.score(1) == 1 and q.score(2) == 0


def chapter() -> Chapter:
    # 0 -> 1 -> 2 chained by \shownext; 3 free; 4 gated by 3? no: 3 has no shownext
    return Chapter(
        "demo",
        (
            quiz(shownext=True, penalty=5),
            quiz(shownext=True),
            quiz(points=4),
            quiz(),
            quiz(correct=(0, 1)),
        ),
    )


def test_shownext_reveals_the_next_quiz_only_when_right() -> None:
    cp = ChapterProgress(chapter())
    assert cp.visibility() == [True, False, False, True, True]
    assert cp.check(0, [0]) is Outcome.WRONG
    assert cp.visibility() == [True, False, False, True, True]
    cp.check(0, [1])
    assert cp.visibility() == [True, True, False, True, True]
    cp.check(1, [1])
    assert cp.visibility() == [True, True, True, True, True]
    assert cp.score == 5 + 10 and cp.solved == 2 and len(cp) == 5
    assert cp.chapter.total == 10 + 10 + 4 + 10 + 10


def test_reset_hides_and_resets_the_quizzes_behind_a_closed_gate() -> None:
    cp = ChapterProgress(chapter())
    for i, sel in [(0, [1]), (1, [1]), (2, [1]), (3, [1])]:
        cp.check(i, sel)
    assert cp.score == 34
    cp.reset([0])
    assert cp.visibility() == [True, False, False, True, True]
    assert [p.solved for p in cp.quizzes] == [False, False, False, True, False]
    assert cp.score == 10
    cp.reset()
    assert cp.score == 0 and cp.solved == 0


def test_gate_of_a_quiz_not_on_display_is_open() -> None:
    cp = ChapterProgress(chapter())
    cp.shown = {1, 2}
    assert cp.visible(1)  # quiz 0 gates it but is not shown
    assert not cp.visible(2)
    cp.shown = {2}
    assert cp.visible(2)


def test_keys_are_deterministic_content_ids() -> None:
    c = chapter()
    keys = c.quiz_keys()
    assert keys == chapter().quiz_keys()
    assert len(set(keys)) == len(keys)
    twins = Chapter("demo", (quiz(), quiz(), quiz()))
    assert len(set(twins.quiz_keys())) == 3  # identical blocks differ by occurrence
    assert all(len(k) == 12 and int(k, 16) >= 0 for k in keys)
    assert quiz_key("demo", c.quizzes[3]) != quiz_key("other", c.quizzes[3])
    # layout does not matter, text does
    q = c.quizzes[0]
    assert quiz_key("demo", q) == quiz_key("demo", Quiz(q.question, q.answers, 5, True))
    assert quiz_key("demo", q) != quiz_key("demo", Quiz("Q!", q.answers, 5, True))


@pytest.mark.parametrize(
    ("kw", "lines"),
    [
        ({}, ["??", "Q?", "\\w: answer 0", "\\c: answer 1", "\\w: answer 2", "??"]),
        (
            {"penalty": 2, "points": 4, "explain": "e", "shownext": True},
            ["\\penalty:2", "\\points:4", "\\explain: e", "\\shownext:true"],
        ),
    ],
)
def test_canonical_form(kw: dict[str, Any], lines: list[str]) -> None:
    text = quiz(**kw).canonical()
    for line in lines:
        assert line in text.splitlines()


ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("check"), st.integers(0, 3), st.sets(st.integers(0, 3))),
        st.tuples(st.just("reset"), st.integers(0, 3), st.just(set())),
    ),
    max_size=40,
)


@settings(deadline=None)
@given(ACTIONS)
def test_invariants_under_any_sequence_of_actions(actions: list[tuple[str, int, set[int]]]) -> None:
    c = Chapter(
        "p",
        (
            quiz(shownext=True, penalty=3, n=4),
            quiz(correct=(0, 3), n=4, shownext=True, penalty=4),
            quiz(n=4, penalty=20),
            quiz(n=4, correct=(2,)),
        ),
    )
    cp = ChapterProgress(c)
    for kind, i, sel in actions:
        if kind == "reset":
            cp.reset([i])
        elif cp.visible(i):
            cp.check(i, sel)
        for j, p in enumerate(cp.quizzes):
            assert 0 <= p.score <= p.quiz.points
            if not cp.visible(j):
                assert not p.solved and p.wrong_tries == 0  # hidden quizzes hold nothing
        assert 0 <= cp.score <= c.total


def test_an_index_outside_the_chapter_is_refused_not_counted_from_the_end() -> None:
    progress = ChapterProgress(chapter())
    # before: check(-1, ...) scored the last quiz
    for bad in (-1, len(progress), 1.5, None, True):
        with pytest.raises(BackpropError, match=r"^index \(a quiz of the chapter\) must be an "
                                                r"integer"):
            progress.check(bad, [0])  # type: ignore[arg-type]
    assert progress.score == 0 and progress.solved == 0
    with pytest.raises(ArgumentError, match=r"^answer 7 of the selection must be an integer "
                                            r"from 0 to 2, got 7$"):
        progress.check(0, [7])


@pytest.mark.parametrize(("values", "error", "message"), [
    ({"x": "abc"}, ArgumentTypeError, r"the value \{x\} must be a real number, got str 'abc'$"),
    ({"x": None}, ArgumentTypeError, r"the value \{x\} must be a real number, got NoneType"),
    ({"x": float("nan")}, ArgumentError, r"the value \{x\} must be a finite number, got nan$"),
    ([("x", 1.0)], ArgumentTypeError, r"^values must be a dict \{name: number\}"),
])
def test_bind_names_the_value_and_what_was_given(values: object, error: type,
                                                message: str) -> None:
    numeric = Quiz("x?", (), numeric=NumericAnswer(name="x", tolerance=0.1, relative=False))
    with pytest.raises(error, match=message):
        Chapter("c", (numeric,)).bind(values)  # type: ignore[arg-type]
