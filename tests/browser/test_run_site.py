"""The website runs the book's Python: every chapter, in Chromium's Pyodide, offline.

- The site's own nbval: each chapter runs top to bottom in the browser ("Run all") and every
  cell's printed output, result text and glued values equal the notebook's stored outputs
  (sanitized as strict nbval is); a cell that stored a figure draws one.
- A reader edits an input number and runs the cell: the output is what the native package
  computes for that input (the same edit run through the website's kernel under CPython).
- An exercise answered on the site, wrongly then rightly, with the checker's replies.
- Keyboard only: reach a cell, edit it, run it, leave the editor.
- Without WebAssembly, or when the runtime cannot load, the cell says so and keeps its output.
Every page records its requests (workers included): none may go to another host.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from support.browser import screenshot, wait_for_math
from support.notebook_outputs import chapters, collect, differences, ignores_output, notebook

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
RUN_ALL_TIMEOUT_MS = 420_000


@pytest.fixture(scope="module")
def run_context(chromium: Any) -> Iterator[Any]:
    """One browser context for the chapters, so the runtime comes from the HTTP cache after
    the first page (as for a reader moving from chapter to chapter)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.bpb_external = []
    context.bpb_runtime_requests = []

    def on_request(request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.hostname not in ("127.0.0.1", "localhost"):
            context.bpb_external.append(request.url)
        elif "/_runtime/" in parts.path:
            context.bpb_runtime_requests.append(parts.path)

    context.on("request", on_request)  # context-wide: the Worker's requests are seen too
    yield context
    context.close()


def open_chapter(context: Any, site_url: str, name: str) -> Any:
    page = context.new_page()
    page.bpb_errors = []
    page.on("pageerror", lambda exc: page.bpb_errors.append(f"pageerror: {exc}"))
    page.on("console", lambda m: m.type == "error" and page.bpb_errors.append(m.text))
    page.goto(f"{site_url}book/{name}.html")
    wait_for_math(page)
    page.wait_for_function("() => window.bpbRun !== undefined")
    return page


def browser_outputs(page: Any) -> dict[int, list[dict[str, Any]]]:
    raw = page.evaluate("""() => JSON.stringify(Object.fromEntries(
        window.bpbRun.cells.map(c => [c.index, window.bpbRun.outputs(c.index)])))""")
    return {int(k): v for k, v in json.loads(raw).items()}


RUNNABLE = [name for name in chapters() if name not in ("how-quizzes-work", "progress")]


@pytest.mark.parametrize("name", RUNNABLE)
def test_chapter_runs_in_the_browser_like_its_notebook(
        name: str, site_url: str, run_context: Any) -> None:
    page = open_chapter(run_context, site_url, name)
    ok = page.evaluate("() => window.bpbRun.runAll()")
    outputs = browser_outputs(page)
    failed = {i: [o for o in outs or [] if o["output_type"] == "error"]
              for i, outs in outputs.items()}
    assert ok, {i: e for i, e in failed.items() if e}
    kinds = {c["index"]: c["kind"] for c in page.evaluate("() => window.bpbRun.cells")}
    nb = notebook(name)
    compared = 0
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code" or index not in kinds:
            continue
        code = "".join(cell["source"])
        assert outputs[index] is not None, f"cell {index} did not run"
        if ignores_output(code):
            continue
        got, stored = collect(outputs[index]), collect(cell["outputs"])
        mine, theirs = got.comparable(noise=True), stored.comparable(noise=True)
        assert mine == theirs, (f"{name}, cell {index} (browser, stored): "
                                f"{differences(mine, theirs)}\n{code}")
        compared += 1
    assert compared > 0
    assert run_context.bpb_external == []
    assert page.bpb_errors == []
    timings = page.evaluate("() => window.bpbRun.timings")
    print(f"\n{name}: ready {timings['readySeconds']:.1f} s, "
          f"{len(timings['runs'])} cells in {sum(r['seconds'] for r in timings['runs']):.1f} s")
    page.close()


def native(cells: list[str]) -> list[dict[str, Any]]:
    """The same cells through the website's kernel under CPython and the native package."""
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "site" / "run_cells.py")],
                          input=json.dumps(cells), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def code_cells(name: str) -> dict[int, str]:
    return {i: "".join(c["source"]) for i, c in enumerate(notebook(name)["cells"])
            if c["cell_type"] == "code"}


def set_code(page: Any, index: int, code: str) -> None:
    page.evaluate("([i, code]) => window.bpbRun.edit(i).then(ed => ed.setValue(code))",
                  [index, code])


def run_cell(page: Any, index: int) -> list[dict[str, Any]]:
    page.evaluate("(i) => window.bpbRun.runTo(i)", index)
    return page.evaluate("(i) => window.bpbRun.outputs(i)", index)  # type: ignore[no-any-return]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_edit_an_input_and_run_gives_what_the_package_computes(
        theme: str, site_url: str, new_page: Any) -> None:
    cells = code_cells("computational-graph")
    index = next(i for i, c in cells.items() if "example_graph(a=2.0, b=3.0)" in c)
    edited = cells[index].replace("example_graph(a=2.0, b=3.0)", "example_graph(a=-1.5, b=4.0)")
    page = new_page(dark=theme == "dark")
    page.goto(site_url + "book/computational-graph.html")
    wait_for_math(page)
    page.wait_for_function("() => window.bpbRun !== undefined")
    page.locator(f".bpb-cell-{index}").scroll_into_view_if_needed()
    screenshot(page, f"run-cell-before-{theme}")
    set_code(page, index, edited)
    got = run_cell(page, index)
    before = [cells[i] for i in sorted(cells) if i < index and
              page.evaluate("(i) => window.bpbRun.outputs(i) !== null", i)]
    expected = native([*before, edited])[-1]
    assert expected["ok"]
    assert collect(got).comparable() == collect(expected["outputs"]).comparable()
    text = page.locator(f".bpb-cell-{index} .cell_output").inner_text()
    assert "a = -1.5" in text and "o = " in text
    page.locator(f".bpb-cell-{index}").scroll_into_view_if_needed()
    screenshot(page, f"run-cell-after-{theme}")
    # Reset brings back the stored code and output
    page.locator(f".bpb-cell-{index} .bpb-reset").click()
    assert "a = 2\n" in page.locator(f".bpb-cell-{index} .cell_output").inner_text() + "\n"
    code = page.locator(f".bpb-cell-{index} .cell_input pre").inner_text()
    assert "example_graph(a=2.0, b=3.0)" in code
    assert page.bpb_external_requests == [] and page.bpb_errors == []


def test_an_exercise_answered_on_the_site_wrongly_then_rightly(
        site_url: str, new_page: Any) -> None:
    cells = code_cells("computational-graph")
    index = next(i for i, c in cells.items() if 'my_answers = {"∂e/∂a": None' in c)
    # the right numbers, from the native package: reverse mode on e's graph
    from backprop_core.engine.examples import exercise_graph

    ex = exercise_graph()
    ex["e"].backward()
    right = {"∂e/∂a": ex["a"].grad, "∂e/∂b": ex["b"].grad}
    page = new_page()
    page.goto(site_url + "book/computational-graph.html")
    page.wait_for_function("() => window.bpbRun !== undefined")
    wrong_code = cells[index].replace('{"∂e/∂a": None, "∂e/∂b": None}',
                                      f'{{"∂e/∂a": {right["∂e/∂a"] + 1}, "∂e/∂b": None}}')
    set_code(page, index, wrong_code)
    text = "".join(o.get("text", "") for o in run_cell(page, index))
    assert "∂e/∂a" in text
    assert "not yet (too large; right means within 0.1% of the book's value)" in text
    assert "not answered yet" in text
    right_code = cells[index].replace(
        '{"∂e/∂a": None, "∂e/∂b": None}',
        f'{{"∂e/∂a": {right["∂e/∂a"]!r}, "∂e/∂b": {right["∂e/∂b"]!r}}}')
    set_code(page, index, right_code)
    text = "".join(o.get("text", "") for o in run_cell(page, index))
    assert text.count(": right") == 2, text
    shown = page.locator(f".bpb-cell-{index} .cell_output").inner_text()
    assert shown.count(": right") == 2
    page.locator(f".bpb-cell-{index}").scroll_into_view_if_needed()
    screenshot(page, "run-exercise-right")
    assert page.bpb_external_requests == [] and page.bpb_errors == []


def test_keyboard_only_reach_edit_run_and_leave(site_url: str, new_page: Any) -> None:
    page = new_page()
    page.goto(site_url + "book/chain-rule.html")
    wait_for_math(page)
    page.wait_for_function("() => window.bpbRun !== undefined")
    first = page.evaluate("() => window.bpbRun.cells.find(c => c.kind === 'run').index")
    # Tab from the page's "Run all" panel onwards until the first cell's Edit button
    page.locator(".bpb-run-all").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.closest('.bpb-cell-{first}') !== null"
                         " && document.activeElement.classList.contains('bpb-edit')"):
            break
    else:
        pytest.fail("the first cell's Edit button is not reachable with Tab")
    page.keyboard.press("Enter")  # edit
    page.wait_for_selector(f".bpb-cell-{first} .CodeMirror-focused")
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type('print("typed by keyboard")')
    page.keyboard.press("Shift+Enter")  # run
    page.wait_for_function(
        f"() => (window.bpbRun.outputs({first}) || []).length > 0", timeout=RUN_ALL_TIMEOUT_MS)
    page.wait_for_function(
        f"() => document.querySelector('.bpb-cell-{first} .bpb-run-count').textContent !== '[*]'")
    assert "typed by keyboard" in page.locator(f".bpb-cell-{first} .cell_output").inner_text()
    # Tab indents inside the editor; Escape leaves it, onto the cell's Run button
    page.locator(f".bpb-cell-{first} .CodeMirror").click()
    page.keyboard.press("Tab")
    assert "    " in page.evaluate(f"() => window.bpbRun.code({first})")
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.activeElement.classList.contains('bpb-run')")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('bpb-reset')")
    assert page.bpb_external_requests == [] and page.bpb_errors == []


def first_cell_with_output(page: Any) -> tuple[int, str]:
    """The first runnable cell that shows a stored output, and that output's text."""
    index = page.evaluate("""() => window.bpbRun.cells.find(c => c.kind === 'run' &&
        document.querySelector(`.bpb-cell-${c.index} > .cell_output`)).index""")
    return index, page.locator(f".bpb-cell-{index} .cell_output").inner_text()


def test_without_webassembly_the_cell_says_so_and_keeps_its_output(
        site_url: str, new_page: Any) -> None:
    page = new_page()
    page.add_init_script("delete window.WebAssembly")
    page.goto(site_url + "book/computational-graph.html")
    page.wait_for_function("() => window.bpbRun !== undefined")
    index, stored = first_cell_with_output(page)
    page.locator(f".bpb-cell-{index} .bpb-run").click()
    status = page.locator(f".bpb-cell-{index} .bpb-cell-status")
    status.filter(has_text="cannot run Python").wait_for()
    assert "stored output is shown" in status.inner_text()
    assert page.locator(".bpb-run-panel .bpb-run-status").inner_text().startswith(
        "Python could not load")
    assert page.locator(f".bpb-cell-{index} .cell_output").inner_text() == stored
    assert page.bpb_external_requests == []


def test_a_runtime_that_cannot_load_is_reported_in_plain_words(
        site_url: str, new_page: Any) -> None:
    page = new_page(service_workers="block")  # the route sees the worker's own requests
    page.route("**/_runtime/pyodide/pyodide.js", lambda route: route.abort())
    page.goto(site_url + "book/computational-graph.html")
    page.wait_for_function("() => window.bpbRun !== undefined")
    index, stored = first_cell_with_output(page)
    page.locator(f".bpb-cell-{index} .bpb-run").click()
    status = page.locator(f".bpb-cell-{index} .bpb-cell-status")
    status.filter(has_text="could not load").wait_for(timeout=60_000)
    assert "the stored output is shown" in status.inner_text()
    assert page.locator(f".bpb-cell-{index} .cell_output").inner_text() == stored


# --- figures and glued values that answer Run (issues 21.6, 26.5) -------------------------

LIVE_FIGURES = """(selector) => Promise.all(Array.from(document.querySelectorAll(selector))
  .filter(img => img.src.startsWith('data:image/png'))
  .map(async img => {
    await img.decode().catch(() => null);
    img.scrollIntoView();
    return {png: img.src.split(',')[1], natural: img.naturalWidth,
            shown: img.getBoundingClientRect().width};
  }))"""


def smallest_text_px(figure: dict[str, Any]) -> float:
    """The smallest text of a figure drawn in the browser, in CSS px as shown (the rule of
    test_site_pages.assert_figures_legible, on live output)."""
    import base64
    import io

    from PIL import Image

    from backprop_core.figures.legibility import DPI_KEY, MIN_FONT_KEY, POINTS_PER_INCH

    with Image.open(io.BytesIO(base64.b64decode(figure["png"]))) as im:
        text = dict(getattr(im, "text", {}) or {})
    assert MIN_FONT_KEY in text and DPI_KEY in text, "a live figure without the figure hook's size"
    scale = figure["shown"] / figure["natural"]
    return float(text[MIN_FONT_KEY]) / POINTS_PER_INCH * float(text[DPI_KEY]) * scale


def glued_text(page: Any, key: str) -> list[str]:
    return page.eval_on_selector_all(f".bpb-glue-key--{key}", "els => els.map(e => e.textContent)")


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}], ids=["phone"])
def test_a_rerun_draws_its_figure_and_updates_the_glued_prose(
        viewport: dict[str, int], site_url: str, new_page: Any) -> None:
    from backprop_core.figures.legibility import MIN_TEXT_PX

    cells = code_cells("chain-rule")
    source = next(i for i, c in cells.items() if 'x = Value(1.5, "x")' in c)
    drawing = next(i for i, c in cells.items() if 'glue("fig_tangent", fig, display=False)' in c)
    page = new_page(viewport=viewport)
    page.goto(site_url + "book/chain-rule.html")
    wait_for_math(page)
    page.wait_for_function("() => window.bpbRun !== undefined")
    book = {key: glued_text(page, key) for key in ("x0", "df_x0")}
    assert book["x0"] and all(t == "1.5" for t in book["x0"])
    assert page.locator(f".bpb-cell-{drawing} > .cell_output img").count() == 0  # glued only
    set_code(page, source, cells[source].replace('Value(1.5, "x")', 'Value(2.0, "x")'))
    assert page.evaluate("(i) => window.bpbRun.runTo(i)", drawing)
    # the figure shows under the cell that drew it, legible on a phone
    live = page.evaluate(LIVE_FIGURES, f".bpb-cell-{drawing} > .cell_output img")
    assert len(live) == 1
    # the prose now says the reader's numbers, marked as theirs: f'(2) = 3·2² − 2 = 10
    assert glued_text(page, "x0") == ["2"] * len(book["x0"])
    assert glued_text(page, "df_x0") == ["10"] * len(book["df_x0"])
    marked = page.locator(".bpb-glue-key--df_x0.bpb-glue-mine")
    assert marked.count() == len(book["df_x0"])
    # and the glued figure is the reader's, marked, as legible as the stored one
    figure = page.locator("figure.bpb-glue-key--fig_tangent")
    assert "bpb-glue-mine" in (figure.get_attribute("class") or "")
    live += page.evaluate(LIVE_FIGURES, "figure.bpb-glue-key--fig_tangent img")
    assert len(live) == 2
    for fig in live:
        assert smallest_text_px(fig) >= MIN_TEXT_PX - 0.05
    marked.first.scroll_into_view_if_needed()
    screenshot(page, "run-glued-prose-mine-phone")
    # a way back to the book's value, and to the reader's again
    toggle = page.locator(".bpb-glue-key--x0 + .bpb-glue-toggle").first
    toggle.click()
    assert glued_text(page, "x0")[0] == "1.5"
    first_x0 = page.locator(".bpb-glue-key--x0").first
    assert "bpb-glue-mine" not in (first_x0.get_attribute("class") or "")
    toggle.click()
    assert glued_text(page, "x0")[0] == "2"
    # Reset of the cell that glued them: the book's values, unmarked, no toggle
    page.locator(f".bpb-cell-{source} .bpb-reset").click()
    assert glued_text(page, "x0") == book["x0"] and glued_text(page, "df_x0") == book["df_x0"]
    assert page.locator(".bpb-glue-key--x0 + .bpb-glue-toggle").count() == 0
    assert page.locator(".bpb-glue-mine").count() == 1  # the figure's cell was not reset
    assert page.bpb_external_requests == [] and page.bpb_errors == []


# --- edits kept in the browser (issue 26.3) ------------------------------------------------

def open_run_page(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => window.bpbRun !== undefined")


def test_an_edit_survives_reload_and_navigation_and_a_changed_book_cell_is_reported(
        site_url: str, new_page: Any) -> None:
    cells = code_cells("chain-rule")
    source = next(i for i, c in cells.items() if 'x = Value(1.5, "x")' in c)
    other = next(i for i in sorted(cells) if i > source and cells[i].strip())
    edited = cells[source].replace('Value(1.5, "x")', 'Value(2.0, "x")')
    url = site_url + "book/chain-rule.html"
    page = new_page()
    open_run_page(page, url)
    set_code(page, source, edited)
    set_code(page, other, "print('mine too')")
    # away to another chapter and back: both edits are there, the reader is told
    open_run_page(page, site_url + "book/batching.html")
    open_run_page(page, url)
    page.wait_for_selector(f".bpb-cell-{source} .CodeMirror")
    assert page.evaluate("(i) => window.bpbRun.code(i)", source) == edited
    assert page.evaluate("(i) => window.bpbRun.code(i)", other) == "print('mine too')"
    status = page.locator(f".bpb-cell-{source} .bpb-cell-status")
    assert "kept in this browser" in status.inner_text()
    # the book's cell changed since the edit: the reader chooses
    page.evaluate("""(i) => {
        const key = Object.keys(localStorage).find(k => k.endsWith(`chain-rule:${i}`));
        const kept = JSON.parse(localStorage.getItem(key));
        localStorage.setItem(key, JSON.stringify({...kept, base: '00000000'}));
    }""", source)
    page.reload()
    page.wait_for_function("() => window.bpbRun !== undefined")
    notice = page.locator(f".bpb-cell-{source} .bpb-edit-notice")
    assert "changed this cell" in notice.inner_text()
    assert 'Value(1.5, "x")' in page.evaluate("(i) => window.bpbRun.code(i)", source)
    notice.locator(".bpb-keep-mine").click()
    page.wait_for_function("(i) => window.bpbRun.code(i).includes('Value(2.0')", arg=source)
    page.reload()
    page.wait_for_function("() => window.bpbRun !== undefined")
    page.wait_for_selector(f".bpb-cell-{source} .CodeMirror")
    assert page.locator(".bpb-edit-notice").count() == 0  # the choice is remembered
    assert page.evaluate("(i) => window.bpbRun.code(i)", source) == edited
    # Reset forgets one cell's edit; "Reset my edits" the page's
    page.locator(f".bpb-cell-{source} .bpb-reset").click()
    page.reload()
    page.wait_for_function("() => window.bpbRun !== undefined")
    page.wait_for_selector(f".bpb-cell-{other} .CodeMirror", state="attached")  # hide-input: folded
    assert 'Value(1.5, "x")' in page.evaluate("(i) => window.bpbRun.code(i)", source)
    page.locator(".bpb-reset-edits").click()
    assert "mine too" not in page.evaluate("(i) => window.bpbRun.code(i)", other)
    assert page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('bpb-edit:'))") == []
    page.reload()
    page.wait_for_function("() => window.bpbRun !== undefined")
    assert page.locator(".CodeMirror").count() == 0
    assert page.bpb_external_requests == [] and page.bpb_errors == []


# --- Stop, and the time a running cell has taken (issues 26.4, 26.2) ----------------------

def test_stop_ends_a_looping_cell_and_the_next_run_starts_again(
        site_url: str, new_page: Any) -> None:
    page = new_page()
    open_run_page(page, site_url + "book/chain-rule.html")
    first = page.evaluate("() => window.bpbRun.cells.find(c => c.kind === 'run').index")
    set_code(page, first, "while True:\n    pass")
    button = page.locator(f".bpb-cell-{first} .bpb-run")
    button.click()
    status = page.locator(f".bpb-cell-{first} .bpb-cell-status")
    # the running cell shows how long it has run (after Python has loaded)
    status.filter(has_text="Running… 2 s").wait_for(timeout=RUN_ALL_TIMEOUT_MS)
    assert button.inner_text() == "■ Stop"
    button.click()
    status.filter(has_text="Stopped").wait_for()
    assert "next Run starts Python again" in status.inner_text()
    assert button.inner_text() == "▶ Run"
    assert page.locator(f".bpb-cell-{first} .bpb-run-count").inner_text() == "[ ]"
    set_code(page, first, "print('after stop')")
    assert page.evaluate("(i) => window.bpbRun.runTo(i)", first)
    assert "after stop" in page.locator(f".bpb-cell-{first} .cell_output").inner_text()
    assert page.bpb_external_requests == [] and page.bpb_errors == []


# --- smaller items (issue 26.8) ------------------------------------------------------------

def test_the_progress_page_has_no_run_panel(site_url: str, new_page: Any) -> None:
    """No code the reader sees: no Run all / Restart, and nothing that could load Python."""
    page = new_page()
    page.goto(site_url + "book/progress.html")
    page.wait_for_load_state("networkidle")
    assert page.locator(".bpb-run-panel").count() == 0
    assert page.locator("#bpb-notebook").count() == 0
    assert page.bpb_external_requests == [] and page.bpb_errors == []


def test_the_root_page_names_an_icon_that_exists(site_url: str, site_dir: Path,
                                                 new_page: Any) -> None:
    import re

    text = (site_dir / "index.html").read_text(encoding="utf-8")
    icon = re.search(r'<link rel="icon" href="([^"]+)"', text)
    assert icon and (site_dir / icon.group(1)).is_file(), text
    page = new_page()
    page.goto(site_url)
    page.wait_for_url("**/book/intro.html")
    assert page.bpb_errors == []
