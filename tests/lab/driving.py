"""Driving JupyterLab in Chromium, shared by the lab tests: open a notebook in a fresh
workspace, menus, the kernel's state, Run All with its prompts checked, errors, screenshots."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import nbformat

from lab.sandbox import Lab
from support.browser import record, screenshot

RUN_TIMEOUT = 300_000  # ms for Run All Cells to finish (a chapter takes ~3-60 s)

# What JupyterLab itself may log as a console error without anything being wrong. None
# so far: with the news feed and the update check off, JupyterLab 4.6 logs no error while
# it opens, clears, runs and drives these notebooks, so every console error fails the test.
LAB_NOISE: list[re.Pattern[str]] = []


# -- driving JupyterLab -----------------------------------------------------------------


def code_cells(path: Path) -> list[bool]:
    """One entry per code cell of the notebook at `path` (the copy JupyterLab serves): is
    its input collapsed (source_hidden)? JupyterLab shows no prompt, so no execution
    count, for a collapsed input."""
    nb = nbformat.read(path, as_version=4)
    return [bool(cell.metadata.get("jupyter", {}).get("source_hidden"))
            for cell in nb.cells if cell.cell_type == "code"]


def expected_prompts(hidden: list[bool]) -> list[str]:
    """The prompts after Run All in a fresh kernel: [1]: ... [n]: top to bottom, and
    nothing for a collapsed input."""
    return ["" if h else f"[{k}]:" for k, h in enumerate(hidden, start=1)]


def panel(page: Any) -> Any:
    """The notebook on display (JupyterLab keeps other tabs in the DOM, hidden)."""
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")


def menu(page: Any, top: str, item: str) -> None:
    page.get_by_role("menuitem", name=top, exact=True).click()
    page.get_by_role("menuitem", name=item, exact=True).click()


def open_notebook(browser: Any, lab: Lab, notebook: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = record(context.new_page())
    page.set_default_timeout(60_000)
    page.goto(lab.tree_url(notebook))
    panel(page).locator(".jp-Notebook").wait_for()
    kernel_idle(page)
    return page


def kernel_idle(page: Any, timeout: float = 60_000) -> None:
    page.locator("#jp-main-statusbar").get_by_text("| Idle").wait_for(timeout=timeout)


def prompts(page: Any) -> list[str]:
    cells = panel(page).locator(".jp-CodeCell .jp-InputPrompt")
    return [t.strip() for t in cells.all_text_contents()]


def run_all_cells(page: Any, hidden: list[bool]) -> float:
    """Edit > Clear Outputs of All Cells, then Run > Run All Cells; wait until every code
    cell has run; return the seconds it took."""
    menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function(
        "() => [...document.querySelectorAll("
        "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')]"
        ".every(e => ['[ ]:', ''].includes(e.textContent.trim()))"
    )
    start = time.monotonic()
    menu(page, "Run", "Run All Cells")
    # done when no cell is queued or running ([*]) any more: all ran, or one failed and
    # JupyterLab dropped the rest
    page.wait_for_function(
        """() => {
            const ps = [...document.querySelectorAll(
                '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')]
                .map(e => e.textContent.trim());
            return ps.some(t => /^\\[\\d+\\]:$/.test(t)) && !ps.includes('[*]:');
        }""",
        timeout=RUN_TIMEOUT,
    )
    kernel_idle(page)
    took = time.monotonic() - start
    # a fresh kernel numbers the cells 1..n in order: every cell ran, once, top to bottom
    assert_no_error_output(page)
    assert prompts(page) == expected_prompts(hidden)
    return took


def assert_no_error_output(page: Any) -> None:
    bad = panel(page).locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'],"
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"
    )
    texts = [t[:500] for t in bad.all_text_contents()]
    assert not texts, f"cells printed errors or warnings in JupyterLab: {texts}"


def assert_clean(page: Any) -> None:
    """No request to another host; no page error; no console error but JupyterLab noise."""
    assert page.bpb_external_requests == []
    real = [e for e in page.bpb_errors if not any(p.search(e) for p in LAB_NOISE)]
    assert real == [], real


def shot(page: Any, name: str, target: Any = None) -> Path:
    if target is not None:
        target.scroll_into_view_if_needed()
        page.wait_for_timeout(300)  # let MathJax and the layout settle
    path: Path = screenshot(page, f"lab-{name}")
    return path
