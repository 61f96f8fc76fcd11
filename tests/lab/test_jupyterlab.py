"""The JupyterLab path: a learner runs `make lab`, opens a chapter, runs every cell, answers
a quiz and steps through a player, in real Chromium.

The server is started like `make lab` (same `jupyter lab` of the venv, same options) but on
a copy of the book, in a sandbox (tests/lab/sandbox.py). Each test opens a chapter, clears
its stored outputs and runs it with Run > Run All Cells, so every widget it touches comes
from a live kernel. The quiz model (backprop_core.quiz) is the oracle for what the quiz
must say; screenshots go to artifacts/screenshots/lab-*.png.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest
from jupyter_client import BlockingKernelClient

from backprop_core.engine.examples import example_graph
from backprop_core.figures.player import PlayerModel
from backprop_core.figures.player.predict import predictions
from backprop_core.quiz import messages, read_chapter
from backprop_core.quiz.progress import PAGE_TEXT, PREDICT_PENALTY, PREDICT_POINTS
from backprop_core.quiz.session import ChapterSession
from lab.driving import (
    assert_clean,
    assert_no_error_output,
    code_cells,
    kernel_idle,
    open_notebook,
    panel,
    run_all_cells,
    shot,
)
from lab.sandbox import BOOK, ROOT, Lab

pytestmark = pytest.mark.lab

QUIZ_NOTEBOOK = "how-quizzes-work.ipynb"
PLAYER_CALL = "graph_player("
PLAYER_PREFERRED = "computational-graph.ipynb"
PREDICT_TITLE = "o = ½·c·d: forward pass, then backward pass"  # its player, in predict mode
PREDICT_CHAPTER = "computational-graph"  # the chapter its predictions count in


# -- the kernel JupyterLab started -----------------------------------------------------------


def kernel_facts(lab: Lab, notebook: str) -> dict[str, str]:
    """Ask the notebook's kernel which Python it is and where backprop_core comes from."""
    client = BlockingKernelClient(connection_file=str(lab.kernel_connection_file(notebook)))
    client.load_connection_file()
    client.start_channels()
    out: list[str] = []

    def hook(msg: dict[str, Any]) -> None:
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            out.append(msg["content"]["text"])

    try:
        client.wait_for_ready(timeout=30)
        code = (
            "import json as _j, os as _o, sys as _s, backprop_core as _b\n"
            "print(_j.dumps({'prefix': _s.prefix, 'executable': _s.executable,"
            " 'backprop_core': _b.__file__, 'cwd': _o.getcwd()}))"
        )
        reply = client.execute_interactive(code, timeout=30, output_hook=hook)
    finally:
        client.stop_channels()
    assert reply["content"]["status"] == "ok", reply["content"]
    return dict(json.loads("".join(out)))


# -- the quiz -----------------------------------------------------------------------------

CHAPTER = read_chapter(BOOK / "quizzes" / "how-quizzes-work.txt")


def quiz_body(page: Any, number: int) -> Any:
    """The form of question `number` (1-based): the innermost box that shows its title."""
    boxes = panel(page).locator(".widget-vbox").filter(has_text=f"Question {number} \u00b7")
    return boxes.last


# Where the text `words` starts, in px from the left edge of `el` (None if not found).
TEXT_LEFT_JS = """(el, words) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const i = node.data.indexOf(words);
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + words.length);
        return range.getClientRects()[0].left - el.getBoundingClientRect().left;
    }
    return null;
}"""


def paragraph_problems(body: Any, number: int) -> list[str]:
    """A question of several paragraphs must show each on a line of its own."""
    paragraphs = re.split(r"\n[ \t]*\n", CHAPTER.quizzes[number - 1].question.strip())
    problems = []
    question = body.locator(":scope > .widget-htmlmath").first
    for paragraph in paragraphs[1:]:
        words = " ".join(re.split(r"[$*`\\]", paragraph)[0].split()[:3])
        if not words:
            continue
        left = question.evaluate(TEXT_LEFT_JS, words)
        if left is None or left > 4:
            problems.append(
                f"question {number}: the paragraph starting {words!r} does not start a line "
                f"in JupyterLab ({left} px from the left edge): paragraphs run together"
            )
    return problems


def choose(body: Any, answer: int, order: tuple[int, ...]) -> None:
    """Tick answer ``answer`` (its index in the file), shown at its display position."""
    body.locator("input[type='radio'], input[type='checkbox']").nth(order.index(answer)).check()


def quiz_scenario(browser: Any, lab: Lab) -> dict[str, float]:
    from playwright.sync_api import expect

    t0 = time.monotonic()
    page = open_notebook(browser, lab, QUIZ_NOTEBOOK)
    opened = time.monotonic() - t0
    ran = run_all_cells(page, code_cells(lab.root / QUIZ_NOTEBOOK))

    # the oracle: the same clicks on the kernel-side model, outside the browser
    session = ChapterSession(CHAPTER)
    quiz = CHAPTER.quizzes[0]
    assert not quiz.multiple and quiz.penalty > 0, "question 1 should be single-choice, penalised"
    wrong = next(i for i, a in enumerate(quiz.answers) if not a.correct)
    right = next(i for i, a in enumerate(quiz.answers) if a.correct)
    board = panel(page).locator(".widget-hbox").filter(has_text="Chapter score:").last

    body = quiz_body(page, 1)
    body.scroll_into_view_if_needed()
    problems = paragraph_problems(body, 1)  # asserted at the end, after the scoring
    expect(body).to_contain_text(messages.status(session.progress.quizzes[0]))
    expect(board).to_contain_text(
        messages.scoreboard(0, CHAPTER.total, 0, len(CHAPTER.quizzes))
    )
    expect(quiz_body(page, 2)).to_be_hidden()  # \shownext: question 2 waits for question 1

    # a wrong answer: "Not right", the penalty, the question is now worth less
    choose(body, wrong, quiz.display_order())
    body.get_by_role("button", name="Check").click()
    session.check(0, [wrong])
    text, _tone = session.feedback[0]
    assert text.startswith("Not right.")
    expect(body).to_contain_text(text)
    expect(body).to_contain_text(messages.status(session.progress.quizzes[0]))
    expect(body).to_contain_text(f"worth {quiz.points - quiz.penalty}")
    expect(board).to_contain_text(f"Chapter score: 0 of {messages.points(CHAPTER.total)}")
    shot(page, "quiz-1-wrong", body)

    # the right answer: "Right!", the points left after the penalty, the next question
    choose(body, right, quiz.display_order())
    body.get_by_role("button", name="Check").click()
    session.check(0, [right])
    text, _tone = session.feedback[0]
    earned = quiz.points - quiz.penalty
    assert text.startswith(f"Right! +{messages.points(earned)}")
    expect(body).to_contain_text(text)
    expect(body).to_contain_text(f"Scored {earned} of {messages.points(quiz.points)}.")
    expect(body.get_by_role("button", name="Check")).to_be_disabled()
    expect(quiz_body(page, 2)).to_be_visible()
    shot(page, "quiz-2-right", body)

    board.scroll_into_view_if_needed()
    p = session.progress
    expected = messages.scoreboard(p.score, CHAPTER.total, p.solved, len(p))
    assert expected.startswith(f"Chapter score: {earned} of ")
    expect(board).to_contain_text(expected)
    shot(page, "quiz-3-scoreboard", board)

    assert_no_error_output(page)
    assert_clean(page)
    page.context.close()
    assert not problems, "\n".join(problems)
    return {"open": opened, "run_all": ran, "total": time.monotonic() - t0}


def test_quiz_in_jupyterlab(lab: Lab, lab_browser: Any) -> None:
    times = lab_browser.run(quiz_scenario, lab, timeout=480)
    # the kernel JupyterLab started is the venv's Python, in the notebook's folder, and
    # imports backprop_core from this repository's src/
    facts = kernel_facts(lab, QUIZ_NOTEBOOK)
    assert Path(facts["prefix"]).resolve() == Path(sys.prefix).resolve(), facts
    assert Path(facts["backprop_core"]).resolve().is_relative_to(ROOT / "src"), facts
    assert Path(facts["cwd"]).resolve() == lab.root.resolve(), facts
    print(f"\nJupyterLab quiz: opened in {times['open']:.1f} s, Run All {times['run_all']:.1f} s,"
          f" {times['total']:.1f} s in all; kernel {facts['executable']}")


# -- the step-through player ------------------------------------------------------------------


def player_notebook() -> str:
    """The chapter with a player: computational-graph.ipynb, else any that calls one. The
    book shows players, so finding none is a failure (a renamed call would otherwise skip
    the whole scenario silently)."""
    names = [PLAYER_PREFERRED] + [p.name for p in sorted(BOOK.glob("*.ipynb"))]
    for name in names:
        path = BOOK / name
        if path.is_file():
            nb = nbformat.read(path, as_version=4)
            if any(c.cell_type == "code" and PLAYER_CALL in c.source for c in nb.cells):
                return str(name)
    raise AssertionError(f"no chapter in {BOOK} calls {PLAYER_CALL!r}: was the player renamed? "
                         f"Update PLAYER_CALL (and PLAYER_PREFERRED) in this test")


def caption_step(caption: Any) -> tuple[int, int]:
    m = re.search(r"Step (\d+) of (\d+)", caption.text_content() or "")
    assert m, f"no 'Step k of n' in the caption {caption.text_content()!r}"
    return int(m.group(1)), int(m.group(2))


# Does the active node (edge) of the picture look different from the others?
HIGHLIGHT_JS = """svg => {
    const props = ['stroke', 'stroke-width', 'fill', 'opacity', 'filter'];
    const look = el => props.map(p => getComputedStyle(el).getPropertyValue(p)).join('|');
    const result = {};
    for (const [kind, shape] of [['node', 'circle'], ['edge', 'line']]) {
        const active = svg.querySelector(`.bpb-${kind}.bpb-active ${shape}`);
        if (!active) continue;
        const others = [...svg.querySelectorAll(`.bpb-${kind}:not(.bpb-active) ${shape}`)]
            .filter(o => o.getAttribute('fill') === active.getAttribute('fill'));
        result[kind] = others.length === 0 || others.every(o => look(o) !== look(active));
    }
    return result;
}"""


def highlight_problems(picture: Any, step: str) -> list[str]:
    shown = picture.locator("svg").evaluate(HIGHLIGHT_JS)
    return [
        f"player at {step}: the active {kind} looks like the others in JupyterLab (its "
        "highlight, class bpb-active, is styled only by the site's player.css)"
        for kind, distinct in shown.items()
        if not distinct
    ]


def player_scenario(browser: Any, lab: Lab, notebook: str) -> dict[str, float]:
    from playwright.sync_api import expect

    t0 = time.monotonic()
    page = open_notebook(browser, lab, notebook)
    ran = run_all_cells(page, code_cells(lab.root / notebook))

    player = panel(page).locator(".bpb-player-widget").first
    player.scroll_into_view_if_needed()
    parts = player.locator(":scope > .widget-html")  # heading, picture, caption
    picture, caption = parts.nth(1), parts.nth(2)
    handle = player.locator(".widget-slider .noUi-handle")
    expect(picture.locator("svg")).to_have_count(1)
    step, count = caption_step(caption)
    assert step == 1 and count > 2
    first = picture.inner_html()
    assert "bpb-active" in first
    problems = highlight_problems(picture, "step 1")  # asserted at the end
    shot(page, "player-1-start", player)

    # Next ▶: one step on, a different picture, the slider follows
    player.get_by_role("button", name="Next ▶").click()
    expect(caption).to_contain_text(f"Step 2 of {count}")
    # the slider counts steps from 1, like the caption
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^2(\.0)?$"))
    second = picture.inner_html()
    assert second != first
    shot(page, "player-2-next", player)

    # the slider, with the keyboard: End goes to the last step (the backward pass is done:
    # gradients under the nodes), Home back to the first, arrows one step
    handle.focus()
    handle.press("End")
    expect(caption).to_contain_text(f"Step {count} of {count}")
    last = picture.inner_html()
    assert last not in (first, second)
    assert "bpb-grad" in last and "bpb-grad" not in first
    assert "Backward pass" in (caption.text_content() or "")
    problems += highlight_problems(picture, f"step {count}")
    shot(page, "player-3-slider-end", player)
    handle.press("ArrowLeft")
    expect(caption).to_contain_text(f"Step {count - 1} of {count}")
    player.get_by_role("button", name="◀ Previous").click()
    expect(caption).to_contain_text(f"Step {count - 2} of {count}")
    handle.press("Home")
    expect(caption).to_contain_text(f"Step 1 of {count}")
    assert picture.inner_html() == first

    # Play: the picture moves on by itself; stop it again
    play_buttons = player.locator(".widget-play button")
    play_buttons.nth(0).click()
    expect(caption).to_contain_text(f"Step 3 of {count}", timeout=10_000)
    play_buttons.nth(1).click()

    # "predict, then see" (computational-graph's player): before a backward step the widget
    # asks for the value it will show; Next waits, a wrong number is answered with what it
    # lacks, the right one shows the step
    box = player.locator(".widget-text input")
    if notebook == PLAYER_PREFERRED:
        expect(box).to_have_count(1)
        first = predictions(PlayerModel.of(example_graph()["o"], PREDICT_TITLE))[0]
        handle.focus()
        handle.press("Home")
        for _ in range(first.step - 1):
            handle.press("ArrowRight")
        expect(caption).to_contain_text(f"Step {first.step} of {count}")
        player.get_by_role("button", name="Next ▶").click()
        expect(player).to_contain_text("Type your prediction first")
        expect(caption).to_contain_text(f"Step {first.step} of {count}")
        box.fill(repr(first.hints[0].value))
        player.get_by_role("button", name="Check").click()
        expect(player).to_contain_text("Not right. " + first.hints[0].text[:30])
        box.fill(first.shown)
        player.get_by_role("button", name="Check").click()
        expect(caption).to_contain_text(f"Step {first.step + 1} of {count}")
        shot(page, "player-4-predicted", player)
        progress_counts_the_prediction(page)

    assert_no_error_output(page)
    assert_clean(page)
    page.context.close()
    assert not problems, "\n".join(problems)
    return {"run_all": ran, "total": time.monotonic() - t0}


def progress_counts_the_prediction(page: Any) -> None:
    """A cell added at the end shows show_progress() in the same kernel: the chapter's row
    says the prediction just made (right after one wrong try), as the site's page does."""
    from playwright.sync_api import expect

    cells = panel(page).locator(".jp-Notebook .jp-Cell")
    last = cells.last
    last.scroll_into_view_if_needed()
    last.locator(".jp-InputPrompt, .jp-InputArea-prompt").first.click()
    page.keyboard.press("Escape")
    before = cells.count()
    page.keyboard.press("b")  # a new code cell below, in command mode
    expect(cells).to_have_count(before + 1)
    added = cells.nth(before)  # fixed: Shift+Enter adds another empty cell after it
    added.locator(".jp-InputArea-editor .cm-content").click()
    page.keyboard.insert_text("from backprop_core.quiz import show_progress\n"
                              f"show_progress([{PREDICT_CHAPTER!r}])")
    page.keyboard.press("Shift+Enter")
    kernel_idle(page)
    earned = messages.points(PREDICT_POINTS - PREDICT_PENALTY)
    output = added.locator(".jp-OutputArea-output")
    expect(output).to_contain_text(f"(+{earned} from predictions in the players)",
                                   timeout=30_000)
    expect(output).to_contain_text(PAGE_TEXT["players_total"].format(points=earned, solved=1))
    shot(page, "player-5-progress", output)


def test_player_in_jupyterlab(lab: Lab, lab_browser: Any) -> None:
    notebook = player_notebook()
    times = lab_browser.run(player_scenario, lab, notebook, timeout=480)
    print(f"\nJupyterLab player ({notebook}): Run All {times['run_all']:.1f} s,"
          f" {times['total']:.1f} s in all")
