"""What Check says (quiz/messages.py): the points a wrong try really costs, and a numeric
quiz's tolerance beside its input."""

from __future__ import annotations

from backprop_core.quiz import Answer, Outcome, Progress, Quiz, messages, parse_quizzes


def quiz(penalty: int, points: int = 10) -> Quiz:
    answers = tuple(Answer(f"answer {i}", i == 0) for i in range(6))
    return Quiz(question="Q?", answers=answers, penalty=penalty, points=points)


def wrong_messages(q: Quiz) -> list[str]:
    p = Progress(q)
    out = []
    for i in range(1, 6):
        assert p.check([i]) is Outcome.WRONG
        out.append(messages.feedback(p, Outcome.WRONG))
    return out


def test_a_wrong_try_states_the_points_it_really_costs() -> None:
    texts = wrong_messages(quiz(penalty=4))
    assert texts[0] == "Not right. \u22124 points: this question is now worth 6."
    assert texts[1] == "Not right. \u22124 points: this question is now worth 2."
    assert texts[2] == "Not right. \u22122 points: this question is now worth 0."  # not −4
    for text in texts[3:]:  # nothing left to lose: no "−4 points"
        assert text == ("Not right. This question is already worth 0 points: a wrong try "
                        "costs nothing more.")
        assert "\u2212" not in text


def test_a_penalty_as_large_as_the_points_is_lost_once() -> None:
    texts = wrong_messages(quiz(penalty=5, points=5))
    assert texts[0] == "Not right. \u22125 points: this question is now worth 0."
    assert "already worth 0 points" in texts[1]


def test_a_numeric_quizs_input_is_labelled_with_its_tolerance() -> None:
    exact, loose, relative = parse_quizzes(
        "??\nHow many?\n\\number: 12\n\\tolerance: 0\n??\n"
        "??\nAbout?\n\\number: 2.5\n\\tolerance: 0.05\n??\n"
        "??\nSlope?\n\\number: 3\n\\tolerance: 0.5%\n??\n")
    assert messages.answer_label(exact) == "Your answer (only the exact value): "
    assert messages.answer_label(loose) == "Your answer (within \u00b10.05): "
    assert messages.answer_label(relative) == "Your answer (within 0.5%): "
    assert "within \u00b10" not in messages.hint(exact)
    assert messages.hint(exact).startswith("Type a number (only the exact value counts")
    assert messages.answer_label(quiz(0)) == "Your answer: "
