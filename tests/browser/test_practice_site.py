"""Every build-it-yourself and bug-hunt exercise, done on the website in the page's Python.

For each exercise (tests/support/exercises.py) the learner's workflow, by keyboard only:
focus the exercise cell's ✎ Edit button, Enter (the editor opens, focused), Ctrl+A, type an
attempt over the code, Shift+Enter (the first run loads Python and runs the cells above, as
the Run button does). First each plausible wrong attempt, whose output must be its checker's
hint; then a right solution, whose output must be the success message. The model solution
under the cell is closed all along. The bug hunt is done
as the chapter asks: the gradient check on every block in the probe cell, and the report made
from what that cell printed on the page.

What a cell must print comes from the native package (the same edited cell under CPython;
tests/practice checks every hint there); the hint constants the checkers export are asserted
too. The exercise cells are found in the page by their checker call, not by index. One
browser context for the module, so the runtime comes from the HTTP cache after the first
chapter. Screenshots: artifacts/screenshots/practice-<exercise>-wrong.png and -right.png.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from support.browser import screenshot, wait_for_math
from support.exercises import (
    EXERCISES,
    Exercise,
    expected_output,
    failing_in,
    probe_edit,
)

pytestmark = pytest.mark.browser
RUN_TIMEOUT_MS = 420_000  # the first run loads Python and runs every cell above
# Where the cells above the exercise run in a few seconds in the page (chain-rule: 6-8 s),
# the exercise runs with Shift+Enter, which first runs every cell above (as the Run button
# does). Elsewhere (cells above: computational-graph 48 s, batching 29 s, error-signal
# 10-18 s, matrix-form 17 s, measured on 2 loaded cores) the exercise cell runs alone,
# after the cells it needs: the exercise cells import what they use, and
# tests/browser/test_run_site.py runs every chapter top to bottom already.
WHOLE_WORKFLOW = ("chain-rule",)


@pytest.fixture(scope="module")
def practice_context(chromium: Any) -> Iterator[Any]:
    """One context for the chapters; it records every request (the Worker's included)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.bpb_external = []

    def on_request(request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob", "about") and \
                parts.hostname not in ("127.0.0.1", "localhost"):
            context.bpb_external.append(request.url)

    context.on("request", on_request)
    yield context
    context.close()


def open_chapter(context: Any, site_url: str, chapter: str) -> Any:
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.bpb_errors = []
    page.on("pageerror", lambda exc: page.bpb_errors.append(f"pageerror: {exc}"))
    page.on("console", lambda m: m.type == "error" and page.bpb_errors.append(m.text))
    page.goto(f"{site_url}book/{chapter}.html")
    wait_for_math(page)
    page.wait_for_function("() => window.bpbRun !== undefined")
    return page


def page_cell(page: Any, marker: str) -> tuple[int, str]:
    """The page's one runnable cell whose code contains `marker`: (index, code shown)."""
    cells = page.evaluate("""() => window.bpbRun.cells.filter(c => c.kind === 'run')
        .map(c => [c.index, window.bpbRun.code(c.index)])""")
    hits = [(i, code) for i, code in cells if marker in code]
    assert len(hits) == 1, f"{len(hits)} runnable cells of the page contain {marker!r}"
    return hits[0][0], hits[0][1] + "\n"


def type_and_run(page: Any, index: int, code: str, alone: bool = False) -> str:
    """By keyboard: into cell `index`'s editor, Ctrl+A, type `code`, Shift+Enter (or, when
    `alone`, run this cell only: bpbRun.runTo(index, {only: true})); wait for the run to
    end; return what the cell printed (its outputs' text)."""
    cell = page.locator(f".bpb-cell-{index}")
    edit = cell.locator(".bpb-edit")
    if edit.is_visible():
        edit.focus()
        page.keyboard.press("Enter")  # opens the editor, focused
    else:  # the editor is open already: Tab from the cell's Reset button into it
        cell.locator(".bpb-reset").focus()
        page.keyboard.press("Tab")
    cell.locator(".CodeMirror-focused").wait_for()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(code)  # as a paste: CodeMirror adds no indentation of its own
    typed = page.evaluate("(i) => window.bpbRun.code(i)", index)
    assert typed.strip() == code.strip(), f"the editor holds\n{typed}\nnot\n{code}"
    runs = "(i) => window.bpbRun.timings.runs.filter(r => r.index === i).length"
    before = page.evaluate(runs, index)
    if alone:
        assert page.evaluate("(i) => window.bpbRun.runTo(i, {only: true})", index)
    else:
        page.keyboard.press("Shift+Enter")
    page.wait_for_function(f"(i) => ({runs})(i) > {before}", arg=index, timeout=RUN_TIMEOUT_MS)
    outputs = page.evaluate("(i) => window.bpbRun.outputs(i)", index)
    errors = [o for o in outputs if o["output_type"] == "error"]
    assert not errors, errors
    return "".join(o.get("text", "") for o in outputs)


def shown(page: Any, index: int) -> str:
    return str(page.locator(f".bpb-cell-{index} .cell_output").inner_text())


def shot(page: Any, index: int, name: str) -> None:
    page.locator(f".bpb-cell-{index}").scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    screenshot(page, name)


@pytest.mark.parametrize("ex", EXERCISES, ids=[ex.name for ex in EXERCISES])
def test_exercise_on_the_site_wrong_then_right_by_keyboard(
        ex: Exercise, site_url: str, practice_context: Any) -> None:
    t0 = time.monotonic()
    page = open_chapter(practice_context, site_url, ex.chapter)
    index, code = page_cell(page, ex.marker)
    # the model solution under the exercise is closed: its code is not on view
    details = page.locator(f".bpb-cell-{index}").locator("xpath=following::details[1]")
    assert "Solution" in details.locator("summary").inner_text()
    assert details.evaluate("d => !d.open") and not details.locator("pre").first.is_visible()
    setup = [page_cell(page, marker) for marker in ex.setup]
    alone = ex.name not in WHOLE_WORKFLOW
    for i, _code in setup:
        assert page.evaluate("(i) => window.bpbRun.runTo(i, {only: true})", i)
    failing: list[str] = []
    if ex.probe:  # the bug hunt: the gradient check on every block, read off the page
        j, probe = page_cell(page, ex.probe)
        printed = type_and_run(page, j, probe_edit(probe), alone)
        failing = failing_in(printed)
        assert failing and failing == failing_in(shown(page, j)), printed
    for attempt in ex.attempts:
        edited = attempt.edit(code) if attempt.mistake or not ex.probe else \
            ex.right_edit(failing)(code)
        expected = expected_output(ex, attempt, [c for _i, c in setup], edited)
        printed = type_and_run(page, index, edited, alone)
        assert printed == expected, (f"{ex.name}, {attempt.label}: the page prints\n"
                                     f"{printed}\nthe package prints\n{expected}")
        # and the learner sees it under the cell
        assert shown(page, index).split() == expected.split(), shown(page, index)
        if attempt is ex.wrong[0]:
            shot(page, index, f"practice-{ex.name}-wrong")
    shot(page, index, f"practice-{ex.name}-right")
    assert practice_context.bpb_external == []
    assert page.bpb_errors == []
    timings = page.evaluate("() => window.bpbRun.timings")
    print(f"\n{ex.name} on the site: {time.monotonic() - t0:.1f} s in all, Python ready in "
          f"{timings['readySeconds']:.1f} s, {len(timings['runs'])} cell runs in "
          f"{sum(r['seconds'] for r in timings['runs']):.1f} s")
    page.close()
