"""Every build-it-yourself and bug-hunt exercise, done in JupyterLab as a learner does it.

For each exercise (tests/support/exercises.py): open its chapter in the sandboxed JupyterLab
(tests/lab/sandbox.py), run the cells it needs (the exercise cells import what they use; the
bug hunt needs the chapter's imports and the buggy network), click into the exercise cell,
select all its code (Ctrl+A), type an attempt over it and run it with Shift+Enter: first each
plausible wrong attempt, whose output must be the checker's hint for that mistake, then a
right solution, whose output must be the success message; the model solution under the
cell stays closed meanwhile (a <details> block). The bug hunt is done the way the
chapter asks: the gradient check is run on every block in the probe cell, and the report is
made from what that cell printed.

What a cell must print comes from the native package (the same edited cell run under
CPython); the hint constants of the checkers are asserted in it as well. One kernel per
notebook, shut down at the end of its test. Screenshots: artifacts/screenshots/lab-exercise-*.
"""

from __future__ import annotations

import time
from typing import Any

import nbformat
import pytest

from lab.driving import (
    assert_clean,
    assert_no_error_output,
    kernel_idle,
    menu,
    open_notebook,
    panel,
    shot,
)
from lab.sandbox import Lab
from support.exercises import (
    EXERCISES,
    Exercise,
    cell_with,
    expected_output,
    failing_in,
    probe_edit,
)

pytestmark = pytest.mark.lab

# The prompt ("[ ]:", "[*]:", "[3]:") of cell i of the notebook on display
PROMPT_JS = """i => document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')[i]
    .querySelector('.jp-InputPrompt').textContent.trim()"""
# The text of a CodeMirror 6 editor, from its state (its DOM holds only the visible lines)
EDITOR_TEXT_JS = """el => {
    const view = el.cmView && (el.cmView.view || (el.cmView.rootView && el.cmView.rootView.view));
    return view ? view.state.doc.toString() : null;
}"""


def cell(page: Any, index: int) -> Any:
    """Cell `index` of the notebook on display (JupyterLab attaches every cell to the page:
    its windowing mode is content-visibility)."""
    return panel(page).locator(".jp-Notebook .jp-Cell").nth(index)


def run_cell(page: Any, index: int, code: str | None = None) -> str:
    """Click into cell `index`; if `code` is given, Ctrl+A and type it over the cell's code;
    Shift+Enter; wait for the kernel; return the text the cell printed."""
    target = cell(page, index)
    target.scroll_into_view_if_needed()
    prompt = target.locator(".jp-InputPrompt")
    before = (prompt.text_content() or "").strip()
    target.locator(".jp-InputArea-editor .cm-content").click()
    if code is not None:
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(code)  # as a paste: no auto-indent, no closing brackets
        typed = target.locator(".jp-InputArea-editor .cm-content").evaluate(EDITOR_TEXT_JS)
        assert typed.strip() == code.strip(), f"the editor holds\n{typed}\nnot\n{code}"
    page.keyboard.press("Shift+Enter")
    try:
        page.wait_for_function(
            """([i, before]) => {
                const t = (PROMPT)(i);
                return /^\\[\\d+\\]:$/.test(t) && t !== before;
            }""".replace("PROMPT", PROMPT_JS),
            arg=[index, before], timeout=30_000)
    except Exception:
        shot(page, f"exercise-timeout-cell-{index}")
        raise AssertionError(f"cell {index} did not run: its prompt was {before!r}, is "
                             f"{prompt.text_content()!r}") from None
    kernel_idle(page)
    texts = target.locator(".jp-OutputArea-output").all_inner_texts()
    return "\n".join(t.rstrip("\n") for t in texts)


def solution_closed(exercise: Any) -> None:
    """The model solution after the exercise cell is a closed <details>: its code is not
    on view until the learner opens it (MyST dropdowns show it in full in JupyterLab)."""
    from playwright.sync_api import expect

    details = exercise.locator("xpath=following::details[1]")
    expect(details.locator("summary")).to_contain_text("Solution")
    assert details.evaluate("d => !d.open"), "the model solution is open"
    expect(details.locator("pre").first).to_be_hidden()


def same_text(shown: str, expected: str) -> bool:
    return shown.strip().splitlines() == expected.strip().splitlines()


def exercise_scenario(browser: Any, lab: Lab, ex: Exercise) -> dict[str, Any]:
    notebook = f"{ex.chapter}.ipynb"
    path = lab.root / notebook  # the copy the server serves: its cells are the ones shown
    index, code = cell_with(path, ex.marker)
    setup = [cell_with(path, marker) for marker in ex.setup]
    t0 = time.monotonic()
    page = open_notebook(browser, lab, notebook)
    # JupyterLab attaches the cells to the page a few at a time (windowing mode
    # content-visibility): wait for all, so that cell i of the file is the page's i-th
    n_cells = len(nbformat.read(path, as_version=4).cells)
    page.wait_for_function(
        "n => document.querySelectorAll("
        "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').length === n",
        arg=n_cells)
    # the stored execution counts go: a cell's prompt then changes whenever it runs
    menu(page, "Edit", "Clear Outputs of All Cells")
    for i in [index, *(i for i, _code in setup)]:
        page.wait_for_function(f"() => ({PROMPT_JS})({i}) === '[ ]:'")
    solution_closed(cell(page, index))
    for i, _code in setup:
        run_cell(page, i)
    failing: list[str] = []
    if ex.probe:  # the bug hunt: the gradient check on every block, read off the page
        j, probe = cell_with(path, ex.probe)
        printed = run_cell(page, j, probe_edit(probe))
        failing = failing_in(printed)
        assert failing, f"the probe cell printed no failing block:\n{printed}"
    seen = []
    for attempt in ex.attempts:
        edited = attempt.edit(code) if attempt.mistake or not ex.probe else \
            ex.right_edit(failing)(code)
        expected = expected_output(ex, attempt, [c for _i, c in setup], edited)
        shown = run_cell(page, index, edited)
        assert same_text(shown, expected), (
            f"{ex.name}, {attempt.label}: JupyterLab shows\n{shown}\nthe package prints\n"
            f"{expected}")
        verdict = next(line for line in shown.splitlines() if line[:1] in ("\u2714", "\u2718"))
        seen.append((attempt.label, verdict))
        if attempt is ex.wrong[0]:
            shot(page, f"exercise-{ex.name}-wrong", cell(page, index))
    shot(page, f"exercise-{ex.name}-right", cell(page, index))
    assert_no_error_output(page)
    assert_clean(page)
    page.context.close()
    return {"seconds": time.monotonic() - t0, "seen": seen}


@pytest.mark.parametrize("ex", EXERCISES, ids=[ex.name for ex in EXERCISES])
def test_exercise_in_jupyterlab(ex: Exercise, lab: Lab, lab_browser: Any) -> None:
    try:
        result = lab_browser.run(exercise_scenario, lab, ex, timeout=300)
    finally:
        lab.shut_down(f"{ex.chapter}.ipynb")
    lines = "; ".join(f"{label}: {first[:60]}" for label, first in result["seen"])
    print(f"\nJupyterLab exercise {ex.name}: {result['seconds']:.1f} s ({lines})")
