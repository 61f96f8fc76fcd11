"""The quizzes on the built site, in real Chromium, with no kernel and no network.

The page "How the quizzes work" (book/how-quizzes-work.ipynb) shows the quizzes of
book/quizzes/how-quizzes-work.txt. The Python model (backprop_core.quiz.model) is the
oracle: what the page says and scores must match what the model computes for the same
clicks. Every test also asserts that the page asked no other host for anything and
raised no error.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from backprop_core.quiz import Chapter, Outcome, Progress, messages, read_chapter
from backprop_core.quiz.model import Answer, Quiz
from backprop_core.quiz.static import render_quizzes, render_scoreboard
from support.browser import screenshot, serve_directory, wait_for_math

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PAGE = "book/how-quizzes-work.html"
CHAPTER = read_chapter(ROOT / "book" / "quizzes" / "how-quizzes-work.txt")
READY = "() => document.documentElement.classList.contains('bpb-quiz-ready')"
STORED = "() => Object.keys(localStorage).filter(k => k.startsWith('bpb-quiz'))"


# -- helpers ----------------------------------------------------------------------------


def right(index: int) -> list[int]:
    return sorted(CHAPTER.quizzes[index].correct)


def wrong(index: int) -> int:
    return next(i for i, a in enumerate(CHAPTER.quizzes[index].answers) if not a.correct)


def quiz(page: Any, index: int) -> Any:
    return page.locator(
        f"section.bpb-quiz[data-bpb-chapter='{CHAPTER.name}'][data-bpb-index='{index}']"
    )


def pick(page: Any, index: int, answers: list[int]) -> None:
    """Set the selection of quiz `index` to exactly `answers` (file indices), by clicking
    labels; the page shows the answers in display order, each input's value is its index."""
    section = quiz(page, index)
    for i in range(len(CHAPTER.quizzes[index].answers)):
        input_ = section.locator(f".bpb-quiz-answer input[value='{i}']")
        if input_.is_checked() != (i in answers):
            section.locator(f"label[for='{input_.get_attribute('id')}']").click()


def check(page: Any, index: int, answers: list[int]) -> str:
    pick(page, index, answers)
    quiz(page, index).locator("button.bpb-quiz-check").click()
    return feedback(page, index)


def feedback(page: Any, index: int) -> str:
    return str(quiz(page, index).locator(".bpb-quiz-feedback").text_content())


def status(page: Any, index: int) -> str:
    return str(quiz(page, index).locator(".bpb-quiz-status").text_content())


def board(page: Any) -> str:
    return str(page.locator(".bpb-scoreboard-text").first.text_content())


def form_visible(page: Any, index: int) -> bool:
    return bool(quiz(page, index).locator("form").is_visible())


def assert_clean(page: Any) -> None:
    assert page.bpb_external_requests == []
    assert page.bpb_errors == []


@pytest.fixture
def open_page(site_url: str, new_page: Callable[..., Any]) -> Callable[..., Any]:
    def open_(dark: bool = False) -> Any:
        page = new_page(dark=dark, preload=False)
        page.goto(site_url + PAGE)
        wait_for_math(page)
        page.wait_for_function(READY)
        return page

    return open_


def slope() -> float:
    """The numeric question's expected value, computed as the page computes it."""
    from backprop_core.engine.value import Value

    x = Value(1.5, "x")
    (x**3 - 2 * x).backward()
    return float(x.grad)


NUMERIC = next(i for i, q in enumerate(CHAPTER.quizzes) if q.numeric is not None)


def type_number(page: Any, index: int, text: str) -> str:
    box = quiz(page, index).locator("input.bpb-quiz-number-input")
    box.fill(text)
    quiz(page, index).locator("button.bpb-quiz-check").click()
    return feedback(page, index)


# -- behaviour --------------------------------------------------------------------------


def test_numeric_answer_wrong_then_right_with_the_penalty(
    open_page: Callable[..., Any],
) -> None:
    page = open_page()
    q = CHAPTER.bind({"slope": slope()}, [NUMERIC]).quizzes[NUMERIC]
    oracle = Progress(q)
    section = quiz(page, NUMERIC)
    assert section.get_attribute("data-bpb-kind") == "number"
    assert float(str(section.get_attribute("data-bpb-value"))) == slope()
    assert "within 0.5%" in str(section.locator(".bpb-quiz-hint").text_content())
    # entries that are not numbers cost nothing, and say why
    for text in ["", "abc", "4,75", "1/0"]:
        shown = type_number(page, NUMERIC, text)
        outcome = oracle.check(text)
        assert outcome in (Outcome.EMPTY, Outcome.INVALID)
        assert shown == messages.feedback(oracle, outcome), text
        assert status(page, NUMERIC) == "Worth 10 points."
    assert "point" in type_number(page, NUMERIC, "4,75")
    # a wrong number costs the penalty; the same number again costs nothing
    for text in ["5", "10/2"]:
        shown = type_number(page, NUMERIC, text)
        outcome = oracle.check(text)
        assert shown == messages.feedback(oracle, outcome), text
    assert status(page, NUMERIC) == messages.status(oracle) == "Now worth 5 of 10 points."
    assert board(page).startswith("Chapter score: 0 of")
    # a fraction within the tolerance is right
    shown = type_number(page, NUMERIC, "19/4")
    outcome = oracle.check("19/4")
    assert outcome is Outcome.RIGHT
    assert shown == messages.feedback(oracle, outcome)
    assert shown.startswith("Right! +5 points (after 1 wrong try).")
    assert "The value computed by the book: 4.75." in shown
    section.scroll_into_view_if_needed()
    screenshot(page, "quiz-numeric-right")
    assert section.locator("input.bpb-quiz-number-input").is_disabled()
    assert board(page).startswith("Chapter score: 5 of")
    page.reload()
    wait_for_math(page)
    page.wait_for_function(READY)
    assert status(page, NUMERIC) == "Scored 5 of 10 points."
    assert section.locator("input.bpb-quiz-number-input").input_value() == "4.75"
    assert_clean(page)


def test_a_wrong_answer_with_a_why_says_why_when_picked(open_page: Callable[..., Any]) -> None:
    page = open_page()
    q = CHAPTER.quizzes[0]
    with_why = next(i for i, a in enumerate(q.answers) if a.why)
    whynot = quiz(page, 0).locator(f".bpb-quiz-whynot[data-bpb-answer='{with_why}']")
    assert not whynot.is_visible()
    check(page, 0, [with_why])
    assert whynot.is_visible()
    quiz(page, 0).scroll_into_view_if_needed()
    screenshot(page, "quiz-why-not")
    assert str(whynot.text_content()).startswith("Why not: ")
    assert quiz(page, 0).locator(".bpb-quiz-whynot:visible").count() == 1
    assert whynot.locator("mjx-container").count() > 0 or "$" not in str(q.answers[with_why].why)
    check(page, 0, right(0))
    assert not whynot.is_visible()  # the right answer hides it
    quiz(page, 0).locator("button.bpb-quiz-reset").click()
    assert quiz(page, 0).locator(".bpb-quiz-whynot:visible").count() == 0
    assert_clean(page)



def test_the_page_shows_every_quiz_of_the_file(open_page: Callable[..., Any]) -> None:
    page = open_page()
    sections = page.locator("section.bpb-quiz")
    assert sections.count() == len(CHAPTER.quizzes)
    for i, q in enumerate(CHAPTER.quizzes):
        if q.numeric is not None:
            assert quiz(page, i).locator("input.bpb-quiz-number-input").count() == 1
            continue
        kind = "checkbox" if q.multiple else "radio"
        assert quiz(page, i).locator(f"input[type={kind}]").count() == len(q.answers)
        # shown in the content-derived order, not in file order
        shown = [int(v.get_attribute("value"))
                 for v in quiz(page, i).locator(".bpb-quiz-answer input").all()]
        assert shown == list(q.display_order())
    # math in questions and answers is typeset by the site's MathJax
    assert quiz(page, 0).locator("legend mjx-container").count() > 0
    assert quiz(page, 0).locator("label mjx-container").count() > 0
    assert page.locator(".bpb-quiz mjx-merror").count() == 0
    assert board(page) == messages.scoreboard(0, CHAPTER.total, 0, len(CHAPTER.quizzes))
    assert_clean(page)


def test_wrong_pick_costs_the_penalty_and_right_pick_scores(
    open_page: Callable[..., Any],
) -> None:
    page = open_page()
    oracle = Progress(CHAPTER.quizzes[0])
    assert CHAPTER.quizzes[0].penalty > 0
    text = check(page, 0, [wrong(0)])
    outcome = oracle.check([wrong(0)])
    assert outcome is Outcome.WRONG
    assert text == messages.feedback(oracle, outcome)  # "Not right. −5 points: ..."
    assert "\u22125 points" in text
    assert status(page, 0) == messages.status(oracle) == "Now worth 5 of 10 points."
    assert "bpb-quiz-feedback-wrong" in str(
        quiz(page, 0).locator(".bpb-quiz-feedback").get_attribute("class")
    )
    assert board(page).startswith("Chapter score: 0 of")

    text = check(page, 0, right(0))
    outcome = oracle.check(right(0))
    assert text == messages.feedback(oracle, outcome, reveals=True)
    assert text.startswith("Right! +5 points (after 1 wrong try).")
    assert status(page, 0) == "Scored 5 of 10 points."
    assert board(page) == messages.scoreboard(5, CHAPTER.total, 1, len(CHAPTER.quizzes))
    assert quiz(page, 0).locator(".bpb-quiz-explain").is_visible()
    assert quiz(page, 0).locator(".bpb-quiz-explain mjx-container").count() > 0
    assert quiz(page, 0).locator("input:disabled").count() == len(CHAPTER.quizzes[0].answers)
    assert quiz(page, 0).locator("button.bpb-quiz-check").is_disabled()
    assert_clean(page)


def test_empty_and_repeated_checks_cost_nothing(open_page: Callable[..., Any]) -> None:
    page = open_page()
    quiz(page, 0).locator("button.bpb-quiz-check").click()
    assert feedback(page, 0) == "Select an answer first."
    check(page, 0, [wrong(0)])
    assert check(page, 0, [wrong(0)]).startswith("You already tried exactly this")
    assert status(page, 0) == "Now worth 5 of 10 points."
    assert_clean(page)


def test_several_answer_quiz_needs_exactly_the_right_set(open_page: Callable[..., Any]) -> None:
    page = open_page()
    index = next(i for i, q in enumerate(CHAPTER.quizzes) if q.multiple)
    q = CHAPTER.quizzes[index]
    oracle = Progress(q)
    good = right(index)
    bad = [i for i in range(len(q.answers)) if i not in good]
    for selection in ([], good[:1], good + bad[:1], good[:1], bad, good):
        text = check(page, index, selection)
        outcome = oracle.check(selection)
        assert text == messages.feedback(oracle, outcome), selection
        assert status(page, index) == messages.status(oracle), selection
    assert oracle.solved and oracle.wrong_tries == 3
    assert status(page, index) == f"Scored {q.points - 3 * q.penalty} of {q.points} points."
    assert_clean(page)


def test_a_gated_quiz_appears_only_after_the_one_before_is_right(
    open_page: Callable[..., Any],
) -> None:
    page = open_page()
    assert CHAPTER.quizzes[0].shownext and CHAPTER.quizzes[1].shownext
    assert form_visible(page, 0)
    assert not form_visible(page, 1) and not form_visible(page, 2)
    assert quiz(page, 1).locator(".bpb-quiz-locked").is_visible()
    check(page, 0, [wrong(0)])
    assert not form_visible(page, 1)
    text = check(page, 0, right(0))
    assert text.endswith("The next question is now shown below.")
    assert form_visible(page, 1) and not form_visible(page, 2)
    assert not quiz(page, 1).locator(".bpb-quiz-locked").is_visible()
    assert quiz(page, 1).locator("legend mjx-container").count() > 0  # typeset once shown
    check(page, 1, right(1))
    assert form_visible(page, 2)
    assert_clean(page)


def test_reset_starts_a_quiz_over_and_hides_what_it_revealed(
    open_page: Callable[..., Any],
) -> None:
    page = open_page()
    check(page, 0, [wrong(0)])
    check(page, 0, right(0))
    check(page, 1, right(1))
    assert board(page).startswith("Chapter score: 15 of")
    quiz(page, 0).locator("button.bpb-quiz-reset").click()
    assert status(page, 0) == "Worth 10 points."
    assert feedback(page, 0) == ""
    assert quiz(page, 0).locator("input:checked").count() == 0
    assert quiz(page, 0).locator("input:disabled").count() == 0
    assert not form_visible(page, 1)  # its gate closed again, and it was reset
    assert board(page).startswith("Chapter score: 0 of")
    # after a right answer again, quiz 2 is back, blank
    check(page, 0, right(0))
    assert form_visible(page, 1) and status(page, 1) == "Worth 10 points."
    assert_clean(page)


def test_a_reload_keeps_progress_and_clear_forgets_it(open_page: Callable[..., Any]) -> None:
    page = open_page()
    multi = next(i for i, q in enumerate(CHAPTER.quizzes) if q.multiple)
    check(page, 0, [wrong(0)])
    check(page, 0, right(0))
    check(page, multi, [wrong(multi)])
    worth = CHAPTER.quizzes[multi].points - CHAPTER.quizzes[multi].penalty
    page.reload()
    wait_for_math(page)
    assert status(page, 0) == "Scored 5 of 10 points."
    assert feedback(page, 0).startswith("Right! +5 points")
    assert quiz(page, 0).locator("input:checked").count() == len(right(0))
    assert form_visible(page, 1)
    assert status(page, multi) == f"Now worth {worth} of 10 points."
    assert board(page) == messages.scoreboard(5, CHAPTER.total, 1, len(CHAPTER.quizzes))
    # a repeated wrong selection after the reload still costs nothing
    assert check(page, multi, [wrong(multi)]).startswith("You already tried")
    page.locator(".bpb-scoreboard-clear").click()
    assert board(page) == messages.scoreboard(0, CHAPTER.total, 0, len(CHAPTER.quizzes))
    assert page.evaluate(STORED) == []
    page.reload()
    wait_for_math(page)
    assert status(page, 0) == "Worth 10 points." and not form_visible(page, 1)
    assert_clean(page)


def test_progress_is_kept_per_chapter_of_the_book(open_page: Callable[..., Any]) -> None:
    page = open_page()
    check(page, 0, right(0))
    assert page.evaluate(STORED) == [f"bpb-quiz:v2:backprop-book:{CHAPTER.name}"]


def test_progress_kept_before_the_ids_follows_its_question(
        open_page: Callable[..., Any]) -> None:
    """A score saved under a quiz's key from before it had an \\id: (its content key, the
    page's data-bpb-was) moves to its id key on load, and stays with that question."""
    page = open_page()
    old = CHAPTER.content_keys(False)
    keys = CHAPTER.quiz_keys()
    assert old[0] != keys[0] and keys[0] == f"{CHAPTER.name}--{CHAPTER.quizzes[0].qid}"
    storage = f"bpb-quiz:v2:backprop-book:{CHAPTER.name}"
    saved = json.dumps({old[0]: {"tried": [str(wrong(0))], "solved": True}})
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [storage, saved])
    page.reload()
    wait_for_math(page)
    page.wait_for_function(READY)
    assert status(page, 0) == "Scored 5 of 10 points."
    stored = json.loads(page.evaluate("(k) => localStorage.getItem(k)", storage))
    assert list(stored) == [keys[0]]


def tab_to(page: Any, element_id: str | None, limit: int = 300) -> None:
    """Press Tab until the element with this id has the focus (math is focusable too)."""
    for _ in range(limit):
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached #{element_id}")


def test_keyboard_only_completion(open_page: Callable[..., Any]) -> None:
    """Tab, arrows, Space and Enter alone answer every quiz right at the first try."""
    page = open_page()
    for index, q in enumerate(CHAPTER.quizzes):
        if q.numeric is not None:
            tab_to(page, quiz(page, index).locator("input").first.get_attribute("id"))
            # the value the page computed (slope() for the first; the page's own for others)
            value = slope() if index == NUMERIC else float(
                str(quiz(page, index).get_attribute("data-bpb-value")))
            page.keyboard.type(repr(value))
            page.keyboard.press("Enter")
            assert feedback(page, index).startswith(f"Right! +{q.points} points"), index
            continue
        ids = [
            i.get_attribute("id") for i in quiz(page, index).locator(".bpb-quiz-answer input").all()
        ]
        tab_to(page, ids[0])
        order = list(q.display_order())
        good = sorted(order.index(i) for i in right(index))  # positions on screen
        if q.multiple:
            for i in good:
                tab_to(page, ids[i])
                page.keyboard.press("Space")
        elif good == [0]:
            page.keyboard.press("Space")
        else:
            for _ in range(good[0]):
                page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        assert feedback(page, index).startswith(f"Right! +{q.points} points"), index
        # focus lands on the feedback, so the next Tab goes on from this quiz
        assert page.evaluate("() => document.activeElement.className").startswith(
            "bpb-quiz-feedback"
        )
    full = CHAPTER.total
    count = len(CHAPTER.quizzes)
    assert board(page) == messages.scoreboard(full, full, count, count)
    assert_clean(page)


def test_visible_focus_and_labels(open_page: Callable[..., Any]) -> None:
    page = open_page()
    section = quiz(page, 0)
    assert section.locator("fieldset > legend").count() == 1
    for input_ in section.locator("input").all():
        label = section.locator(f"label[for='{input_.get_attribute('id')}']")
        assert label.count() == 1 and label.text_content()
    # the feedback, and the why-not paragraphs when the quiz has some
    has_why = any(a.why for a in CHAPTER.quizzes[0].answers)
    assert section.locator("[aria-live='polite']").count() == 1 + has_why
    page.focus(f"#{section.locator('input').first.get_attribute('id')}")
    page.keyboard.press("ArrowDown")
    outline = (
        section.locator(".bpb-quiz-answer")
        .nth(1)
        .evaluate("el => getComputedStyle(el).outlineStyle")
    )
    assert outline == "solid"


# -- screenshots and accessibility, light and dark --------------------------------------


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshots_and_axe(theme: str, open_page: Callable[..., Any]) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(dark=theme == "dark")
    assert page.evaluate("() => document.documentElement.dataset.theme") == theme

    def severe() -> list[tuple[str, str, list[Any]]]:
        # preload=False: axe would otherwise re-fetch the theme's @import-ed CSS against
        # the wrong base URL (a 404 that is axe's, not the site's)
        options = {"resultTypes": ["violations"], "preload": False}
        results = Axe().run(page, context=".bpb-quiz-group", options=options)
        return [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    section = quiz(page, 0)
    section.scroll_into_view_if_needed()
    page.evaluate("() => window.scrollBy(0, -120)")
    assert severe() == []
    screenshot(page, f"quiz-{theme}-before")
    check(page, 0, [wrong(0)])
    assert severe() == []
    screenshot(page, f"quiz-{theme}-wrong")
    check(page, 0, right(0))
    multi = next(i for i, q in enumerate(CHAPTER.quizzes) if q.multiple)
    check(page, multi, right(multi))
    assert severe() == []
    section.scroll_into_view_if_needed()
    page.evaluate("() => window.scrollBy(0, -120)")
    screenshot(page, f"quiz-{theme}-after")
    quiz(page, multi).scroll_into_view_if_needed()
    screenshot(page, f"quiz-{theme}-several-after")
    assert_clean(page)


# -- escaping: a quiz with injected markup runs nothing ---------------------------------

EVIL = Quiz(
    question=(
        "Is **this** $x^2$ safe? <script>window.bpbPwned = 'script'</script> "
        "<img src=x onerror=\"window.bpbPwned = 'img'\"> `<b onmouseover=alert(1)>`"
    ),
    answers=(
        Answer("<script>alert('answer')</script> yes, $\\alpha<\\beta$", True),
        Answer('no" onfocus="window.bpbPwned = \'focus\'" autofocus x="', False),
    ),
    penalty=1,
    explain="<iframe src=\"javascript:window.bpbPwned='iframe'\"></iframe> *fine*",
)


@pytest.fixture
def evil_url(site_dir: Path, tmp_path: Path) -> Iterator[str]:
    """A page in a tmp dir with the site's own _static (MathJax, quiz.js, quiz.css)."""
    chapter = Chapter("evil</script>", (EVIL,))
    static = site_dir / "_static"
    shutil.copytree(static / "bpb", tmp_path / "_static" / "bpb")
    (tmp_path / "_static" / "mathjax").symlink_to(static / "mathjax")
    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang='en' data-theme='light'><head><meta charset='utf-8'>"
        "<title>escaping</title><link rel='icon' href='data:,'>"
        "<link rel='stylesheet' href='_static/bpb/quiz.css'>"
        "<script>window.MathJax = {tex: {inlineMath: [['\\\\(', '\\\\)']]}};</script>"
        "<script defer src='_static/mathjax/tex-chtml.js'></script>"
        "<script type='module' src='_static/bpb/quiz.js'></script></head><body><main>"
        + render_quizzes(chapter, [0])
        + render_scoreboard(chapter)
        + "</main></body></html>",
        encoding="utf-8",
    )
    url, stop = serve_directory(tmp_path)
    yield url
    stop()


def test_a_quiz_with_injected_script_runs_nothing(
    evil_url: str, new_page: Callable[..., Any]
) -> None:
    page = new_page(preload=False)
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(evil_url + "index.html")
    wait_for_math(page)
    page.wait_for_function(READY)
    legend = page.locator("legend")
    assert "<script>window.bpbPwned = 'script'</script>" in str(legend.text_content())
    assert "onerror=" in str(legend.text_content())
    # the only scripts in the quiz are the rulebook's JSON blocks, which run nothing
    assert page.locator("main img, main iframe, main b").count() == 0
    scripts = page.locator("main script")
    assert scripts.count() == page.locator("main script.bpb-quiz-rules").count() == 2
    assert all(s.get_attribute("type") == "application/json" for s in scripts.all())
    assert legend.locator("strong").text_content() == "this"  # simple Markdown still renders
    assert legend.locator("mjx-container").count() == 1  # and math
    assert page.locator("label mjx-container").count() == 1
    section = page.locator("section.bpb-quiz")
    section.locator("label[for$='-1']").click()
    section.locator("button.bpb-quiz-check").click()
    page.keyboard.press("Tab")
    section.locator("label[for$='-0']").click()
    section.locator("button.bpb-quiz-check").click()
    assert str(section.locator(".bpb-quiz-feedback").text_content()).startswith("Right! +9")
    assert "<iframe" in str(section.locator(".bpb-quiz-explain").text_content())
    assert section.locator(".bpb-quiz-explain em").text_content() == "fine"
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.bpbPwned") is None
    assert dialogs == []
    assert page.bpb_external_requests == []
    assert page.bpb_errors == []
