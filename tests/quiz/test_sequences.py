"""The model under generated sequences of reader actions on real quiz files.

The same sequences (``support.quiz_sequences``) are replayed in Chromium by
``tests/browser/test_quiz_rules_site.py``; here the model alone must keep its
promises on every page layout, whole files and files shown in part.  Example counts
come from the hypothesis profile (``tests/conftest.py``).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core.quiz.rulebook import TEXT
from support.quiz_sequences import LAYOUTS, Layout, Model, actions_for, chapter_of


@pytest.mark.parametrize("layout", LAYOUTS, ids=[layout.name for layout in LAYOUTS])
@settings(deadline=None)
@given(data=st.data())
def test_promises_hold_under_any_sequence(layout: Layout, data: Any) -> None:
    chapter = chapter_of(layout.path)
    actions = data.draw(actions_for(chapter, layout.shown, reload=True))
    model = Model(chapter, layout.shown)
    fresh = model.snapshot()
    for action in actions:
        before = model.snapshot()
        model.act(action)
        after = model.snapshot()
        shown = {q["index"]: q for q in after["quizzes"]}
        progress = model.session.progress
        for i, p in enumerate(progress.quizzes):
            assert 0 <= p.score <= p.quiz.points
            if not progress.visible(i) or i not in shown:
                # a quiz hidden by its gate, or not on the page, holds nothing
                assert not p.solved and p.wrong_tries == 0
        for q in after["quizzes"]:
            assert q["locked"] == (chapter.gated(q["index"]) and not q["visible"])
        earlier = {q["index"]: q for q in before["quizzes"]}
        checked = shown.get(action[1]) if action[0] == "check" else None
        if (
            checked is not None
            and checked["feedback"].endswith(TEXT["right_reveals"])
            and not earlier[action[1]]["solved"]  # not an old message of a solved quiz
        ):
            # it says a question appeared only when one on the page did
            opened = [
                b["index"] for a, b in zip(before["quizzes"], after["quizzes"], strict=True)
                if b["visible"] and not a["visible"]
            ]
            assert opened, action
        if action[0] == "clear":
            assert after == fresh
        if action[0] == "reset" and action[1] in shown and shown[action[1]]["visible"]:
            assert shown[action[1]]["feedback"] == "" and not shown[action[1]]["solved"]
        assert 0 <= progress.score <= chapter.total
