"""A build-it-yourself exercise done on the website, in the page's in-browser Python.

The chain-rule chapter's exercise cell is edited like a reader would: first a plausible
wrong solution (the inner derivative forgotten), then a right one. The checker's replies
are the ones the native package gives (tests/practice checks every hint under CPython).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from support.browser import screenshot, wait_for_math

pytestmark = pytest.mark.browser
BOOK = Path(__file__).resolve().parents[2] / "book"


def exercise_cell(name: str, marker: str) -> tuple[int, str]:
    cells = json.loads((BOOK / f"{name}.ipynb").read_text())["cells"]
    return next((i, "".join(c["source"])) for i, c in enumerate(cells)
                if c["cell_type"] == "code" and marker in "".join(c["source"]))


def run_edited(page: Any, index: int, code: str) -> str:
    page.evaluate("([i, code]) => window.bpbRun.edit(i).then(ed => ed.setValue(code))",
                  [index, code])
    page.evaluate("(i) => window.bpbRun.runTo(i)", index)
    outputs = page.evaluate("(i) => window.bpbRun.outputs(i)", index)
    return "".join(o.get("text", "") for o in outputs)


def test_the_chain_rule_exercise_on_the_site(site_url: str, new_page: Any) -> None:
    index, code = exercise_cell("chain-rule", "result = check_chain_derivative(dy_dx)")
    stub = "    ...  # ← your code: u = x**2, v = math.sin(u), then multiply the three derivatives"
    assert stub in code
    page = new_page()
    page.set_default_timeout(420_000)  # the first run loads Python and runs the cells above
    page.goto(site_url + "book/chain-rule.html")
    wait_for_math(page)
    page.wait_for_function("() => window.bpbRun !== undefined")
    wrong = code.replace(stub, "    return math.exp(math.sin(x**2)) * math.cos(x**2)")
    text = run_edited(page, index, wrong)
    assert text.startswith("\u2718") and "the factor du/dx = 2x is missing" in text, text
    solution = "    u = x**2\n    return math.exp(math.sin(u)) * math.cos(u) * 2 * x"
    right = code.replace(stub, solution)
    text = run_edited(page, index, right)
    assert "\u2714 dy_dx: right." in text, text
    assert "\u2714" in page.locator(f".bpb-cell-{index} .cell_output").inner_text()
    page.locator(f".bpb-cell-{index}").scroll_into_view_if_needed()
    screenshot(page, "practice-exercise-right")
    assert page.bpb_external_requests == [] and page.bpb_errors == []
